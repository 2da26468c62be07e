"""Null models: each signal recomputed on shuffled events (accounts permuted
across tweets, or each account's active days moved at random)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .params import CoordParams
from .signals import Signal, near_duplicate_pairs, signal_edges


def null_events(ev: pd.DataFrame, mode: str, rng: np.random.Generator) -> pd.DataFrame:
    """One null realization of the events.

    ``account-permute``: account labels shuffled across all tweets, so every
    item keeps its times and popularity and every account its number of
    tweets, but who acted with whom is random. ``day-permute``: each account's
    active days are moved, independently, to random days of the data span,
    keeping the time of day of every tweet: a shared daily rhythm (an office
    schedule) survives, the synchrony of particular bursts does not."""
    # Shallow: only acct or ts is replaced (pandas copy-on-write keeps ev intact).
    out = ev.copy(deep=False)
    if mode == "account-permute":
        out["acct"] = rng.permutation(out["acct"].to_numpy())
    elif mode == "day-permute":
        day = np.floor(out["ts"].to_numpy() / 86400).astype(np.int64)
        keys = pd.DataFrame({"acct": out["acct"].to_numpy(), "day": day})
        uniq = keys.drop_duplicates().reset_index(drop=True)
        uniq["new"] = rng.integers(day.min(), day.max() + 1, len(uniq))
        new = keys.merge(uniq, on=["acct", "day"], how="left")["new"].to_numpy()
        out["ts"] = out["ts"].to_numpy() + (new - day) * 86400
    else:  # pragma: no cover
        raise ValueError(mode)
    return out


def null_max_weights(sig: Signal, ev: pd.DataFrame, n_accounts: int, p: CoordParams,
                     rng: np.random.Generator, items: pd.DataFrame | None = None,
                     near_pairs: pd.DataFrame | None = None) -> np.ndarray:
    """The largest edge weight in each null realization of one signal.

    Under account permutation a signal's items keep their times and contents,
    so they are extracted once and only their accounts are redrawn (the same
    draw as permuting the accounts of all events; items are indexed by event
    row). Near-duplicate text pairs are likewise found once."""
    items = sig.items(ev) if items is None else items
    # Text pairs survive only a permutation of accounts (times stay put).
    near = near_pairs if sig.null == "account-permute" else None
    if near is None and sig.name == "near_duplicate" and sig.null == "account-permute":
        near = near_duplicate_pairs(items, sig.window, p.near_duplicate_threshold)
    rows = items.index.to_numpy()
    out = []
    for _ in range(p.n_null):
        if sig.null == "account-permute":
            perm = rng.permutation(ev["acct"].to_numpy())
            null_items = items.assign(acct=perm[rows])
        else:
            null_items = sig.items(null_events(ev, sig.null, rng))
        edges, _ = signal_edges(sig, null_items, n_accounts, p, near)
        out.append(float(edges["weight"].max()) if len(edges) else 0.0)
    return np.asarray(out)


def null_table(null: np.ndarray) -> pd.DataFrame:
    """The largest edge weight of each null realization of one signal, as a table."""
    return pd.DataFrame({"realization": range(len(null)), "max_edge_weight": null})
