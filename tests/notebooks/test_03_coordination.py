"""Tests of :mod:`infoops.notebooks.03_coordination`."""

from __future__ import annotations

import nbformat
import pandas as pd
import papermill as pm
import pytest

from infoops import paths

NB = paths.NOTEBOOKS_DIR / "03_coordination.ipynb"


@pytest.mark.parametrize("params,message", [
    ({"retweet_window": -5.0}, "retweet_window must be > 0"),
    ({"n_null": 2}, "n_null must be"),
    ({"near_duplicate_threshold": 1.5}, "near_duplicate_threshold must be"),
    ({"permutation_check": "no"}, "permutation_check must be True or False"),
])
def test_notebook_bad_parameters_stop_early(tmp_path, params, message):
    with pytest.raises(pm.PapermillExecutionError) as e:
        pm.execute_notebook(str(NB), str(tmp_path / "x.ipynb"), parameters={"output_dir": str(tmp_path), **params},
                            cwd=str(paths.NOTEBOOKS_DIR), kernel_name="python3", progress_bar=False)
    assert message in e.value.evalue and e.value.exec_count <= 3


def test_notebook_on_real_excerpt_with_a_control_dataset(realdata, tmp_path, sample_release):
    """Real excerpt as the data, the synthetic control set as an external
    control dataset: runs to the end, writes its tables, and names the control."""
    ctrl = tmp_path / "controls"
    ctrl.mkdir()
    for f in sample_release.glob("synthetic_control_*"):
        (ctrl / f.name).write_bytes(f.read_bytes())
    out = tmp_path / "out"
    pm.execute_notebook(str(NB), str(tmp_path / "x.ipynb"),
                        parameters={"output_dir": str(out), "data_paths": str(realdata / "russia_201901_1_head407.csv"),
                                    "control_paths": str(ctrl), "n_null": 5},
                        cwd=str(paths.NOTEBOOKS_DIR), kernel_name="python3", progress_bar=False)
    nb = nbformat.read(tmp_path / "x.ipynb", as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "control campaigns (baseline): synthetic_control_201901" in text
    s = pd.read_csv(out / "tables" / "signals_vs_null.csv")
    assert len(s) == 15 and {"pairs_tested", "permutation_null_max_weight"} <= set(s.columns)
    assert (out / "tables" / "verdicts.csv").exists() and (out / "figures" / "signals_vs_null.svg").exists()
