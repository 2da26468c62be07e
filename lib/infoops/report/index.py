"""The report's manifest and ``index.html``: everything a run made, linked.
All text that comes from the data is escaped."""

from __future__ import annotations

import html
import platform
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import outputs
from .inputs import dataset_name
from .provenance import PACKAGES, code_hash

if TYPE_CHECKING:
    from .runner import NotebookRun


def make_manifest(ds, data: list[Path], params: dict[str, Any], runs: list[NotebookRun], out: Path) -> dict:
    """The run's manifest: dataset, inputs and hashes, parameters, versions, notebooks and their outputs."""
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
        # no wall times: they differ on every run, and the manifest of the
        # embedded sample is committed (a re-run must leave git status clean)
        "notebooks": [{"name": r.name, "html": rel(r.html), "executed": rel(r.executed),
                       "parameters": {k: v for k, v in r.parameters.items()
                                      if k not in ("output_dir", "data_paths")},
                       "parameters_not_taken": r.not_taken,
                       "figures": sorted(rel(p) for p in (r.out_dir / "figures").glob("*.png")),
                       "tables": sorted(rel(p) for p in (r.out_dir / "tables").glob("*.csv"))}
                      for r in runs],
    }


TITLES = {"01_timing": "Timing of activity around the event", "02_themes": "Content themes and their shift",
          "03_coordination": "Coordination signals against a baseline"}


def key_results(summary: pd.DataFrame) -> str:
    """A notebook's summary table as HTML, one column per campaign and one
    row per result, so it fits the page whatever the number of results."""
    df = summary.drop(columns=[c for c in ("data", "data_label") if c in summary.columns])
    df = df.astype(object).map(lambda v: "" if pd.isna(v) else outputs.number_text(v) if isinstance(v, float) else v)
    if "campaign" in df.columns:
        df = df.set_index("campaign").T
        df.columns.name = None
    return outputs.table_html(df)


def index_html(manifest: dict, runs: list[NotebookRun], out: Path) -> str:
    """The report's front page: synthetic banner, each notebook's key results, figures and tables."""
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
                 "<a href='manifest.json'>manifest.json</a> lists parameters, versions and hashes.</p>")
    for r, m in zip(runs, manifest["notebooks"]):
        parts.append(f"<section><h2>{e(TITLES.get(r.name, r.name))}</h2>")
        parts.append(f"<p><a href='{e(m['html'])}'>Read the rendered notebook</a> · "
                     f"<a href='{e(m['executed'])}'>executed .ipynb</a> · {len(m['tables'])} tables "
                     "(run times: manifest.json)</p>")
        summary = r.out_dir / "tables" / "summary.csv"
        if summary.exists():
            parts.append("<h3>Key results</h3>" + key_results(pd.read_csv(summary)))
        parts.append("<div class='thumbs'>")
        for fig in m["figures"]:
            name = Path(fig).stem.replace("_", " ")
            parts.append(f"<a href='{e(fig)}'><img src='{e(fig)}' alt='{e(name)}' loading='lazy'>{e(name)}</a>")
        parts.append("</div>")
        tables = ", ".join(f"<a href='{e(t)}'>{e(Path(t).stem)}</a>" for t in m["tables"])
        parts.append(f"<p style='font-size:12px'>Tables (CSV): {tables}</p></section>")
    parts.append("</body></html>")
    return "\n".join(parts)
