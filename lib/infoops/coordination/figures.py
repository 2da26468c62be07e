"""Figures for notebook 03 (coordination); :mod:`infoops.outputs` saves them."""

from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
import seaborn as sns

from .result import CoordinationResult


def observed_vs_null(res: CoordinationResult) -> plt.Figure:
    """Per signal: the largest edge weight in each null realization (grey)
    and the observed weights above the null (red), relative to the null's
    maximum, on a log scale."""
    rows = []
    for sig, null in res.null_weights.items():
        thr = max(float(null.max()) if len(null) else 0.0, 1e-9)
        for v in null:
            rows.append((sig, "null (max per realization)", max(v, 1e-3) / thr if thr > 1e-9 else 1.0))
        e = res.all_edges.get(sig)
        if e is not None and len(e):
            top = np.sort(e["weight"].to_numpy())[-50:]
            for v in top:
                rows.append((sig, "observed (top 50 edges)", max(v, 1e-3) / thr if thr > 1e-9 else np.inf))
    d = pd.DataFrame(rows, columns=["signal", "source", "weight / null max"]).replace(np.inf, np.nan).dropna()
    fig, ax = plt.subplots(figsize=(9, 0.45 * d["signal"].nunique() + 1.5))
    sns.stripplot(data=d, y="signal", x="weight / null max", hue="source", ax=ax, jitter=False, size=3.5,
                  palette={"null (max per realization)": "0.6", "observed (top 50 edges)": "#c0392b"}, alpha=0.8)
    ax.axvline(1, color="0.2", ls=":", lw=1)
    ax.set_xscale("log")
    # Labels only at 1-2-5 steps: matplotlib's default labels every minor
    # tick of a short log axis, and they run into each other.
    ax.xaxis.set_major_locator(mticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(mticker.NullFormatter())
    ax.set_ylabel("")
    ax.set_title("Edges kept only right of the dotted line (above every null realization)", loc="left")
    sns.move_legend(ax, "lower right", frameon=False, title=None)
    fig.tight_layout()
    return fig


def network(pairs: pd.DataFrame, member: pd.DataFrame, seed: int = 0, max_nodes: int = 600) -> plt.Figure | None:
    """Fused network of significant pairs, nodes coloured by detected group
    (the largest groups first, at most ``max_nodes`` accounts)."""
    import networkx as nx

    if pairs.empty:
        return None
    keep = member.sort_values("group").head(max_nodes)["userid"]
    P = pairs[pairs["a"].isin(keep) & pairs["b"].isin(keep)]
    G = nx.Graph()
    G.add_weighted_edges_from(P[["a", "b", "score"]].itertuples(index=False))
    pos = nx.spring_layout(G, seed=seed, weight="weight", k=0.6 / np.sqrt(max(len(G), 1)))
    group = member.set_index("userid")["group"]
    groups = sorted(group.reindex(list(G.nodes)).unique())
    palette = dict(zip(groups, sns.color_palette("tab20", len(groups))))
    fig, ax = plt.subplots(figsize=(9, 8))
    nx.draw_networkx_edges(G, pos, ax=ax, alpha=0.25, width=0.6)
    nx.draw_networkx_nodes(G, pos, ax=ax, node_size=28,
                           node_color=[palette[group[n]] for n in G.nodes], linewidths=0)
    for g in groups[:20]:
        nodes = [n for n in G.nodes if group[n] == g]
        xy = np.mean([pos[n] for n in nodes], axis=0)
        ax.annotate(f"group {g} ({len(nodes)})", xy, fontsize=8, ha="center",
                    bbox=dict(facecolor="white", alpha=0.7, edgecolor="none", pad=1))
    ax.set_axis_off()
    ax.set_title("Accounts linked by significant coordination signals, by detected group", loc="left")
    fig.tight_layout()
    return fig


def overlap_heatmap(overlap: pd.DataFrame) -> plt.Figure:
    """Jaccard overlap of the accounts flagged by each pair of signals."""
    fig, ax = plt.subplots(figsize=(8.5, 7))
    sns.heatmap(overlap, annot=True, fmt=".2f", cmap="Blues", vmin=0, vmax=1, ax=ax, annot_kws={"fontsize": 7},
                cbar_kws={"label": "Jaccard overlap of flagged accounts"})
    ax.grid(False)  # the style's grid shows through cells without a value
    ax.set_facecolor("0.92")  # signals that flagged no account: grey, not blank
    ax.set_title("Which signals flag the same accounts (grey: no account flagged)", loc="left")
    fig.tight_layout()
    return fig


def flagged_share(flag: pd.DataFrame) -> plt.Figure:
    """Share of each campaign's accounts flagged, per signal, controls beside campaigns."""
    d = flag.assign(campaign=np.where(flag["control"], flag["campaign"] + " (control)", flag["campaign"]))
    fig, ax = plt.subplots(figsize=(9, 0.45 * d["signal"].nunique() + 1.5))
    sns.barplot(data=d, y="signal", x="share_flagged", hue="campaign", ax=ax, palette="colorblind")
    ax.set_xlabel("share of the campaign's accounts with a significant edge")
    ax.set_ylabel("")
    sns.move_legend(ax, "lower right", frameon=False, title=None)
    ax.set_title("Flagged accounts per signal: campaigns against control accounts" if flag["control"].any() else
                 "Flagged accounts per signal (no control accounts: the null models are the only baseline)",
                 loc="left")
    fig.tight_layout()
    return fig
