"""The rendered report as a student reads it: in a real browser.

Debian's headless Chromium (``make test`` installs it when missing; another
path through ``INFOOPS_CHROMIUM``), driven by Playwright, opens
``outputs/sample/index.html`` and every page it links, served on localhost at
1,400 px. Asserted on every page: no request leaves localhost, no request
fails, no console error, every image decodes, and no table, image or figure
is wider than the page. A broken copy of the report shows that each check
can fail.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from infoops import paths

CHROMIUM = Path(os.environ.get("INFOOPS_CHROMIUM", "/usr/bin/chromium"))
REPORT = paths.PROJECT_ROOT / "outputs" / "sample"
WIDTH = 1400
# Chromium's own background traffic off: this machine's network is closed,
# and a report must not need it anyway.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps"]

# What the page knows that Python cannot: decoded images and laid-out widths.
PAGE_CHECKS = r"""async () => {
  const problems = [];
  const images = Array.from(document.images);
  for (const img of images) { img.loading = 'eager'; }
  await Promise.all(images.map(async (img, i) => {
    try { await img.decode(); } catch (e) { }
    if (!img.complete || img.naturalWidth === 0) {
      problems.push(`image ${i + 1} not decoded: ${img.getAttribute('src').slice(0, 80)}`);
    }
  }));
  const page = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > page + 1) {
    problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} px wide in ${page} px`);
  }
  document.querySelectorAll('table, img, svg, figure').forEach((el, i) => {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && (box.width > page + 1 || box.right > page + 1 || box.left < -1)) {
      const what = el.tagName.toLowerCase();
      const head = (el.innerText || '').replace(/\s+/g, ' ').trim().slice(0, 60);
      problems.push(`${what} wider than the page (${Math.round(box.width)} px, right edge at ` +
                    `${Math.round(box.right)} of ${page} px): ${head || el.getAttribute('src') || ''}`);
    }
  });
  return problems;
}"""


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """``root`` served on a free localhost port, for as long as the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the test reports what matters
        pass


def check_report(root: Path, index: str = "index.html") -> dict[str, list[str]]:
    """Problems per page (index first, then every local page it links)."""
    from playwright.sync_api import sync_playwright

    problems: dict[str, list[str]] = {}
    with serve(root) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        context = browser.new_context(viewport={"width": WIDTH, "height": 900})
        origin = urlparse(base).netloc

        def visit(url: str) -> list[str]:
            found: list[str] = []
            page = context.new_page()

            def route(r):
                if urlparse(r.request.url).netloc not in (origin, "") and not r.request.url.startswith("data:"):
                    found.append(f"network request: {r.request.url}")
                    return r.abort()
                return r.continue_()

            page.route("**/*", route)
            page.on("console", lambda m: found.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: found.append(f"script error: {e}"))
            page.on("requestfailed", lambda r: found.append(f"request failed: {r.url} ({r.failure})")
                    if urlparse(r.url).netloc == origin else None)
            page.on("response", lambda r: found.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
            page.goto(url, wait_until="load")
            found += page.evaluate(PAGE_CHECKS)
            page.wait_for_load_state("networkidle")
            links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
            page.close()
            problems[url.removeprefix(base) or index] = found
            return links

        links = visit(base + index)
        pages = sorted({link.split("#")[0] for link in links
                        if link.startswith(base) and link.split("#")[0].endswith(".html")} - {base + index})
        for url in pages:
            visit(url)
        browser.close()
    return problems


def _need_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium, or set "
                    "INFOOPS_CHROMIUM to a Chromium binary")


def test_every_page_of_the_sample_report_works_offline_and_fits():
    _need_chromium()
    problems = check_report(REPORT)
    assert len(problems) == 4, f"index and its three notebook pages expected, got {sorted(problems)}"
    assert {p: found for p, found in problems.items() if found} == {}


def test_a_broken_copy_fails(tmp_path: Path):
    _need_chromium()
    copy = tmp_path / "report"
    shutil.copytree(REPORT, copy, ignore=shutil.ignore_patterns("tables", "*.svg", "*.ipynb"))
    page = copy / "02_themes" / "02_themes.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</head>", '<script src="https://cdn.jsdelivr.net/npm/require.js"></script>'
                                           "</head>", 1), encoding="utf-8")
    (copy / "01_timing" / "figures" / "daily_volume.png").unlink()  # an image the index shows
    (copy / "index.html").write_text((copy / "index.html").read_text(encoding="utf-8").replace(
        "</body>", f'<table><tr><td><div style="width:{WIDTH + 300}px">wide</div></td></tr></table></body>'),
        encoding="utf-8")
    problems = check_report(copy)
    index, themes = problems["index.html"], problems["02_themes/02_themes.html"]
    assert any("daily_volume.png" in p and p.startswith("image") for p in index), index
    assert any(p.startswith("HTTP 404") and "daily_volume.png" in p for p in index), index
    assert any(p.startswith("table wider than the page") for p in index), index
    assert any(p == "network request: https://cdn.jsdelivr.net/npm/require.js" for p in themes), themes
    assert problems["01_timing/01_timing.html"] == [] and problems["03_coordination/03_coordination.html"] == []
