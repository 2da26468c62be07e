"""What every notebook does before and after its analysis: resolve and check
parameters, load the data, find ground truth for synthetic data, and record
provenance. Kept here so the notebooks stay thin."""

from __future__ import annotations

import json
import platform
import re
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from . import paths
from .errors import ArchiveError
from .reader import Dataset, load

PACKAGES = ("infoops", "pandas", "numpy", "duckdb", "pyarrow", "statsmodels", "ruptures", "scipy",
            "scikit-learn", "seaborn", "matplotlib", "networkx", "umap-learn", "papermill")


def ensure_sample() -> Path:
    """The embedded synthetic sample, generated (deterministically) if absent."""
    if not (paths.SAMPLE_DIR / "ground_truth" / "truth.json").exists():
        from .synthetic import SyntheticConfig, generate_release

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
        if not p.is_absolute() and not p.exists():
            p = paths.PROJECT_ROOT / p
        if not p.exists():
            raise ValueError(f"data_paths: {item!r} does not exist (absolute, or relative to "
                             f"{paths.PROJECT_ROOT})")
        out.append(p)
    return out


def load_dataset(data: list[Path], **kw: Any) -> Dataset:
    try:
        return load(data, progress=False, **kw)
    except ArchiveError as exc:
        raise ValueError(f"data_paths: {exc}") from None


def dataset_name(data: list[Path]) -> str:
    if data == [paths.SAMPLE_DIR]:
        return "sample"
    name = "+".join(re.sub(r"(\.csv)?(\.gz|\.zip)?$", "", p.name) for p in data)
    return re.sub(r"[^A-Za-z0-9_.+-]+", "_", name)[:80] or "dataset"


def output_dir(output_dir: str | None, data: list[Path], notebook: str) -> Path:
    out = Path(output_dir) if output_dir else paths.outputs_for(dataset_name(data)) / notebook
    out.mkdir(parents=True, exist_ok=True)
    return out


def _truth_file(data: list[Path], name: str) -> Path | None:
    """A file of a synthetic release's ground_truth folder, beside (or in) one of the paths."""
    for p in data:
        for cand in (p / "ground_truth" / name, p.parent / "ground_truth" / name):
            if cand.exists():
                return cand
    return None


def ground_truth(data: list[Path]) -> dict[str, Any] | None:
    """truth.json of a synthetic release, when one of the paths holds it."""
    f = _truth_file(data, "truth.json")
    return json.loads(f.read_text()) if f else None


def provenance(params: dict[str, Any], ds: Dataset) -> pd.DataFrame:
    """Versions, parameters and data hash: the last table of every notebook."""
    rows = [("python", platform.python_version())]
    for pkg in PACKAGES:
        try:
            rows.append((pkg, metadata.version(pkg)))
        except metadata.PackageNotFoundError:
            rows.append((pkg, "not installed"))
    rows += [(f"param:{k}", repr(v)) for k, v in params.items()]
    rows += [("data:files", str(len(ds.entries))), ("data:sha256", ds.fingerprint),
             ("data:synthetic", str(ds.is_synthetic))]
    return pd.DataFrame(rows, columns=["item", "value"])


def tweet_labels(data: list[Path]) -> pd.DataFrame | None:
    """Planted per-tweet labels of a synthetic release (ground_truth/tweet_labels.csv)."""
    f = _truth_file(data, "tweet_labels.csv")
    return pd.read_csv(f, dtype=str, keep_default_na=False) if f else None


def control_campaigns(ds: Dataset, control_paths: list[Path]) -> list[str]:
    """Campaigns that serve as the baseline: those loaded from ``control_paths``
    or, without any, those whose name says ``control``."""
    if control_paths:
        roots = [p.resolve() for p in control_paths]
        return sorted({e.source.campaign for e in ds.entries
                       if any(r == e.source.path.resolve() or r in e.source.path.resolve().parents for r in roots)})
    return sorted(c for c in ds.campaigns if "control" in c.lower())


def planted_roles(data: list[Path]) -> pd.DataFrame | None:
    """Role (organic / control / coordinated) and group of every account of a
    synthetic release (ground_truth/accounts.csv)."""
    f = _truth_file(data, "accounts.csv")
    return pd.read_csv(f, dtype=str, keep_default_na=False) if f else None
