"""Run every notebook on a dataset and render a report students can read.

``infoops run DATA [--param name=value ...] [--out DIR]`` executes the
notebooks in order with papermill, renders each to HTML (figures embedded),
and writes, per dataset: the executed notebooks, their figures and tables
(written by the notebooks themselves), a ``manifest.json`` (parameters,
package versions, input file hashes, code hash, durations, synthetic or not)
and an ``index.html`` linking everything with figure thumbnails and each
notebook's summary table. All text that comes from the data is escaped.
"""

from __future__ import annotations

import hashlib
import html
import json
import platform
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from . import paths
from .notebook import PACKAGES, dataset_name, load_dataset, resolve_data


class NotebookFailed(RuntimeError):
    """A notebook stopped; the message names it and the failing cell."""


def notebooks(selected: Iterable[str] | None = None) -> list[Path]:
    nbs = sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    if selected:
        wanted = set(selected)
        nbs = [n for n in nbs if n.stem in wanted or n.name in wanted or n.stem[:2] in wanted]
    return nbs


def code_hash() -> str:
    """SHA-256 over the library's sources and the notebooks' code cells: what
    the committed outputs were made with."""
    import nbformat

    h = hashlib.sha256()
    for f in sorted((paths.PROJECT_ROOT / "lib" / "infoops").rglob("*.py")):
        h.update(f.relative_to(paths.PROJECT_ROOT).as_posix().encode())
        h.update(f.read_bytes())
    for nb in notebooks():
        h.update(nb.name.encode())
        for c in nbformat.read(nb, as_version=4).cells:
            if c.cell_type == "code":
                h.update(c.source.encode())
    return h.hexdigest()


def parse_params(items: Iterable[str]) -> dict[str, Any]:
    """``name=value`` strings -> parameters; values parsed as JSON when they
    are (numbers, true/false), else kept as text."""
    out: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise ValueError(f"--param {item!r}: expected name=value")
        k, v = item.split("=", 1)
        try:
            out[k.strip()] = json.loads(v)
        except json.JSONDecodeError:
            out[k.strip()] = v
    return out


@dataclass
class NotebookRun:
    name: str
    executed: Path
    html: Path
    out_dir: Path
    seconds: float
    parameters: dict[str, Any]


def _render_html(executed: Path, target: Path) -> None:
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    body, _ = HTMLExporter(template_name="lab", embed_images=True).from_notebook_node(nb)
    target.write_text(body, encoding="utf-8")


def run_notebook(nb: Path, out_dir: Path, params: dict[str, Any], *, default_out: bool = False) -> NotebookRun:
    """Execute one notebook; ``default_out`` means ``out_dir`` is the folder
    the notebook picks by itself, so it is not passed (the executed notebook
    and its provenance then match a plain run, e.g. under nbval)."""
    import papermill as pm

    out_dir.mkdir(parents=True, exist_ok=True)
    accepted = pm.inspect_notebook(str(nb))
    given = {k: v for k, v in params.items() if k in accepted}
    if not default_out:
        given["output_dir"] = str(out_dir)
    executed = out_dir / nb.name
    t0 = time.perf_counter()
    try:
        pm.execute_notebook(str(nb), str(executed), parameters=given, cwd=str(paths.NOTEBOOKS_DIR),
                            kernel_name="python3", progress_bar=False)
    except pm.PapermillExecutionError as exc:
        raise NotebookFailed(f"{nb.name} failed in cell [{exc.exec_count}]: {exc.ename}: {exc.evalue}\n"
                             f"(partial output: {executed})") from None
    seconds = time.perf_counter() - t0
    html_path = out_dir / f"{nb.stem}.html"
    _render_html(executed, html_path)
    return NotebookRun(nb.stem, executed, html_path, out_dir, seconds, given)


def run_all(data_paths: str | list[str] | None, params: dict[str, Any] | None = None, out: Path | None = None,
            selected: Iterable[str] | None = None, progress: bool = True) -> Path:
    """Every notebook on one dataset; returns the report folder."""
    params = dict(params or {})
    data = resolve_data(data_paths)
    ds = load_dataset(data)  # fails early, with a plain message, on unreadable input
    default = paths.outputs_for(dataset_name(data))
    out = Path(out) if out else default
    out.mkdir(parents=True, exist_ok=True)
    params["data_paths"] = ",".join(str(p) for p in data) if data != [paths.SAMPLE_DIR] else ""
    nbs = notebooks(selected)
    if not nbs:
        raise ValueError(f"no notebooks selected among {[n.stem for n in notebooks()]}")
    runs: list[NotebookRun] = []
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(nbs), unit="notebook")
    for nb in nbs:
        if bar:
            bar.set_description(nb.stem)
        runs.append(run_notebook(nb, out / nb.stem, params, default_out=out.resolve() == default.resolve()))
        if bar:
            bar.update(1)
    if bar:
        bar.close()
    manifest = make_manifest(ds, data, params, runs, out)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, default=str) + "\n")
    (out / "index.html").write_text(index_html(manifest, runs, out), encoding="utf-8")
    return out


def make_manifest(ds, data: list[Path], params: dict[str, Any], runs: list[NotebookRun], out: Path) -> dict:
    versions = {"python": platform.python_version()}
    for pkg in PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    rel = lambda p: Path(p).relative_to(out).as_posix()  # noqa: E731
    return {
        "dataset": dataset_name(data),
        "synthetic": ds.is_synthetic,
        "inputs": [{"file": Path(f).name if ds.is_synthetic else f, "sha256": s}
                   for f, s in zip(ds.files["file"], ds.files["sha256"])],
        "data_sha256": ds.fingerprint,
        "code_sha256": code_hash(),
        "parameters": {k: v for k, v in params.items() if k != "data_paths"} | {
            "data_paths": params.get("data_paths") or "(embedded synthetic sample)"},
        "versions": versions,
        "notebooks": [{"name": r.name, "html": rel(r.html), "executed": rel(r.executed),
                       "seconds": round(r.seconds, 1), "parameters": {k: v for k, v in r.parameters.items()
                                                                     if k not in ("output_dir", "data_paths")},
                       "figures": sorted(rel(p) for p in (r.out_dir / "figures").glob("*.png")),
                       "tables": sorted(rel(p) for p in (r.out_dir / "tables").glob("*.csv"))}
                      for r in runs],
    }


TITLES = {"01_timing": "Timing of activity around the event", "02_themes": "Content themes and their shift",
          "03_coordination": "Coordination signals against a baseline"}


def index_html(manifest: dict, runs: list[NotebookRun], out: Path) -> str:
    e = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>infoops report: {e(manifest['dataset'])}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
        ".synthetic{background:#fde8e8;border:2px solid #b30000;color:#b30000;padding:.6em 1em;font-weight:bold}"
        ".thumbs{display:flex;flex-wrap:wrap;gap:8px}.thumbs a{display:block;width:200px;text-align:center;"
        "font-size:12px;color:#444;text-decoration:none}.thumbs img{width:200px;height:140px;object-fit:contain;"
        "border:1px solid #ddd;background:#fff}table{border-collapse:collapse;font-size:12px;margin:.5em 0}"
        "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}"
        "section{border-top:1px solid #ddd;margin-top:1.5em}</style></head><body>",
        f"<h1>infoops report: {e(manifest['dataset'])}</h1>",
    ]
    if manifest["synthetic"]:
        parts.append("<p class='synthetic'>SYNTHETIC DATA: every result below comes from a generated dataset "
                     "with planted signals. Nothing here describes real accounts.</p>")
    parts.append(f"<p>Inputs: {len(manifest['inputs'])} file(s), data SHA-256 <code>{e(manifest['data_sha256'][:16])}"
                 f"…</code>; code SHA-256 <code>{e(manifest['code_sha256'][:16])}…</code>. "
                 "<a href='manifest.json'>manifest.json</a> lists parameters, versions, hashes and durations.</p>")
    for r, m in zip(runs, manifest["notebooks"]):
        parts.append(f"<section><h2>{e(TITLES.get(r.name, r.name))}</h2>")
        parts.append(f"<p><a href='{e(m['html'])}'>Read the rendered notebook</a> · "
                     f"<a href='{e(m['executed'])}'>executed .ipynb</a> · {len(m['tables'])} tables · "
                     f"ran in {m['seconds']:.0f} s</p>")
        summary = r.out_dir / "tables" / "summary.csv"
        if summary.exists():
            df = pd.read_csv(summary)
            parts.append("<h3>Key results</h3>" + df.to_html(index=False, escape=True, border=0,
                                                               na_rep="", max_cols=12))
        parts.append("<div class='thumbs'>")
        for fig in m["figures"]:
            name = Path(fig).stem.replace("_", " ")
            parts.append(f"<a href='{e(fig)}'><img src='{e(fig)}' alt='{e(name)}' loading='lazy'>{e(name)}</a>")
        parts.append("</div>")
        tables = ", ".join(f"<a href='{e(t)}'>{e(Path(t).stem)}</a>" for t in m["tables"])
        parts.append(f"<p style='font-size:12px'>Tables (CSV): {tables}</p></section>")
    parts.append("</body></html>")
    return "\n".join(parts)
