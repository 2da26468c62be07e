"""The steps whose numbers drifted between machines give the same numbers when
NumPy and OpenBLAS take the code paths of another CPU.

Each check runs a small script twice in fresh processes: once as this machine
runs it, once with NumPy's vector extensions switched off, OpenBLAS told it is
on a Haswell and limited to one thread (what an older or smaller machine
does). Before the fixes, UMAP maps moved by tens of units, NMF's
reconstruction error changed in the 7th digit, and a placebo date's model
converged on one and not on the other.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import textwrap

import pytest

try:  # NumPy 2 (the project allows 1.26, where the module sat under numpy.core)
    from numpy._core import _multiarray_umath as npcore
except ImportError:  # pragma: no cover
    from numpy.core import _multiarray_umath as npcore

from infoops import paths


def other_cpu_env() -> dict[str, str]:
    """This environment, with NumPy and OpenBLAS on another CPU's code paths."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    found = [f for f in npcore.__cpu_dispatch__ if npcore.__cpu_features__.get(f)]
    if found:
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(found)
    if platform.machine() in ("x86_64", "AMD64"):
        env["OPENBLAS_CORETYPE"] = "Haswell"
    return env


def run_both(code: str) -> tuple[str, str]:
    """``code``'s output here and on the other CPU paths."""
    script = textwrap.dedent(code)

    def run(env):
        out = subprocess.run([sys.executable, "-c", script], env=env, cwd=paths.PROJECT_ROOT,
                             capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, out.stderr[-2000:]
        return out.stdout

    return run(dict(os.environ)), run(other_cpu_env())


def test_the_other_paths_really_differ():
    # Without this, the tests below would pass on a machine where the
    # environment changed nothing.
    here, other = run_both("""
        from umap.umap_ import find_ab_params
        print(repr(find_ab_params(1.0, 0.1)))
    """)
    if here == other:
        pytest.skip("this CPU has no vector path that NumPy could switch off")
    assert here != other


def test_umap_map_is_the_same():
    here, other = run_both("""
        import hashlib
        import infoops
        import scipy.sparse as sp
        from infoops.themes.embeddings import umap_map
        X = sp.random(400, 300, density=0.05, random_state=0, format="csr")
        print(hashlib.sha256(umap_map(X, seed=0).tobytes()).hexdigest())
    """)
    assert here == other


def test_topic_selection_is_the_same():
    here, other = run_both("""
        import numpy as np, pandas as pd
        import infoops.outputs
        from infoops.themes.topics import fit_topics
        rng = np.random.default_rng(0)
        topics = [[f"topic{t}word{w}" for w in range(30)] for t in range(4)]
        common = [f"common{w}" for w in range(200)]
        docs = pd.Series([" ".join(list(rng.choice(topics[i % 4], 6)) + list(rng.choice(common, 6)))
                          for i in range(600)])
        m = fit_topics(docs, k_range=(3, 4, 5), min_df=3, seed=0)
        print(m.selection.to_csv(float_format=infoops.outputs.FLOAT_FORMAT))  # as tables are saved
    """)
    assert here == other


def test_negative_binomial_fits_are_the_same():
    here, other = run_both("""
        import numpy as np, pandas as pd
        import infoops
        from infoops.timing.its import its_fit
        rng = np.random.default_rng(1)
        days = pd.date_range("2018-11-01", periods=80, freq="D")
        mu = 40 * np.exp(0.3 * (days >= "2019-01-01"))
        for alpha in (0.05, 1e-4):   # overdispersed, and nearly Poisson
            y = rng.negative_binomial(1 / alpha, 1 / (1 + alpha * mu))
            fit = its_fit(pd.DataFrame({"day": days, "count": y}), pd.Timestamp("2019-01-01"))
            print(fit[["term", "estimate", "p_value"]].map(lambda v: f"{v:.9g}" if isinstance(v, float) else v)
                  .to_csv(), bool(fit["converged"].iloc[0]))
    """)
    assert here == other
