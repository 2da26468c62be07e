"""Tests of :mod:`infoops.notebooks.01_timing`."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import papermill as pm
import pytest

from infoops import paths

NB = paths.NOTEBOOKS_DIR / "01_timing.ipynb"


def run(tmp_path: Path, **params) -> tuple[nbformat.NotebookNode, Path]:
    out_dir = tmp_path / "out"
    out_nb = tmp_path / "executed.ipynb"
    pm.execute_notebook(str(NB), str(out_nb), parameters={"output_dir": str(out_dir), **params},
                        cwd=str(paths.NOTEBOOKS_DIR), kernel_name="python3", progress_bar=False)
    return nbformat.read(out_nb, as_version=4), out_dir


def _text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            parts.append(o.get("text", "") or "".join(o.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


def cut_sample(src: Path, dest: Path, before: str) -> Path:
    """A copy of a synthetic release whose tweets stop before ``before``."""
    shutil.copytree(src, dest)
    for f in dest.glob("*tweets*.csv"):
        with open(f, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        i = rows[0].index("tweet_time")
        keep = [rows[0]] + [r for r in rows[1:] if r[i] < before]
        with open(f, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(keep)
    return dest


def _assert_outside(nb, out_dir: Path) -> None:
    text = _text(nb)
    assert "LIES OUTSIDE THE DATA" in text
    cov = pd.read_csv(out_dir / "tables" / "coverage.csv")
    assert not cov["event_covered"].any() and cov["verdict"].str.contains("BEFORE the event").all()
    summary = pd.read_csv(out_dir / "tables" / "summary.csv")
    assert summary["level_change_at_event"].str.startswith("not estimable").all()
    figs = {p.name for p in (out_dir / "figures").iterdir()}
    # Never an event-effect figure from an empty window ...
    assert "its_fit.png" not in figs and "daily_volume_window.png" not in figs
    # ... but what the data can answer is still there.
    assert {"daily_volume.png", "silence.png", "account_lifecycles.png", "creation_weekly.png",
            "hour_weekday.png", "daily_volume.svg"} <= figs
    assert (out_dir / "tables" / "provenance.csv").exists()


def test_sample_cut_before_the_event(sample_release, tmp_path):
    data = cut_sample(sample_release, tmp_path / "cut", "2018-12-15")
    nb, out = run(tmp_path, data_paths=str(data))
    _assert_outside(nb, out)
    assert pd.read_csv(out / "tables" / "coverage.csv")["data"].eq("SYNTHETIC").all()


def test_real_excerpt_ending_before_the_event(realdata, tmp_path):
    nb, out = run(tmp_path, data_paths=str(realdata / "russia_201901_1_head407.csv"))
    _assert_outside(nb, out)
    cov = pd.read_csv(out / "tables" / "coverage.csv")
    assert "data" not in cov.columns  # real data: no synthetic label
    assert cov["tweets"].sum() == 407


@pytest.mark.parametrize("params,message", [
    ({"local_tz": "Mars/Olympus"}, "not in the time-zone database"),
    ({"event_date": "23/01/2019x"}, "is not a date"),
    ({"data_paths": "no/such/folder"}, "does not exist"),
])
def test_bad_parameters_stop_in_the_first_cells(tmp_path, params, message):
    with pytest.raises(pm.PapermillExecutionError) as e:
        run(tmp_path, **params)
    assert "ValueError" == e.value.ename and message in e.value.evalue
    assert e.value.exec_count <= 3  # injected parameters, defaults, setup


def test_folder_without_archive_files_stops_early(tmp_path):
    empty = tmp_path / "nothing_here"
    empty.mkdir()
    (empty / "notes.txt").write_text("x")
    with pytest.raises(pm.PapermillExecutionError) as e:
        run(tmp_path, data_paths=str(empty))
    assert "no archive tweets or users files found" in e.value.evalue and e.value.exec_count <= 3


def test_help_notebook_explains_every_parameter():
    out = subprocess.run([sys.executable, "-m", "papermill", "--help-notebook", str(NB)],
                         capture_output=True, text=True, check=True).stdout
    for name, words in [("data_paths", "SYNTHETIC sample"), ("event_date", "YYYY-MM-DD"),
                        ("window_days_before", "days before"), ("window_days_after", "days after"),
                        ("local_tz", "zone per campaign from its country"), ("output_dir", "figures and tables"),
                        ("seed", "seed"), ("campaign", "campaign name"), ("campaign_column", "campaign_inferred")]:
        assert name in out and words in out, name
