"""Figure style shared by every notebook's figures: one theme, one event line."""

from __future__ import annotations

import matplotlib.pyplot as plt
import seaborn as sns

EVENT_STYLE = dict(color="#c0392b", linestyle="--", linewidth=1.2)


WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def theme() -> None:
    """The seaborn theme every figure uses (called by the notebook context)."""
    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind")
    plt.rcParams.update({"figure.dpi": 90, "savefig.dpi": 130, "axes.titlesize": 11})
