"""Account pairs that acted on the same item within a time window, listed
without a dense account x account matrix."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: (pair, item) combinations listed at once when counting windowed
#: co-actions: memory stays near a few hundred MB however many accounts act
#: on one item together (a retweet wave of 1,900 accounts on 50 tweets is
#: 90 million combinations, 11 GB when listed whole).
CHUNK_PAIRS = 4_000_000


@dataclass
class WindowedCounts:
    """What pairs share within a window, counted without listing every
    (pair, item) combination at once."""

    counts: pd.DataFrame  # rows (a, b) sorted, a column per item group: distinct items shared in the window
    met: pd.Series  # per item used by at most the cap: distinct pairs that met on it in the window
    dropped: int  # items of more than the cap's accounts, left out


def windowed_pairs(acct: np.ndarray, item: np.ndarray, ts: np.ndarray, window: float,
                   max_item_accounts: int) -> tuple[pd.DataFrame, int]:
    """Account pairs that acted on the same item within ``window`` seconds.

    Returns (edges with a, b, weight = distinct items shared, items dropped
    for exceeding ``max_item_accounts`` distinct accounts)."""
    wc = windowed_counts(acct, item, ts, window, max_item_accounts)
    pairs = wc.counts.index.to_frame(index=False)
    return pairs.assign(weight=wc.counts.sum(axis=1).to_numpy(dtype=np.int64)), wc.dropped


def windowed_counts(acct: np.ndarray, item: np.ndarray, ts: np.ndarray, window: float, max_item_accounts: int,
                    group: pd.Series | None = None, chunk_pairs: int = CHUNK_PAIRS) -> WindowedCounts:
    """Distinct items each pair (a < b) acted on within ``window`` seconds of
    each other, per item group (``group``: item -> integer, e.g. its
    popularity stratum; one group 0 when None), and the distinct pairs that
    met on each item. Items of more than ``max_item_accounts`` distinct
    accounts are left out and counted.

    Events are sorted by (item, time); each one's window end is found by
    binary search and the index ranges are expanded into (pair, item)
    combinations a chunk of whole items at a time (``chunk_pairs``), each
    chunk deduplicated and added to running counts, so memory follows the
    number of distinct pairs, not the sum over items of their pairs."""
    acct = np.asarray(acct, dtype=np.int64)
    n_acc = int(acct.max()) + 1 if len(acct) else 1
    uniq, rank = np.unique(np.asarray(item), return_inverse=True)
    rank = rank.astype(np.int64)
    # distinct accounts per item: more than the cap and the item is left out
    per_item = np.bincount(np.unique(rank * n_acc + acct) // n_acc, minlength=len(uniq))
    too_big = per_item > max_item_accounts
    keep = ~too_big[rank]
    groups = (np.zeros(len(uniq), dtype=np.int64) if group is None
              else group.reindex(uniq).to_numpy(dtype=np.int64))
    order = np.lexsort((np.asarray(ts, dtype=float)[keep], rank[keep]))
    a, r, t = acct[keep][order], rank[keep][order], np.asarray(ts, dtype=float)[keep][order]
    new_item = np.r_[True, r[1:] != r[:-1]] if len(r) else np.zeros(0, dtype=bool)
    # the binary search keys items by their rank among the items kept
    n = later_within(np.cumsum(new_item) - 1, t, window)
    counter = _PairCounter(n_acc, int(groups.max()) + 1 if len(groups) else 1, chunk_pairs)
    met = np.zeros(len(uniq), dtype=np.int64)
    # chunks end where an item ends: an item's combinations are deduplicated whole
    starts = np.flatnonzero(new_item)
    bounds = np.r_[starts, len(r)]
    before = np.r_[0, np.cumsum(n)][bounds]  # combinations before each item boundary
    k = 0
    while k < len(starts):
        last = max(k + 1, int(np.searchsorted(before, before[k] + chunk_pairs, side="right")) - 1)
        lo, hi = bounds[k], bounds[last]
        pk, rk = _expand(a, r, n, lo, hi, n_acc)
        if len(pk):
            # distinct (item, pair): sorted by both, each run counted once
            o = np.lexsort((pk, rk))
            pk, rk = pk[o], rk[o]
            first = np.r_[True, (pk[1:] != pk[:-1]) | (rk[1:] != rk[:-1])]
            pk, rk = pk[first], rk[first]
            met[r[lo]:r[hi - 1] + 1] += np.bincount(rk - r[lo], minlength=int(r[hi - 1] - r[lo]) + 1)
            counter.add(pk, groups[rk])
        k = last
    kept = ~too_big
    return WindowedCounts(counter.table(), pd.Series(met[kept], index=uniq[kept]), int(too_big.sum()))


def _expand(a: np.ndarray, r: np.ndarray, n: np.ndarray, lo: int, hi: int,
            n_acc: int) -> tuple[np.ndarray, np.ndarray]:
    """The (pair key a * n_acc + b with a < b, item rank) of every two events
    of different accounts within the window, among events ``lo:hi``."""
    nn = n[lo:hi]
    total = int(nn.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    i = np.repeat(np.arange(lo, hi), nn)
    j = i + 1 + (np.arange(total) - np.repeat(np.cumsum(nn) - nn, nn))
    u, v = a[i], a[j]
    differ = u != v
    u, v = u[differ], v[differ]
    return np.minimum(u, v) * n_acc + np.maximum(u, v), r[i][differ]


class _PairCounter:
    """Running counts of (pair key, group), compacted whenever the parts
    added since hold more than ``limit`` rows."""

    def __init__(self, n_acc: int, n_groups: int, limit: int):
        self.n_acc, self.n_groups, self.limit = n_acc, n_groups, limit
        self.keys, self.counts, self.rows = [], [], 0

    def add(self, pair: np.ndarray, group: np.ndarray) -> None:
        """Count each (pair key, group) once per row given."""
        keys, counts = np.unique(pair * self.n_groups + group, return_counts=True)
        self.keys.append(keys)
        self.counts.append(counts)
        self.rows += len(keys)
        if self.rows > self.limit and len(self.keys) > 1:
            self._compact()

    def _compact(self) -> None:
        keys, inverse = np.unique(np.concatenate(self.keys), return_inverse=True)
        self.keys = [keys]
        self.counts = [np.bincount(inverse, weights=np.concatenate(self.counts)).astype(np.int64)]
        self.rows = len(keys)

    def table(self) -> pd.DataFrame:
        """Rows (a, b) in order, a column per group that has any pair."""
        if not self.keys:
            return pd.DataFrame(index=pd.MultiIndex.from_arrays([np.zeros(0, np.int64)] * 2, names=["a", "b"]))
        self._compact()
        key = self.keys[0]
        return pair_table(key // self.n_groups, key % self.n_groups, self.counts[0], self.n_acc)


def pair_table(pair: np.ndarray, column: np.ndarray, count: np.ndarray, n_acc: int,
               name: str = "group") -> pd.DataFrame:
    """Counts given once per (pair key a * n_acc + b, column) as a table:
    rows (a, b) in order, a column per value of ``column`` that has any
    (a pivot by hand: pandas' pivot_table took most of the time at 1M
    tweets)."""
    pairs, row = np.unique(pair, return_inverse=True)
    cols = np.unique(column)
    table = np.zeros((len(pairs), len(cols)), dtype=np.int64)
    table[row, np.searchsorted(cols, column)] = count
    return pd.DataFrame(table, columns=pd.Index(cols, name=name),
                        index=pd.MultiIndex.from_arrays([pairs // n_acc, pairs % n_acc], names=["a", "b"]))


def later_within(item_rank: np.ndarray, t: np.ndarray, window: float) -> np.ndarray:
    """For events sorted by (item, time): how many later events of the same
    item fall within ``window`` seconds of each. One binary search over a key
    that keeps items apart (their times offset by more than the window)."""
    if len(t) == 0:
        return np.zeros(0, dtype=np.int64)
    t = np.asarray(t, dtype=float)
    key = item_rank * ((t.max() - t.min()) + window * 4 + 1) + (t - t.min())
    return np.searchsorted(key, key + window, side="right") - np.arange(len(key)) - 1
