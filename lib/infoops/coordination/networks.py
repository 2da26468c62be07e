"""Account pairs that acted on the same item within a time window, listed
without a dense account x account matrix."""

from __future__ import annotations

import numpy as np
import pandas as pd


def windowed_pairs(acct: np.ndarray, item: np.ndarray, ts: np.ndarray, window: float,
                   max_item_accounts: int) -> tuple[pd.DataFrame, int]:
    """Account pairs that acted on the same item within ``window`` seconds.

    Returns (edges with a, b, weight = distinct items shared, items dropped
    for exceeding ``max_item_accounts`` distinct accounts)."""
    shared, dropped = windowed_shared(acct, item, ts, window, max_item_accounts)
    if shared.empty:
        return pd.DataFrame(columns=["a", "b", "weight"]), dropped
    return shared.groupby(["a", "b"]).size().rename("weight").reset_index(), dropped


def windowed_shared(acct: np.ndarray, item: np.ndarray, ts: np.ndarray, window: float,
                    max_item_accounts: int) -> tuple[pd.DataFrame, int]:
    """Every (a, b, item) with a < b acting on the same item within
    ``window`` seconds (``item`` as given), and the number of items dropped
    for exceeding ``max_item_accounts`` distinct accounts. Vectorised: sort
    by (item, time), find each event's window end by binary search, expand
    the index ranges; the number of pairs is bounded by the window, not by
    item popularity squared."""
    empty = pd.DataFrame({"a": np.empty(0, np.int64), "b": np.empty(0, np.int64), "item": np.empty(0, np.int64)})
    if len(acct) == 0:
        return empty, 0
    df = pd.DataFrame({"acct": acct, "item": item, "ts": ts})
    n_acc = df.groupby("item")["acct"].nunique()
    too_big = n_acc.index[n_acc > max_item_accounts]
    if len(too_big):
        df = df[~df["item"].isin(too_big)]
    df = df.sort_values(["item", "ts"], kind="stable")
    a, it, t = df["acct"].to_numpy(), df["item"].to_numpy(), df["ts"].to_numpy(dtype=float)
    if len(a) < 2:
        return empty, len(too_big)
    uniq, item_rank = np.unique(it, return_inverse=True)
    n = later_within(item_rank, t, window)
    total = int(n.sum())
    if total == 0:
        return empty, len(too_big)
    i = np.repeat(np.arange(len(n)), n)
    offs = np.arange(total) - np.repeat(np.cumsum(n) - n, n)
    j = i + 1 + offs
    u, v = a[i], a[j]
    keep = u != v
    out = pd.DataFrame({"a": np.minimum(u, v)[keep], "b": np.maximum(u, v)[keep], "item": uniq[item_rank[i][keep]]})
    return out.drop_duplicates().reset_index(drop=True), len(too_big)


def later_within(item_rank: np.ndarray, t: np.ndarray, window: float) -> np.ndarray:
    """For events sorted by (item, time): how many later events of the same
    item fall within ``window`` seconds of each. One binary search over a key
    that keeps items apart (their times offset by more than the window)."""
    if len(t) == 0:
        return np.zeros(0, dtype=np.int64)
    t = np.asarray(t, dtype=float)
    key = item_rank * ((t.max() - t.min()) + window * 4 + 1) + (t - t.min())
    return np.searchsorted(key, key + window, side="right") - np.arange(len(key)) - 1
