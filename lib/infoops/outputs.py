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
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

SYNTHETIC_LABEL = "SYNTHETIC DATA - not findings about real accounts"
FLOAT_FORMAT = "%.6g"  # how table floats are written


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
    # Six significant digits: more than any estimate here resolves, and it
    # drops the last-bit differences between CPUs so a table is the same file
    # on every machine.
    mark_table(frame, synthetic).to_csv(path, index=False, lineterminator="\n", float_format=FLOAT_FORMAT,
                                        date_format="%Y-%m-%d %H:%M:%S%z")
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


def number_text(value: float) -> str:
    """How a float reads in a shown table: whole numbers without decimals
    (``10``, never ``10.000000``), others to four significant digits, with an
    exponent only below 1e-4."""
    if not np.isfinite(value):
        return "" if np.isnan(value) else str(value)
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    if abs(value) >= 1000:
        return f"{value:.1f}"
    return f"{value:.4g}" if abs(value) >= 1e-4 else f"{value:.2e}"


#: Rows of a shown table before it is cut (the CSV always has them all).
SHOWN_ROWS = 60


def table_html(df: pd.DataFrame) -> str:
    """A table as the rendered notebook shows it: text columns left-aligned
    and wrapped at their own line breaks (an example tweet reads as written,
    never cut with ``...``), numbers right-aligned as :func:`number_text`.
    The same HTML on every machine: the style ids come from the content."""
    import hashlib

    shown = df.head(SHOWN_ROWS)
    text_cols = [c for c in shown.columns if shown[c].dtype == object or isinstance(shown[c].dtype, pd.StringDtype)]
    floats = [c for c in shown.columns if pd.api.types.is_float_dtype(shown[c].dtype)]
    uid = hashlib.sha256(shown.to_csv().encode()).hexdigest()[:8]
    styler = (shown.style.set_uuid(uid).format(number_text, subset=floats, na_rep="")
              .format(escape="html", subset=text_cols, na_rep="")
              .format_index(wrappable, axis=0).format_index(wrappable, axis=1)
              .set_table_attributes('class="dataframe"')
              .set_table_styles({c: [{"selector": "td", "props": "text-align: left; white-space: pre-wrap; "
                                      "min-width: 10em;"}, {"selector": "th", "props": "text-align: left;"}]
                                 for c in text_cols}, overwrite=False))
    cut = f"<p>{len(shown)} of {len(df)} rows shown.</p>" if len(df) > len(shown) else ""
    return styler.to_html() + cut


def wrappable(label: object) -> str:
    """A label as HTML that may break after its underscores, so long column
    names (``planted_log_level_change``) wrap instead of widening a table."""
    import html

    return html.escape(str(label)).replace("_", "_<wbr>")


def use_table_display() -> None:
    """In a running notebook: tables shown by :func:`table_html`, and their
    plain-text form (what nbval compares) with :func:`number_text` and no
    cut columns."""
    pd.set_option("display.width", 170, "display.max_columns", 30, "display.max_colwidth", None,
                  "display.float_format", number_text)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebook stack
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, table_html)
