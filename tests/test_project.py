"""Project-level checks: the conda environment matches pyproject.toml, the CI
script runs the README's test command, and lib/ is not ignored by git."""

from __future__ import annotations

import re
import subprocess
import tomllib

import yaml

from infoops import paths

ROOT = paths.PROJECT_ROOT


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    assert m, req
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = py["optional-dependencies"]
    wanted = dict(_split(r) for r in py["dependencies"] + extras["test"] + extras["multilingual"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    got: dict[str, str] = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            got.update(_split(r) for r in dep["pip"])
        else:
            name, spec = _split(dep)
            if name not in ("python", "pip"):
                got[name] = spec
    assert got == wanted
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert _split(python)[1] == py["requires-python"]


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make run" in readme
    assert re.search(r"^make test$", ci, re.M)


def test_lib_is_not_git_ignored():
    out = subprocess.run(["git", "check-ignore", "-q", "lib/infoops/reader.py"], cwd=ROOT)
    assert out.returncode == 1  # 1 = not ignored


def test_every_notebook_documents_every_parameter():
    """papermill --help-notebook shows a type and a help text for each
    parameter of each notebook (help comments must avoid quotes and ';')."""
    import papermill as pm

    for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        params = pm.inspect_notebook(str(nb))
        assert {"data_paths", "output_dir", "seed"} <= set(params), nb.name
        for name, info in params.items():
            assert info["help"].strip() and info["inferred_type_name"] != "None", (nb.name, name)


def test_synthetic_tables_are_always_marked(tmp_path):
    import pandas as pd

    from infoops import outputs

    for df in (pd.DataFrame({"x": [1]}), pd.DataFrame({"data": ["2018 to 2019"], "x": [1]})):
        p = outputs.save_table(df, "t", tmp_path, synthetic=True)
        t = pd.read_csv(p)
        assert (t.iloc[:, 0] == "SYNTHETIC").all()
        assert "SYNTHETIC" not in pd.read_csv(outputs.save_table(df, "r", tmp_path, synthetic=False)).to_string()
