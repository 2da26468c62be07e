"""The permutation null, kept as an optional check of the closed-form tests
(parameter ``permutation_check``): each windowed signal recomputed with
account labels shuffled across tweets, an edge kept when its weight exceeds
the largest weight of every realization.

Only the windowed signals are checked: there, shuffling accounts keeps each
item's times and popularity and each account's activity, the same things
the closed form keeps, so the two should agree. It is slow at full size (a
network per realization) and gates every pair by one global maximum, which
is why it no longer decides.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .params import CoordParams
from .signals import Signal, signal_edges


def null_events(ev: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One null realization of the events: account labels shuffled across
    all tweets, so every item keeps its times and popularity and every
    account its number of tweets, but who acted with whom is random."""
    out = ev.copy(deep=False)  # shallow: only acct is replaced
    # a copy: permutation shuffles an empty read-only array in place (no events left)
    out["acct"] = rng.permutation(out["acct"].to_numpy(copy=True))
    return out


def null_max_weights(sig: Signal, ev: pd.DataFrame, p: CoordParams, rng: np.random.Generator,
                     items: pd.DataFrame | None = None) -> np.ndarray:
    """The largest edge weight in each of ``p.n_null`` realizations of one
    windowed signal. Items keep their times and contents under the
    permutation, so they are extracted once and only their accounts are
    redrawn (the same draw as permuting the accounts of all events: items
    are indexed by event row)."""
    items = sig.items(ev) if items is None else items
    rows = items.index.to_numpy()
    out = []
    for _ in range(p.n_null):
        perm = null_events(ev, rng)["acct"].to_numpy()
        edges, _ = signal_edges(sig, items.assign(acct=perm[rows]), p)
        out.append(float(edges["weight"].max()) if len(edges) else 0.0)
    return np.asarray(out)


def permutation_edges(sig: Signal, items: pd.DataFrame, ev: pd.DataFrame, p: CoordParams,
                      rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """Edges of a windowed signal kept by the permutation null (weight above
    every realization's maximum, with an empirical p-value), and the null
    maxima."""
    edges, _ = signal_edges(sig, items, p)
    null = null_max_weights(sig, ev, p, rng, items)
    threshold = float(null.max()) if len(null) else 0.0
    kept = edges[edges["weight"] > threshold].copy()
    kept["p_value"] = [(1 + (null >= w).sum()) / (1 + len(null)) for w in kept["weight"]]
    kept["signal"] = sig.name
    return kept, null


def null_table(null: np.ndarray) -> pd.DataFrame:
    """The largest edge weight of each null realization of one signal, as a table."""
    return pd.DataFrame({"realization": range(len(null)), "max_edge_weight": null})
