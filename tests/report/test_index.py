"""Tests of :mod:`infoops.report.index`."""

from __future__ import annotations

import json
import re

import pandas as pd
from helpers import check_links

import infoops
from infoops import paths
from infoops.report.inputs import ensure_sample, notebooks
from infoops.report.provenance import code_hash

SAMPLE_REPORT = paths.OUTPUTS_DIR / "sample"






def test_committed_sample_report_is_current():
    """outputs/sample was made by `make run` with the current code and data:
    rerun it (and commit) after changing lib/ or a notebook."""
    manifest = json.loads((SAMPLE_REPORT / "manifest.json").read_text())
    assert manifest["code_sha256"] == code_hash(), "outputs/sample is stale: run `make run` and commit"
    ds = infoops.load(ensure_sample(), progress=False)
    assert manifest["data_sha256"] == ds.fingerprint and manifest["synthetic"] is True
    assert [n["name"] for n in manifest["notebooks"]] == [n.stem for n in notebooks()]
    # nothing that differs between two runs of the same code on the same data (a re-run of
    # `make run` must leave git status clean): no wall times
    assert not re.search(r'"(seconds|elapsed|duration|time)"', (SAMPLE_REPORT / "manifest.json").read_text())


def test_committed_report_pages_show_their_figures_with_no_broken_links():
    index = SAMPLE_REPORT / "index.html"
    assert check_links(index) >= 20  # thumbnails of every figure
    assert "SYNTHETIC DATA" in index.read_text()
    for nb in notebooks():
        page = SAMPLE_REPORT / nb.stem / f"{nb.stem}.html"
        assert check_links(page) >= 3, page  # figures embedded in the rendered notebook


def test_committed_pages_fetch_nothing_from_the_network(tmp_path):
    from helpers import network_resources

    pages = [SAMPLE_REPORT / "index.html"] + [SAMPLE_REPORT / nb.stem / f"{nb.stem}.html" for nb in notebooks()]
    for page in pages:
        assert network_resources(page) == [], page
    # the check itself catches a page that would: a copy with a CDN script and a remote image
    broken = tmp_path / "broken.html"
    text = pages[1].read_text(encoding="utf-8")
    broken.write_text(text.replace("</head>", '<script src="https://cdn.example.org/x.js"></script></head>', 1)
                      .replace("<body", '<body><img src="//img.example.org/a.png">', 1), encoding="utf-8")
    assert network_resources(broken) == ["https://cdn.example.org/x.js", "//img.example.org/a.png"]


def test_key_results_have_one_column_per_campaign():
    from infoops.report.index import key_results

    summary = pd.DataFrame({"data": ["SYNTHETIC"] * 2, "campaign": ["camp_a", "camp_b"],
                            "level_change_at_event": ["x1.2 (95% CI 1.0-1.4)", "n/a"], "share": [0.25, 10.0]})
    html = key_results(summary)
    heads = re.findall(r'class="col_heading level0 col\d" >(.*?)</th>', html)
    assert heads == ["camp_<wbr>a", "camp_<wbr>b"]
    assert "level_<wbr>change_<wbr>at_<wbr>event" in html and ">10</td>" in html and "SYNTHETIC" not in html
