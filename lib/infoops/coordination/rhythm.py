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

Shared bins are tested in strata of how busy the null expects the bin to be
(``w_t`` times the cell's activity: a quiet hour of the night, a busy
evening), so a few bursts in quiet hours are weighed among quiet bins even
when they are a small share of each account's activity. The strata are a
property of the null, not of who met in the bin: stratifying by the bin's
observed popularity would count the pair's own meeting as the bin's
busyness. A burst at a time of day
both accounts otherwise rarely use is then weighed against the chance of
meeting there, not drowned among the many bins two accounts with the same
habits share by chance; so a few bursts count even when they are a small
share of each account's activity.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .pair_dots import pair_dots
from .pair_tests import count_significance, counts_sparse


def cells(bins: np.ndarray, bins_per_day: int, weeks: int = 4) -> np.ndarray:
    """The cell of each bin, as one integer: (block of ``weeks`` weeks counted
    from the epoch, time of day)."""
    bins = np.asarray(bins, dtype=np.int64)
    return (bins // bins_per_day // (7 * weeks)) * bins_per_day + bins % bins_per_day


#: Strata of a bin by the number of active accounts the null expects in it.
EXPECTED_ACTIVE: tuple[float, ...] = (0.0, 1.0, 3.0, 10.0, 30.0, 100.0, np.inf)


def rhythm_labels() -> list[str]:
    """Readable names of the strata: how busy the null expects the bin."""
    return [f"bins expected to hold {lo:g}-{hi:g} active accounts" if not np.isinf(hi)
            else f"bins expected to hold {lo:g}+ active accounts"
            for lo, hi in zip(EXPECTED_ACTIVE[:-1], EXPECTED_ACTIVE[1:])]


def _activity(acct: np.ndarray, bins: np.ndarray, bins_per_day: int, weeks: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Distinct (acct, bin) with each one's cell code and day; and the days
    (with activity) with their block and weight ``w`` (the day's volume over
    its block's)."""
    df = pd.DataFrame({"acct": acct, "bin": bins}).drop_duplicates().reset_index(drop=True)
    b = df["bin"].to_numpy(dtype=np.int64)
    df["day"] = b // bins_per_day
    df["cell"] = cells(b, bins_per_day, weeks)
    days = df.groupby("day").size().rename("v").reset_index()
    days["block"] = days["day"] // (7 * weeks)
    days["w"] = days["v"] / days.groupby("block")["v"].transform("sum")
    return df, days


def rhythm_significance(acct: np.ndarray, bins: np.ndarray, n_accounts: int, bins_per_day: int,
                        max_popularity: float, weeks: int = 4) -> pd.DataFrame:
    """Per pair active in the same bin(s): observed shared bins, expected
    under the rhythm null, p (the smallest stratum p x strata) and q
    (Benjamini-Hochberg over all pairs). Bins with more than
    ``max_popularity`` accounts are not counted as shared."""
    labels = rhythm_labels()
    df, days = _activity(acct, bins, bins_per_day, weeks)
    cell_codes, cell_index = pd.factorize(df["cell"])
    df["c"] = cell_codes
    n_cells = len(cell_index)
    # every (cell, day of its block): the null's expected active accounts, its stratum, w^2
    activity = df.groupby("c").size().reindex(range(n_cells), fill_value=0).to_numpy(dtype=float)
    block_of_cell = cell_index.to_numpy() // bins_per_day
    grid = pd.DataFrame({"c": np.arange(n_cells), "block": block_of_cell}).merge(days, on="block")
    grid["busy"] = np.searchsorted(np.asarray(EXPECTED_ACTIVE), grid["w"] * activity[grid["c"]], side="right") - 1
    busy_of = grid.set_index(["c", "day"])["busy"]
    df["busy"] = busy_of.reindex(pd.MultiIndex.from_arrays([df["c"], df["day"]])).to_numpy()
    k = df.groupby("bin")["acct"].transform("size").to_numpy()
    shared = df[(k >= 2) & (k <= max_popularity)]
    strata = pd.Series(shared.drop_duplicates("bin").set_index("bin")["busy"])
    counts = counts_sparse(shared["acct"].to_numpy(), shared["bin"].to_numpy(), strata, n_accounts)
    if counts.empty:
        return count_significance(counts, {}, {}, n_accounts, labels)
    pairs = counts.index.to_frame(index=False)
    a, b = pairs["a"].to_numpy(dtype=np.int64), pairs["b"].to_numpy(dtype=np.int64)
    D = _counts(df, n_accounts, n_cells)
    w2 = grid["w"].to_numpy() ** 2
    strata_met = [int(s) for s in counts.columns]
    # one column per stratum the pairs met in, and the last over every bin (for the tables)
    G = np.column_stack([np.bincount(grid["c"].to_numpy(), weights=np.where(grid["busy"] == s, w2, 0.0),
                                     minlength=n_cells) for s in strata_met]
                        + [np.bincount(grid["c"].to_numpy(), weights=w2, minlength=n_cells)])
    E = _expected(D, G, a, b)
    # only where the pair met in a stratum is its expectation there used
    expected = {s: np.where(counts[s].to_numpy() > 0, E[:, k], 0.0) for k, s in enumerate(strata_met)}
    n_items = {s: int((grid["busy"] == s).sum()) for s in strata_met}
    out = count_significance(counts, expected, n_items, n_accounts, labels)
    out["expected"] = E[:, -1]
    return out


def _expected(D: sp.csr_matrix, G: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """sum over cells c of D[a, c] D[b, c] G[c, k], for each pair (a[n], b[n])
    and each column k of ``G``: one pass over the pairs for every stratum."""
    return pair_dots(D, a, b, G)


def _counts(rows: pd.DataFrame, n_accounts: int, n_cells: int) -> sp.csr_matrix:
    """Account x cell matrix of active bins."""
    c = rows.groupby(["acct", "c"]).size()
    return sp.csr_matrix((c.to_numpy(dtype=float), (c.index.get_level_values(0), c.index.get_level_values(1))),
                         shape=(n_accounts, n_cells))
