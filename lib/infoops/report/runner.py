"""Run every notebook on a dataset with papermill and render each to HTML."""

from __future__ import annotations

import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from jupyter_client.manager import AsyncKernelManager

from .. import paths
from .index import index_html, make_manifest
from .inputs import dataset_name, load_dataset, notebooks, resolve_data


class IPCKernelManager(AsyncKernelManager):
    """Kernels reached over local sockets, not TCP ports: nothing listens on
    the network, and the kernel has no unencrypted-TCP warning to print."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.transport = "ipc"


def check_parameters(params: dict[str, Any], nbs: list[Path]) -> None:
    """Refuse a run parameter that no selected notebook takes (a typo would
    otherwise be recorded in the manifest as if it had been applied)."""
    import papermill as pm

    known = {k for nb in nbs for k in pm.inspect_notebook(str(nb))}
    unknown = sorted(set(params) - known - {"data_paths", "output_dir"})
    if unknown:
        raise ValueError(f"parameter(s) {', '.join(unknown)} not taken by any selected notebook "
                         f"(they take: {', '.join(sorted(known))})")


class NotebookFailed(RuntimeError):
    """A notebook stopped; the message names it and the failing cell."""


def parse_params(items: Iterable[str]) -> dict[str, Any]:
    """``name=value`` strings -> parameters; values parsed as JSON when they
    are (numbers, true/false; Python's True/False too), else kept as text."""
    out: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise ValueError(f"--param {item!r}: expected name=value")
        k, v = item.split("=", 1)
        if v.strip() in ("True", "False"):
            out[k.strip()] = v.strip() == "True"
            continue
        try:
            out[k.strip()] = json.loads(v)
        except json.JSONDecodeError:
            out[k.strip()] = v
    return out


@dataclass
class NotebookRun:
    """One executed notebook: where its outputs are and how long it took."""
    name: str
    executed: Path
    html: Path
    out_dir: Path
    seconds: float
    parameters: dict[str, Any]
    not_taken: list[str] = field(default_factory=list)  # run parameters this notebook does not take


def strip_run_metadata(executed: Path) -> None:
    """Drop what changes from run to run and machine to machine (papermill's
    timings and paths, kernel timestamps) from an executed notebook, so the
    same code and data give the same file; run times are in the manifest."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill gives it a random id
    nbformat.write(nb, executed)


# nbconvert's page fetches require.js and MathJax from a CDN, and mermaid when a
# page draws a diagram: none is used by these notebooks, and a page students
# read offline must not wait on the network.
_CDN_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=[\"']https?://[^\"']*[\"'][^>]*>\s*</script>", re.S | re.I)
_MERMAID_MODULE = re.compile(r"<script type=\"module\">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*?</script>", re.S)


def offline_html(page: str) -> str:
    """A rendered page without the scripts it would fetch from the network."""
    return _MERMAID_MODULE.sub("", _CDN_SCRIPT.sub("", page))


def _render_html(executed: Path, target: Path) -> None:
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    body, _ = HTMLExporter(template_name="lab", embed_images=True).from_notebook_node(nb)
    target.write_text(offline_html(body), encoding="utf-8")


def run_notebook(nb: Path, out_dir: Path, params: dict[str, Any], *, default_out: bool = False) -> NotebookRun:
    """Execute one notebook; ``default_out`` means ``out_dir`` is the folder
    the notebook picks by itself, so it is not passed (the executed notebook
    and its provenance then match a plain run, e.g. under nbval)."""
    import papermill as pm

    out_dir.mkdir(parents=True, exist_ok=True)
    accepted = pm.inspect_notebook(str(nb))
    given = {k: v for k, v in params.items() if k in accepted}
    not_taken = sorted(k for k in params if k not in accepted and k not in ("data_paths", "output_dir"))
    if not default_out:
        given["output_dir"] = str(out_dir)
    executed = out_dir / nb.name
    t0 = time.perf_counter()
    try:
        pm.execute_notebook(str(nb), str(executed), parameters=given, cwd=str(paths.NOTEBOOKS_DIR),
                            kernel_name="python3", progress_bar=False, kernel_manager_class=IPCKernelManager)
    except pm.PapermillExecutionError as exc:
        raise NotebookFailed(f"{nb.name} failed in cell [{exc.exec_count}]: {exc.ename}: {exc.evalue}\n"
                             f"(partial output: {executed})") from None
    seconds = time.perf_counter() - t0
    strip_run_metadata(executed)
    html_path = out_dir / f"{nb.stem}.html"
    _render_html(executed, html_path)
    return NotebookRun(nb.stem, executed, html_path, out_dir, seconds, given, not_taken)


def run_all(data_paths: str | list[str] | None, params: dict[str, Any] | None = None, out: Path | None = None,
            selected: Iterable[str] | None = None, progress: bool = True) -> Path:
    """Every notebook on one dataset; returns the report folder."""
    params = dict(params or {})
    data = resolve_data(data_paths)
    # Each notebook runs in a kernel of its own (papermill), so a Dataset cannot
    # be handed to it: every notebook loads the data again, from the Parquet
    # cache. Loading here first converts each file once (not once per
    # notebook), stops early with a plain message on unreadable input, and
    # gives the manifest each file's SHA-256.
    ds = load_dataset(data)
    default = paths.outputs_for(dataset_name(data))
    out = Path(out) if out else default
    out.mkdir(parents=True, exist_ok=True)
    params["data_paths"] = ",".join(str(p) for p in data) if data != [paths.SAMPLE_DIR] else ""
    nbs = notebooks(selected)
    if not nbs:
        raise ValueError(f"no notebooks selected among {[n.stem for n in notebooks()]}")
    check_parameters(params, nbs)
    runs: list[NotebookRun] = []
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(nbs), unit="notebook")
    for nb in nbs:
        if bar:
            bar.set_description(nb.stem)
        runs.append(run_notebook(nb, out / nb.stem, params, default_out=out.resolve() == default.resolve()))
        if runs[-1].not_taken:
            print(f"{nb.stem} does not take: {', '.join(runs[-1].not_taken)} (not applied there)", file=sys.stderr)
        if bar:
            bar.update(1)
    if bar:
        bar.close()
    manifest = make_manifest(ds, data, params, runs, out)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, default=str) + "\n")
    (out / "index.html").write_text(index_html(manifest, runs, out), encoding="utf-8")
    return out
