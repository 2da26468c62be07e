"""Tests of :mod:`infoops.report.index`."""

from __future__ import annotations

import base64
import json
from html.parser import HTMLParser
from pathlib import Path

import infoops
from infoops import paths
from infoops.report.inputs import ensure_sample, notebooks
from infoops.report.provenance import code_hash

SAMPLE_REPORT = paths.OUTPUTS_DIR / "sample"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.srcs: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img" and a.get("src"):
            self.srcs.append(a["src"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])


def check_links(page: Path) -> int:
    """Every image and local link of an HTML page resolves; returns the
    number of images checked."""
    p = Links()
    p.feed(page.read_text(encoding="utf-8"))
    for src in p.srcs:
        if src.startswith("data:image/png;base64,"):
            assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n", page
        elif src.startswith("data:"):
            assert src.startswith("data:image/"), (page, src[:40])
        else:
            assert (page.parent / src).is_file(), (page, src)
    for href in p.hrefs:
        if href.startswith(("http://", "https://", "#", "mailto:")):
            continue
        assert (page.parent / href.split("#")[0]).exists(), (page, href)
    return len(p.srcs)


def test_committed_sample_report_is_current():
    """outputs/sample was made by `make run` with the current code and data:
    rerun it (and commit) after changing lib/ or a notebook."""
    manifest = json.loads((SAMPLE_REPORT / "manifest.json").read_text())
    assert manifest["code_sha256"] == code_hash(), "outputs/sample is stale: run `make run` and commit"
    ds = infoops.load(ensure_sample(), progress=False)
    assert manifest["data_sha256"] == ds.fingerprint and manifest["synthetic"] is True
    assert [n["name"] for n in manifest["notebooks"]] == [n.stem for n in notebooks()]


def test_committed_report_pages_show_their_figures_with_no_broken_links():
    index = SAMPLE_REPORT / "index.html"
    assert check_links(index) >= 20  # thumbnails of every figure
    assert "SYNTHETIC DATA" in index.read_text()
    for nb in notebooks():
        page = SAMPLE_REPORT / nb.stem / f"{nb.stem}.html"
        assert check_links(page) >= 3, page  # figures embedded in the rendered notebook
