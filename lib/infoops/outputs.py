"""Saving figures and tables: the one place that writes analysis outputs.

Every table is a CSV; every figure a PNG and an SVG. When the data is
synthetic, tables get a leading ``data`` column saying ``SYNTHETIC`` and
figures a visible "SYNTHETIC DATA" stamp, so no output can be mistaken for a
finding about real accounts. Output is deterministic: SVGs carry no date and a
fixed hash salt, PNGs no timestamp.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.rcParams["svg.hashsalt"] = "infoops"  # stable ids inside SVGs
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

SYNTHETIC_LABEL = "SYNTHETIC DATA - not findings about real accounts"


def mark_table(df: pd.DataFrame, synthetic: bool) -> pd.DataFrame:
    """The table with a first column ``data`` = SYNTHETIC when it is."""
    if not synthetic:
        return df
    if "data" in df.columns and (df["data"] == "SYNTHETIC").all() and len(df):
        return df  # already marked
    out = df.copy()
    # Never skip the mark because a table has its own column called "data".
    out.insert(0, "data" if "data" not in df.columns else "data_label", "SYNTHETIC")
    return out


def save_table(df: pd.DataFrame, name: str, out_dir: str | Path, *, synthetic: bool,
               index: bool = False) -> Path:
    """Write ``df`` as ``tables/<name>.csv`` under ``out_dir`` (marked when synthetic)."""
    out_dir = Path(out_dir)
    (out_dir / "tables").mkdir(parents=True, exist_ok=True)
    path = out_dir / "tables" / f"{name}.csv"
    frame = df.reset_index() if index else df
    mark_table(frame, synthetic).to_csv(path, index=False, lineterminator="\n", date_format="%Y-%m-%d %H:%M:%S%z")
    return path


def stamp(fig: plt.Figure, synthetic: bool) -> None:
    """Put the synthetic-data stamp on a figure (once)."""
    if synthetic and not getattr(fig, "_infoops_stamped", False):
        # Below the figure, right-aligned: never over a title or the data.
        fig.text(0.99, -0.005, SYNTHETIC_LABEL, ha="right", va="top", fontsize=9, color="#b30000",
                 fontweight="bold", bbox=dict(facecolor="white", edgecolor="#b30000", alpha=0.85, pad=2))
        fig._infoops_stamped = True  # type: ignore[attr-defined]


def save_figure(fig: plt.Figure, name: str, out_dir: str | Path, *, synthetic: bool,
                dpi: int = 130) -> list[Path]:
    """Write a figure as PNG and SVG under ``out_dir/figures`` (stamped when synthetic)."""
    out_dir = Path(out_dir)
    (out_dir / "figures").mkdir(parents=True, exist_ok=True)
    stamp(fig, synthetic)
    paths = []
    for ext, meta in (("png", {"Software": None}), ("svg", {"Date": None})):
        p = out_dir / "figures" / f"{name}.{ext}"
        fig.savefig(p, dpi=dpi, bbox_inches="tight", metadata=meta)
        paths.append(p)
    return paths


def show(fig: plt.Figure | None, name: str, out_dir: str | Path, *, synthetic: bool) -> None:
    """Save a figure (PNG + SVG), show it inline in a notebook, and close it
    (so matplotlib never prints a repr with a memory address)."""
    if fig is None:
        return
    save_figure(fig, name, out_dir, synthetic=synthetic)
    try:
        from IPython.display import display

        display(fig)
    finally:
        plt.close(fig)
