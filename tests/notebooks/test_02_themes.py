"""Tests of :mod:`infoops.notebooks.02_themes`."""

from __future__ import annotations

import nbformat
import pandas as pd
import papermill as pm
import pytest

from infoops import paths

NB = paths.NOTEBOOKS_DIR / "02_themes.ipynb"


def _run(tmp_path, **params):
    out = tmp_path / "out"
    pm.execute_notebook(str(NB), str(tmp_path / "x.ipynb"), parameters={"output_dir": str(out), **params},
                        cwd=str(paths.NOTEBOOKS_DIR), kernel_name="python3", progress_bar=False)
    return nbformat.read(tmp_path / "x.ipynb", as_version=4), out


def test_notebook_runs_on_the_real_excerpts(realdata, tmp_path):
    nb, out = _run(tmp_path, data_paths=f"{realdata / 'russia_201901_1_head407.csv'},"
                                        f"{realdata / 'mixed_2020_2021_releases_sample650.csv'}",
                   max_docs_map=300)
    assert (out / "tables" / "topics.csv").exists() and (out / "tables" / "top_hashtags.csv").exists()
    langs = pd.read_csv(out / "tables" / "languages.csv")
    assert {"ar", "en"} <= set(langs["tweet_language"])
    assert "data" not in langs.columns  # real data, not stamped synthetic
    assert (out / "figures" / "topic_map.svg").exists()


@pytest.mark.parametrize("params,message", [
    ({"embedding": "word2vec"}, "embedding must be"),
    ({"n_topics": -1}, "n_topics must be"),
    ({"max_docs_map": 5}, "max_docs_map must be"),
])
def test_bad_parameters_stop_early(tmp_path, params, message):
    with pytest.raises(pm.PapermillExecutionError) as e:
        _run(tmp_path, **params)
    assert message in e.value.evalue and e.value.exec_count <= 3
