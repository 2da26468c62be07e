"""Tests of :mod:`infoops.report.runner`."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from helpers import check_links

from infoops.report import runner as report


def _hostile_release(src: Path, dest: Path) -> Path:
    """Two campaigns of the sample, with script-like text in many tweets."""
    dest.mkdir()
    for f in src.iterdir():
        if f.name.startswith(("synthetic_venezuela_201901_1", "synthetic_control")) or f.name in (
                "SYNTHETIC_DATA.txt", "README.md"):
            shutil.copy(f, dest / f.name)
    f = dest / "synthetic_venezuela_201901_1_tweets_csv_hashed_1.csv"
    with open(f, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    i = rows[0].index("tweet_text")
    for r in rows[1::2]:
        r[i] = r[i] + " <script>alert(1)</script> <img src=x onerror=alert(2)>"
    with open(f, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    return dest


def test_parse_params():
    assert report.parse_params(["event_date=2019-01-23", "n_null=5", "drop_retweets=false", "x=a=b"]) == {
        "event_date": "2019-01-23", "n_null": 5, "drop_retweets": False, "x": "a=b"}
    # Python's spelling of the booleans is taken too (a notebook's parameters cell uses it)
    assert report.parse_params(["permutation_check=False", "a=True", "b=Falsey"]) == {
        "permutation_check": False, "a": True, "b": "Falsey"}
    with pytest.raises(ValueError, match="name=value"):
        report.parse_params(["oops"])


def test_run_with_other_parameters_two_campaigns_and_hostile_text(sample_release, tmp_path):
    data = _hostile_release(sample_release, tmp_path / "release")
    out = report.run_all([str(data)], {"event_date": "2018-11-15", "window_days_before": 30,
                                       "window_days_after": 30, "n_null": 5, "max_docs_map": 500},
                         tmp_path / "report", progress=False)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["synthetic"] and len(manifest["notebooks"]) == 3
    assert manifest["parameters"]["event_date"] == "2018-11-15"
    for nb in manifest["notebooks"]:
        folder = out / nb["name"]
        assert (folder / f"{nb['name']}.html").exists() and (folder / f"{nb['name']}.ipynb").exists()
        assert len(list((folder / "figures").glob("*.png"))) >= 3
        assert len(list((folder / "figures").glob("*.svg"))) >= 3
        assert (folder / "tables" / "summary.csv").exists() and (folder / "tables" / "provenance.csv").exists()
    cov = pd.read_csv(out / "01_timing" / "tables" / "coverage.csv")
    assert set(cov["campaign"]) == {"synthetic_venezuela_201901_1", "synthetic_control_201901"}
    assert cov["event_covered"].all()  # 2018-11-15 lies inside the data
    # hostile text is shown as text, never as markup
    pages = [out / "index.html"] + [out / n["name"] / f"{n['name']}.html" for n in manifest["notebooks"]]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in text, page
        assert "<img src=x onerror" not in text, page
        check_links(page)
    themes_page = (out / "02_themes" / "02_themes.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in themes_page  # it is there, escaped


def test_a_failing_notebook_is_named_with_its_cell(tmp_path):
    with pytest.raises(report.NotebookFailed, match=r"01_timing\.ipynb failed in cell \[\d+\]: ValueError: .*Mars"):
        report.run_all(None, {"local_tz": "Mars/Olympus"}, tmp_path / "r", selected=["01_timing"], progress=False)


def test_rendered_pages_drop_the_cdn_scripts():
    page = ('<head><script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js"\n'
            '   integrity="x" crossorigin="anonymous"></script><script>var local = 1;</script></head>'
            '<script type="module">\n const m = (await import("https://cdn/mermaid.esm.min.mjs")); </script><p>kept</p>')
    assert report.offline_html(page) == "<head><script>var local = 1;</script></head><p>kept</p>"
