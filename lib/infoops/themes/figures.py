"""Figures for notebook 02 (themes); :mod:`infoops.outputs` saves them."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ..style import EVENT_STYLE


def k_selection(selection: pd.DataFrame) -> plt.Figure | None:
    """Coherence, diversity and the chosen number of topics per language
    (None when no language had a model)."""
    if selection.empty:
        return None
    long = selection.melt(id_vars=["k", "language", "chosen"], value_vars=["npmi_coherence", "diversity", "quality"],
                          var_name="criterion", value_name="value")
    g = sns.relplot(data=long, x="k", y="value", hue="criterion", col="language", kind="line", marker="o",
                    height=3, aspect=1.3, facet_kws={"sharey": False})
    g.set_titles("")  # the facet's own centred title would overprint the one below
    for ax, (lang, sel) in zip(g.axes.flat, selection.groupby("language", sort=False)):
        k = int(sel.loc[sel["chosen"], "k"].iloc[0])
        ax.axvline(k, color="0.3", ls=":", lw=1)
        ax.set_title(f"language {lang}: k = {k} chosen", loc="left")
    g.figure.suptitle("Number of topics: highest coherence among k with diverse topics (chosen k dotted)", y=1.05)
    return g.figure


def prevalence(prev: pd.DataFrame, labels: dict[int, str], event: pd.Timestamp) -> plt.Figure:
    """Weekly share of each topic, per language model, with the event marked."""
    camps = list(dict.fromkeys(prev["campaign"]))
    fig, axes = plt.subplots(len(camps), 1, figsize=(11, 2.7 * len(camps) + 0.6), sharex=True, squeeze=False)
    palette = dict(zip(sorted(labels), sns.color_palette("tab20", len(labels))))
    for ax, camp in zip(axes[:, 0], camps):
        g = prev[prev["campaign"] == camp]
        w = g.pivot_table(index="period", columns="topic", values="documents", fill_value=0)
        w = w[[c for c in sorted(w.columns) if c >= 0]]
        w = w.div(w.sum(axis=1), axis=0)
        shown = g.groupby("period")["share"].apply(lambda x: x.notna().any()).reindex(w.index, fill_value=False)
        # Thin weeks are gaps: each run of weeks with enough documents is drawn on its own.
        run_id = (shown != shown.shift()).cumsum()
        for i, (_, run) in enumerate(w[shown].groupby(run_id[shown])):
            ax.stackplot(run.index, run.T.to_numpy(), labels=[labels.get(c, str(c)) for c in w.columns] if i == 0
                         else None, colors=[palette.get(c, "0.7") for c in w.columns], alpha=0.9)
        ax.axvline(pd.Timestamp(event).tz_localize(None) if pd.Timestamp(event).tzinfo else event, **EVENT_STYLE)
        ax.set_ylim(0, 1)
        ax.set_ylabel("share of documents")
        ax.set_title(camp, loc="left")
    handles, labs = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labs, loc="upper left", bbox_to_anchor=(1.0, 0.95), frameon=False, fontsize=8)
    fig.suptitle("Topic prevalence per week (event dashed; gaps: weeks with too few documents)", y=1.01)
    fig.tight_layout()
    return fig


def topic_mix_heatmap(mix: pd.DataFrame) -> plt.Figure:
    """Share of each campaign's documents per topic: topics as rows (their
    labels are long), campaigns as columns."""
    t = mix.T
    fig, ax = plt.subplots(figsize=(4 + 1.8 * t.shape[1], 1.5 + 0.42 * t.shape[0]))
    sns.heatmap(t * 100, annot=True, fmt=".0f", cmap="mako_r", ax=ax, cbar_kws={"label": "% of documents"})
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(axis="y", rotation=0)
    ax.tick_params(axis="x", rotation=20)  # campaign names are long: slanted, never overlapping
    for lab in ax.get_xticklabels():
        lab.set_ha("right")
    ax.set_title("Topic mix per campaign", loc="left")
    fig.tight_layout()
    return fig


def log_odds_bars(lo: pd.DataFrame, n: int = 12) -> plt.Figure | None:
    """The most distinctive terms before and after the event, per campaign."""
    if lo.empty:
        return None
    camps = list(dict.fromkeys(lo["campaign"]))
    fig, axes = plt.subplots(1, len(camps), figsize=(4.3 * len(camps), 0.32 * 2 * n + 1.2), squeeze=False)
    for ax, camp in zip(axes[0], camps):
        g = lo[lo["campaign"] == camp].sort_values(["z", "term"])
        sel = pd.concat([g.head(n), g.tail(n)])
        ax.barh(sel["term"], sel["z"], color=np.where(sel["z"] > 0, "#c0392b", "#2c7fb8"))
        ax.axvline(1.96, color="0.5", ls=":", lw=0.8)
        ax.axvline(-1.96, color="0.5", ls=":", lw=0.8)
        ax.set_title(camp, loc="left", fontsize=10)
        ax.set_xlabel("z (after > 0 > before)")
        ax.tick_params(axis="y", labelsize=8)
    fig.suptitle("Distinctive terms after vs before the event (log-odds, informative Dirichlet prior)", y=1.02)
    fig.tight_layout()
    return fig


def topic_map(coords: np.ndarray, docs: pd.DataFrame, topics: np.ndarray, labels: dict[int, str],
              title: str) -> plt.Figure:
    """The UMAP map of documents coloured by topic, and below it one small
    map per campaign with its documents in colour over everyone's in grey,
    so a small campaign (a control set) is never hidden under a large one."""
    d = pd.DataFrame({"x": coords[:, 0], "y": coords[:, 1], "campaign": docs["campaign"].to_numpy(),
                      "topic": [labels.get(t, "not modelled") for t in topics]})
    camps = sorted(d["campaign"].unique())
    cols = min(len(camps), 4)
    rows = -(-len(camps) // cols)
    fig = plt.figure(figsize=(14, 6 + 3 * rows), layout="constrained")
    grid = fig.add_gridspec(1 + rows, cols, height_ratios=[6] + [3] * rows)
    top = fig.add_subplot(grid[0, :])
    sns.scatterplot(data=d, x="x", y="y", hue="topic", s=6, linewidth=0, ax=top, palette="tab20")
    sns.move_legend(top, "upper left", bbox_to_anchor=(1.01, 1), ncol=1, fontsize=8, frameon=False,
                    markerscale=2.5, title=None)
    top.set_title("coloured by topic", loc="left")
    colours = dict(zip(camps, sns.color_palette("colorblind", len(camps))))
    for i, camp in enumerate(camps):
        ax = fig.add_subplot(grid[1 + i // cols, i % cols])
        ax.scatter(d["x"], d["y"], s=2, color="0.85", linewidths=0)
        own = d[d["campaign"] == camp]
        ax.scatter(own["x"], own["y"], s=4, color=colours[camp], linewidths=0)
        ax.set_title(f"{camp} ({len(own):,} documents)", loc="left", fontsize=9)
    for ax in fig.axes:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("")
        ax.set_ylabel("")
    fig.suptitle(title)
    return fig


def top_items_bars(items: pd.DataFrame, column: str, n: int = 10) -> plt.Figure | None:
    """The top items (hashtags or domains) of each campaign."""
    if items.empty:
        return None
    camps = list(dict.fromkeys(items["campaign"]))
    fig, axes = plt.subplots(1, len(camps), figsize=(4.2 * len(camps), 0.3 * n + 1.3), squeeze=False)
    for ax, camp in zip(axes[0], camps):
        g = items[items["campaign"] == camp].head(n).iloc[::-1]
        ax.barh(g[column].astype(str), g["tweets"], color="0.45")
        ax.set_title(camp, loc="left", fontsize=10)
        ax.set_xlabel("tweets")
        ax.tick_params(axis="y", labelsize=8)
    fig.suptitle(f"Top {column.rstrip('s')}s per campaign", y=1.02)
    fig.tight_layout()
    return fig
