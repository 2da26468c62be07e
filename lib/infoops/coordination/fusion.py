"""Fusion of the significant edges of all signals, groups (Louvain) and their tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..archive.dataset import query_tweets
from .result import CoordinationResult


def fuse(res: CoordinationResult, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Combined network over signals: a pair's score is the sum over the
    signals linking it of its evidence, -log10 q (p for the frequency
    baselines, 1 when there is none), each between 1 and 10 so that no
    single signal dominates; then Louvain communities (networkx, seeded).
    Returns (pairs, membership)."""
    import networkx as nx

    e = res.edges
    if e.empty:
        return (pd.DataFrame(columns=["a", "b", "signals", "n_signals", "score", "evidence"]),
                pd.DataFrame(columns=["userid", "group"]))
    strength = e["q_value"].astype(float).fillna(e["p_value"].astype(float)).fillna(0.1)
    said = e["signal"] + ": " + e["weight"].map("{:g}".format) + np.where(
        e["expected"].notna(), " shared (" + e["expected"].astype(float).map("{:.2g}".format) + " expected)", "")
    e = e.assign(strength=(-np.log10(strength.clip(lower=1e-300))).clip(1, 10), said=said)
    pairs = (e.sort_values(["signal"]).groupby(["a", "b"])
             .agg(signals=("signal", lambda s: ", ".join(sorted(set(s)))), n_signals=("signal", "nunique"),
                  score=("strength", "sum"), evidence=("said", "; ".join))
             .reset_index())
    pairs["score"] = pairs["score"].round(6)
    pairs = pairs.sort_values(["score", "a", "b"], ascending=[False, True, True]).reset_index(drop=True)
    G = nx.Graph()
    G.add_weighted_edges_from(pairs[["a", "b", "score"]].itertuples(index=False))
    comms = nx.community.louvain_communities(G, weight="weight", seed=seed)
    comms = sorted((sorted(c) for c in comms), key=lambda c: (-len(c), c[0]))
    member = pd.DataFrame([(u, i) for i, c in enumerate(comms) for u in c], columns=["userid", "group"])
    return pairs, member


def group_table(member: pd.DataFrame, pairs: pd.DataFrame, tweets) -> pd.DataFrame:
    """Per detected group: members, size, signals, campaigns, first and last
    activity, main clients. ``tweets``: a Dataset (only the members' tweets
    are read) or a tweets DataFrame."""
    ids = sorted(set(member["userid"])) if len(member) else []
    if ids:
        values = ", ".join("('" + u.replace("'", "''") + "')" for u in ids)
        tweets = query_tweets(tweets, "SELECT userid, campaign, tweet_time, tweet_client_name FROM tweets "
                                      f"WHERE userid IN (SELECT * FROM (VALUES {values})) "
                                      "ORDER BY campaign, tweet_time, tweetid")
    rows = []
    for g, m in member.groupby("group"):
        users = set(m["userid"])
        inside = pairs[pairs["a"].isin(users) & pairs["b"].isin(users)]
        sigs = sorted({s for x in inside["signals"] for s in x.split(", ")})
        tw = tweets[tweets["userid"].isin(users)]
        clients = tw["tweet_client_name"].value_counts().head(3)
        rows.append({"group": g, "size": len(users), "signals": ", ".join(sigs),
                     "campaigns": ", ".join(sorted(tw["campaign"].unique())),
                     "first_activity": tw["tweet_time"].min(), "last_activity": tw["tweet_time"].max(),
                     "main_clients": ", ".join(f"{k} ({v})" for k, v in clients.items()),
                     "members": ", ".join(sorted(users))})
    # typed even when no group was found, so tables and displays keep their columns
    return pd.DataFrame(rows, columns=["group", "size", "signals", "campaigns", "first_activity", "last_activity",
                                       "main_clients", "members"])


def signal_overlap(res: CoordinationResult) -> pd.DataFrame:
    """Jaccard overlap of the account sets flagged by each pair of signals."""
    s = res.summary.set_index("signal")["flagged_set"]
    names = list(s.index)
    m = np.zeros((len(names), len(names)))
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            u = s[a] | s[b]
            m[i, j] = len(s[a] & s[b]) / len(u) if u else np.nan
    return pd.DataFrame(m, index=names, columns=names)


def pairs_preview(pairs: pd.DataFrame, n: int = 15, id_chars: int = 12) -> pd.DataFrame:
    """The ``n`` strongest pairs with their evidence, account ids shortened
    for display (the saved table keeps them whole)."""
    short = lambda s: s.str[:id_chars] + "…"  # noqa: E731
    return pairs.head(n)[["a", "b", "n_signals", "score", "evidence"]].assign(
        a=lambda d: short(d["a"]), b=lambda d: short(d["b"])).round(2)
