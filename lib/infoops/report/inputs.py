"""A notebook's inputs: which files (the embedded sample when none), loaded
once, and where its outputs go."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

from .. import paths
from ..archive.dataset import Dataset
from ..archive.reader import load
from ..errors import ArchiveError


def ensure_sample() -> Path:
    """The embedded synthetic sample, generated (deterministically) if absent."""
    if not (paths.SAMPLE_DIR / "ground_truth" / "truth.json").exists():
        from ..synthetic import SyntheticConfig, generate_release

        generate_release(paths.SAMPLE_DIR, SyntheticConfig())
    return paths.SAMPLE_DIR


def resolve_data(data_paths: str | Iterable[str] | None) -> list[Path]:
    """Notebook ``data_paths`` -> existing paths. Empty means the embedded
    synthetic sample; several paths may be given as a list or separated by
    commas. Paths are taken relative to the project root when not absolute."""
    if data_paths is None or (isinstance(data_paths, str) and not data_paths.strip()):
        return [ensure_sample()]
    items = [s.strip() for s in data_paths.split(",")] if isinstance(data_paths, str) else list(data_paths)
    out = []
    for item in items:
        p = Path(item).expanduser()
        if not p.exists():
            p = paths.from_root(p)
        if not p.exists():
            raise ValueError(f"data_paths: {item!r} does not exist (absolute, or relative to "
                             f"{paths.PROJECT_ROOT})")
        out.append(p)
    return out


def load_dataset(data: list[Path], **kw: Any) -> Dataset:
    """Load the notebook's files; unreadable input becomes a plain ValueError naming ``data_paths``."""
    try:
        return load(data, progress=False, **kw)
    except ArchiveError as exc:
        raise ValueError(f"data_paths: {exc}") from None


def dataset_name(data: list[Path]) -> str:
    """Name of a dataset's output folder: ``sample`` for the embedded sample, else from the paths."""
    if data == [paths.SAMPLE_DIR]:
        return "sample"
    name = "+".join(re.sub(r"(\.csv)?(\.gz|\.zip)?$", "", p.name) for p in data)
    return re.sub(r"[^A-Za-z0-9_.+-]+", "_", name)[:80] or "dataset"


def output_dir(output_dir: str | None, data: list[Path], notebook: str) -> Path:
    """The notebook's output folder (created): ``output_dir`` or
    outputs/<dataset>/<notebook>. A relative ``output_dir`` is taken from the
    project root (:func:`~infoops.paths.from_root`), not from the kernel's
    working folder (papermill may start it in notebooks/)."""
    out = paths.from_root(output_dir) if output_dir else paths.outputs_for(dataset_name(data)) / notebook
    out.mkdir(parents=True, exist_ok=True)
    return out


def control_campaigns(ds: Dataset, control_paths: list[Path]) -> list[str]:
    """Campaigns that serve as the baseline: those loaded from ``control_paths``
    or, without any, those whose name says ``control``."""
    if control_paths:
        roots = [p.resolve() for p in control_paths]
        return sorted({e.source.campaign for e in ds.entries
                       if any(r == e.source.path.resolve() or r in e.source.path.resolve().parents for r in roots)})
    return sorted(c for c in ds.campaigns if "control" in c.lower())


def notebooks(selected: Iterable[str] | None = None) -> list[Path]:
    """The project's numbered notebooks, optionally only those selected by name or number."""
    nbs = sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    if selected:
        wanted = set(selected)
        nbs = [n for n in nbs if n.stem in wanted or n.name in wanted or n.stem[:2] in wanted]
    return nbs
