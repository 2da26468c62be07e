"""Synchronized activity tested against a null that keeps each account's
rhythm (issue #14).

Items are time bins; two accounts share a bin when both tweeted in it. The
null moves each account's active bins among the bins of the same time of
day and the same weekday within blocks of ``weeks`` weeks (a "cell"), with
each day weighted by the whole data's volume that day. So it keeps

- each account's rhythm: its time of day, its weekdays and how active it
  was in each period;
- the campaign-wide daily volume: on a day when everyone tweets more, the
  null puts more of everyone's activity there, so a surge flags nobody.

Account a is active in bin t with probability ``d_ac w_t`` (``d_ac``: a's
active bins in t's cell c; ``w_t``: t's day's volume over the sum of the
volumes of the cell's days), independently of b. Probabilities are not
capped at 1 (expectations can only grow: the test errs on the side of
caution).

Shared bins are tested in strata of how active the two accounts were in the
bin's cell (``d_ac`` and ``d_bc``: 1, 2, 3 or more). A burst at a time of day
both accounts otherwise rarely use is then weighed against the chance of
meeting there, not drowned among the many bins two accounts with the same
habits share by chance; so a few bursts count even when they are a small
share of each account's activity.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .pair_tests import count_significance

#: Activity levels of an account in a cell (its active bins there): 1, 2, 3+.
LEVELS = (1, 2, 3)
#: Strata of a shared bin: the two accounts' levels in its cell, unordered.
BUCKETS: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 2), (1, 3), (2, 3), (3, 3))


def bucket_labels() -> list[str]:
    """Readable names of the strata of shared bins."""
    said = {1: "once", 2: "twice", 3: "3+ times"}
    return [f"bins where the two were active {said[i]} and {said[j]} in the cell" for i, j in BUCKETS]


def cells(bins: np.ndarray, bins_per_day: int, weeks: int = 4) -> np.ndarray:
    """The cell of each bin, as one integer: (block of ``weeks`` weeks counted
    from the epoch, time of day)."""
    bins = np.asarray(bins, dtype=np.int64)
    return (bins // bins_per_day // (7 * weeks)) * bins_per_day + bins % bins_per_day


def _activity(acct: np.ndarray, bins: np.ndarray, n_accounts: int, bins_per_day: int,
              weeks: int) -> tuple[pd.DataFrame, np.ndarray, int]:
    """Distinct (acct, bin) with each one's cell code and the account's level
    there; each bin's weight w_t; the number of cells."""
    df = pd.DataFrame({"acct": acct, "bin": bins}).drop_duplicates().reset_index(drop=True)
    b = df["bin"].to_numpy(dtype=np.int64)
    day = b // bins_per_day
    volume = pd.Series(day).value_counts()
    codes, index = pd.factorize(cells(b, bins_per_day, weeks))
    # a cell's days: those of its block; S = the sum of their volumes
    cell_day = day // (7 * weeks)
    days = pd.DataFrame({"cd": cell_day, "day": day}).drop_duplicates("day")
    S = days.assign(v=volume.reindex(days["day"]).to_numpy()).groupby("cd")["v"].sum()
    bin_w = pd.Series(volume.reindex(day).to_numpy() / S.reindex(cell_day).to_numpy(), index=b)
    df["cell"] = codes
    df["level"] = np.minimum(df.groupby(["acct", "cell"])["bin"].transform("size").to_numpy(), LEVELS[-1])
    w = bin_w[~bin_w.index.duplicated()]
    return df, w, len(index)


def rhythm_significance(acct: np.ndarray, bins: np.ndarray, n_accounts: int, bins_per_day: int,
                        max_popularity: float, weeks: int = 4, chunk: int = 200_000) -> pd.DataFrame:
    """Per pair active in the same bin(s): observed shared bins, expected
    under the rhythm null, p (the smallest stratum p x strata) and q
    (Benjamini-Hochberg over all pairs). Bins with more than
    ``max_popularity`` accounts are not counted as shared."""
    df, w, n_cells = _activity(acct, bins, n_accounts, bins_per_day, weeks)
    k = df.groupby("bin")["acct"].transform("size")
    G = np.bincount(df.drop_duplicates("bin")["cell"].to_numpy(),
                    weights=w.reindex(df.drop_duplicates("bin")["bin"]).to_numpy() ** 2, minlength=n_cells)
    shared = df[(k >= 2) & (k <= max_popularity)]
    bin_codes, _ = pd.factorize(shared["bin"])
    n_bins = int(bin_codes.max()) + 1 if len(bin_codes) else 0
    B, D = {}, {}
    for lv in LEVELS:
        m = (shared["level"] == lv).to_numpy()
        B[lv] = sp.csr_matrix((np.ones(m.sum()), (shared["acct"].to_numpy()[m], bin_codes[m])),
                              shape=(n_accounts, n_bins))
        D[lv] = _counts(df[df["level"] == lv], n_accounts, n_cells)
    parts = []
    for s, (i, j) in enumerate(BUCKETS):
        C = B[i] @ B[j].T
        if i != j:
            C = C + B[j] @ B[i].T
        C = sp.triu(C, k=1).tocoo()
        parts.append(pd.DataFrame({"a": C.row.astype(np.int64), "b": C.col.astype(np.int64), "stratum": s,
                                   "n": np.rint(C.data).astype(np.int64)}))
    long = pd.concat(parts, ignore_index=True)
    long = long[long["n"] > 0]
    if long.empty:
        return count_significance(pd.DataFrame(), {}, {}, n_accounts, bucket_labels())
    counts = long.pivot_table(index=["a", "b"], columns="stratum", values="n", fill_value=0, aggfunc="sum")
    pairs = counts.index.to_frame(index=False)
    a, b = pairs["a"].to_numpy(dtype=np.int64), pairs["b"].to_numpy(dtype=np.int64)
    # the binomial's trials: the bins of the data (a pair can meet in any of them)
    n_items = {s: int(df["bin"].nunique()) for s in range(len(BUCKETS))}
    expected = {s: _expected(D[i], D[j], G, a, b, chunk) + (_expected(D[j], D[i], G, a, b, chunk) if i != j else 0)
                for s, (i, j) in enumerate(BUCKETS)}
    return count_significance(counts, expected, n_items, n_accounts, bucket_labels())


def _expected(Di: sp.csr_matrix, Dj: sp.csr_matrix, G: np.ndarray, a: np.ndarray, b: np.ndarray,
              chunk: int) -> np.ndarray:
    """sum over cells c of Di[a, c] Dj[b, c] G[c], for each pair (a[n], b[n])."""
    X = sp.csr_matrix(Di.multiply(G[None, :]))
    e = np.zeros(len(a))
    for lo in range(0, len(a), chunk):
        hi = min(lo + chunk, len(a))
        e[lo:hi] = np.asarray(X[a[lo:hi]].multiply(Dj[b[lo:hi]]).sum(axis=1)).ravel()
    return e


def _counts(rows: pd.DataFrame, n_accounts: int, n_cells: int) -> sp.csr_matrix:
    """Account x cell matrix of active bins."""
    c = rows.groupby(["acct", "cell"]).size()
    return sp.csr_matrix((c.to_numpy(dtype=float), (c.index.get_level_values(0), c.index.get_level_values(1))),
                         shape=(n_accounts, n_cells))
