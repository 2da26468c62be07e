"""Provenance: package versions, parameters and the data's SHA-256."""

from __future__ import annotations

import hashlib
import platform
from importlib import metadata
from typing import Any

import pandas as pd

from .. import paths
from ..archive.dataset import Dataset
from .inputs import notebooks

PACKAGES = ("infoops", "pandas", "numpy", "duckdb", "pyarrow", "statsmodels", "ruptures", "scipy",
            "scikit-learn", "seaborn", "matplotlib", "networkx", "umap-learn", "papermill")


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
