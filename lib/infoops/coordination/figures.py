"""Figures for notebook 03 (coordination); :mod:`infoops.outputs` saves them."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from .result import CoordinationResult


def pair_tests(res: CoordinationResult, fdr_q: float, per_signal: int = 100) -> plt.Figure:
    """Per signal: the q-values of its ``per_signal`` strongest tested pairs
    (red: kept, grey: not), on a log scale, with the false-discovery rate as
    the dotted line."""
    t = res.pair_tests
    order = res.summary["signal"][res.summary["pairs_tested"].notna()].tolist()
    top = (t.sort_values(["q_value", "a", "b"]).groupby("signal", sort=False).head(per_signal)
           if t is not None and len(t) else pd.DataFrame(columns=["signal", "q_value", "significant"]))
    d = pd.DataFrame({"signal": pd.Categorical(top["signal"], categories=order),
                      "evidence (-log10 q)": (-np.log10(top["q_value"].astype(float).clip(lower=1e-30))).to_numpy(),
                      "pair": np.where(top["significant"].astype(bool), "significant", "not significant")})
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(order) + 1.5))
    # no jitter: seaborn draws it from the global random state, and the figure must be the same every run
    sns.stripplot(data=d, y="signal", x="evidence (-log10 q)", hue="pair", ax=ax, jitter=False, size=3.5,
                  palette={"significant": "#c0392b", "not significant": "0.6"}, alpha=0.8, order=order)
    ax.axvline(-np.log10(fdr_q), color="0.2", ls=":", lw=1)
    ax.set_xlim(left=0)
    ax.set_ylabel("")
    ax.set_xlabel("evidence of the pair: -log10 q (Benjamini-Hochberg over all pairs; 30 = q of 1e-30 or less)")
    ax.set_title(f"The {per_signal} strongest pairs per signal: kept right of the dotted line (q <= {fdr_q:g})",
                 loc="left")
    if ax.get_legend() is not None:
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


def flagged_share(flag: pd.DataFrame) -> plt.Figure | None:
    """Share of each campaign's accounts flagged, per signal, controls beside
    campaigns (None when no account was analysed)."""
    if flag.empty:
        return None
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
