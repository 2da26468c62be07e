"""The notebook context: what every notebook does before and after its
analysis, in one call, so the notebooks hold only narrative and short calls.

>>> ctx = start("01_timing", globals(), TimingParams.from_params)

reads the notebook's own parameters (names from its ``parameters`` cell,
values from the running kernel, so papermill's injected values count), checks
them once with the notebook's checker, resolves and loads the data once, picks
the output folder, knows whether the data are synthetic (and their planted
truth), and shows the banner. ``ctx.table`` and ``ctx.figure`` save with the
right synthetic stamp; ``ctx.provenance`` ends the notebook.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from .. import checks, outputs, paths, style
from ..archive.dataset import Dataset
from ..synthetic import truth as planted
from .inputs import control_campaigns, load_dataset, output_dir, resolve_data
from .provenance import provenance

SYNTHETIC_BANNER = ("> **SYNTHETIC DATA.** These results describe a generated dataset with planted signals, "
                    "not real accounts. Every figure and table below is stamped accordingly.")


def notebook_parameters(notebook: str) -> list[str]:
    """Names of the parameters declared in a notebook's ``parameters`` cell."""
    import papermill as pm

    nb = paths.NOTEBOOKS_DIR / f"{notebook}.ipynb"
    if not nb.exists():
        raise ValueError(f"notebook {notebook!r} not found in {paths.NOTEBOOKS_DIR}")
    return list(pm.inspect_notebook(str(nb)))


@dataclass
class NotebookContext:
    """Everything a notebook needs after its setup cell."""

    name: str
    params: dict[str, Any]
    checked: Any
    data: list[Path]
    ds: Dataset
    out: Path
    control: list[str] = field(default_factory=list)
    truth: dict[str, Any] | None = None

    @property
    def synthetic(self) -> bool:
        """True when any input file is synthetic: every output is then stamped."""
        return self.ds.is_synthetic

    def table(self, df: pd.DataFrame, name: str, *, index: bool = False) -> pd.DataFrame:
        """Save ``df`` as ``tables/<name>.csv`` (marked SYNTHETIC when it is) and return it."""
        outputs.save_table(df, name, self.out, synthetic=self.synthetic, index=index)
        return df

    def figure(self, fig: Any, name: str) -> None:
        """Save a figure (PNG + SVG, stamped when synthetic), show it inline and close it."""
        outputs.show(fig, name, self.out, synthetic=self.synthetic)

    def planted(self, name: str) -> pd.DataFrame | None:
        """A planted-truth table of a synthetic release (``tweet_labels`` or
        ``accounts``), or None for real data."""
        return planted.truth_table(self.data, name) if self.synthetic else None

    def provenance(self) -> pd.DataFrame:
        """Versions, parameters and the data's SHA-256, saved as ``provenance``."""
        return self.table(provenance(self.params, self.ds), "provenance")


def campaign_mapping(value: str) -> str | dict[str, str] | None:
    """The notebooks' ``campaign`` parameter for the reader: empty for names
    from the files, one name for every file, or ``file=campaign`` pairs
    separated by semicolons (file names or paths)."""
    return checks.one_or_pairs("campaign", value, "file=campaign")


def start(notebook: str, namespace: dict[str, Any], check: Callable[[dict[str, Any]], Any] | None = None, *,
          needs: str | None = "tweets", show: bool = True) -> NotebookContext:
    """Start a notebook: parameters checked, data loaded once, outputs ready.

    ``namespace`` is the notebook's ``globals()``; ``check`` turns the
    parameters into the notebook's parameter object (raising ValueError with
    a plain message). ``needs="tweets"`` stops with a plain message when the
    data holds only users files. Data paths are resolved relative to the
    project (papermill runs the kernel in the caller's folder).
    """
    params = {k: namespace[k] for k in notebook_parameters(notebook) if k in namespace}
    checked = check(params) if check else None
    data = resolve_data(params.get("data_paths"))
    controls = resolve_data(params["control_paths"]) if params.get("control_paths") else []
    ds = load_dataset(data + controls, campaign=campaign_mapping(params.get("campaign", "")),
                      campaign_column=params.get("campaign_column") or None,
                      encoding=params.get("encoding") or None)
    if needs == "tweets" and not ds.has_tweets:
        raise ValueError(f"data_paths: {params.get('data_paths')!r} holds no tweets files, only users files: "
                         f"{notebook} needs tweets")
    ctx = NotebookContext(notebook, params, checked, data, ds, output_dir(params.get("output_dir"), data, notebook),
                          control_campaigns(ds, controls),
                          planted.ground_truth(data) if ds.is_synthetic else None)
    if show:
        _banner(ctx)
    return ctx


def _banner(ctx: NotebookContext) -> None:
    style.theme()
    outputs.use_table_display()
    print(ctx.ds.summary())
    if ctx.synthetic:
        from IPython.display import Markdown, display

        display(Markdown(SYNTHETIC_BANNER))
