"""Synchronized activity tested against a null that keeps each account's
rhythm (issue #14).

Items are time bins; two accounts share a bin when both tweeted in it. The
null moves each account's active bins among the bins of the same time of
day and the same weekday within blocks of ``weeks`` weeks (a "cell"), with
each day weighted by the volume that day of the account's population
(campaign or control set). So it keeps

- each account's rhythm: its time of day, its weekdays and how active it
  was in each period;
- each population's daily volume: on a day when a campaign tweets more, the
  null puts more of its accounts' activity there, so a surge flags nobody,
  and the control accounts, who did not surge, keep their own days.

Account a is active in bin t with probability ``d_ac w_A(t)`` (``d_ac``:
a's active bins in t's cell c; ``w_A(t)``: t's day's volume in a's
population A over A's volume in the cell's days), independently of b. So a
pair's expectation is the sum over cells of ``d_ac d_bc`` times the sum over
the cell's days of ``w_A w_B``. Probabilities are not capped at 1
(expectations can only grow: the test errs on the side of caution).

Shared bins are tested in strata of how busy the null expects the bin to be
(the sum over populations of their weight that day times their activity in
the cell: a quiet hour of the night, a busy
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

from .pair_dots import pair_table_sums
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


def _activity(acct: np.ndarray, bins: np.ndarray, bins_per_day: int, weeks: int,
              pop: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Distinct (acct, bin) with each one's cell code, day and population;
    and the days (with activity) with their block and one weight column per
    population (the population's volume that day over its volume in the
    block; 0 on a day it was silent)."""
    df = pd.DataFrame({"acct": acct, "bin": bins}).drop_duplicates().reset_index(drop=True)
    b = df["bin"].to_numpy(dtype=np.int64)
    df["day"] = b // bins_per_day
    df["cell"] = cells(b, bins_per_day, weeks)
    df["pop"] = pop[df["acct"].to_numpy()]
    days = df.groupby(["pop", "day"]).size().rename("v").reset_index()
    days["w"] = days["v"] / days.groupby(["pop", days["day"] // (7 * weeks)])["v"].transform("sum")
    w = days.pivot(index="day", columns="pop", values="w").fillna(0.0)
    w.columns = [f"w{int(c)}" for c in w.columns]
    w = w.reset_index()
    w["block"] = w["day"] // (7 * weeks)
    return df, w


def rhythm_significance(acct: np.ndarray, bins: np.ndarray, n_accounts: int, bins_per_day: int,
                        max_popularity: float, weeks: int = 4, max_pair_bins: float = np.inf,
                        block: np.ndarray | None = None) -> pd.DataFrame:
    """Per pair active in the same bin(s): observed shared bins, expected
    under the rhythm null, p (the smallest stratum p x strata) and q
    (Benjamini-Hochberg over all pairs). Bins with more than
    ``max_popularity`` accounts are not counted as shared.

    Strata are tested from the quietest up while the (pair, shared bin)
    combinations they hold stay within ``max_pair_bins``: at full size
    nearly every pair of accounts meets in some busy evening bin (3.4
    billion combinations at 9M tweets), which no table of pairs can hold,
    while a burst in quiet hours lies in the quiet strata. ``attrs["method"]``
    names the strata left untested, if any.

    ``block``: each account's population (campaign or control set). Each
    population's daily volume is kept on its own: a surge of the campaigns
    around an event then neither flags the campaigns nor makes the control
    accounts, silent that day, look synchronized on their ordinary days."""
    labels = rhythm_labels()
    pop = np.zeros(n_accounts, dtype=np.int64) if block is None else np.asarray(block, dtype=np.int64)
    df, days = _activity(acct, bins, bins_per_day, weeks, pop)
    pops = [int(c[1:]) for c in days.columns if c.startswith("w")]
    cell_codes, cell_index = pd.factorize(df["cell"])
    df["c"] = cell_codes
    n_cells = len(cell_index)
    # every (cell, day of its block): the null's expected active accounts
    # (each population's activity in the cell times its weight that day), its stratum
    activity = df.groupby(["c", "pop"]).size().unstack(fill_value=0).reindex(
        index=range(n_cells), columns=pops, fill_value=0).to_numpy(dtype=float)
    block_of_cell = cell_index.to_numpy() // bins_per_day
    grid = pd.DataFrame({"c": np.arange(n_cells), "block": block_of_cell}).merge(days, on="block")
    W = grid[[f"w{q}" for q in pops]].to_numpy()
    busy_expected = (W * activity[grid["c"].to_numpy()]).sum(axis=1)
    grid["busy"] = np.searchsorted(np.asarray(EXPECTED_ACTIVE), busy_expected, side="right") - 1
    busy_of = grid.set_index(["c", "day"])["busy"]
    df["busy"] = busy_of.reindex(pd.MultiIndex.from_arrays([df["c"], df["day"]])).to_numpy()
    k = df.groupby("bin")["acct"].transform("size").to_numpy()
    shared = df[(k >= 2) & (k <= max_popularity)]
    untested = _over_budget(shared, max_pair_bins)
    shared = shared[~shared["busy"].isin(untested)]
    method = "" if not untested else (
        f"NOT TESTED: bins {', '.join(labels[s].removeprefix('bins ') for s in untested)}: more than "
        f"max_pair_bins = {max_pair_bins:,.0f} (pair, shared bin) combinations with the quieter strata")
    strata = pd.Series(shared.drop_duplicates("bin").set_index("bin")["busy"])
    counts = counts_sparse(shared["acct"].to_numpy(), shared["bin"].to_numpy(), strata, n_accounts)
    if counts.empty:
        out = count_significance(counts, {}, {}, n_accounts, labels)
        out.attrs["method"] = method
        return out
    pairs = counts.index.to_frame(index=False)
    a, b = pairs["a"].to_numpy(dtype=np.int64), pairs["b"].to_numpy(dtype=np.int64)
    D = _counts(df, n_accounts, n_cells)
    strata_met = [int(s) for s in counts.columns]
    busy = grid["busy"].to_numpy()
    col = {q: k for k, q in enumerate(pops)}
    E = np.zeros((len(a), len(strata_met) + 1))
    # a is active on day t of cell c with probability min(1, lambda w_A(t)),
    # the d_ac active bins spread over the days by its population's volume
    # (capped: an account cannot be active twice in one bin, and a very
    # active account spread without the cap would be expected too seldom
    # on quiet days); so a pair's expectation in cell c is a table of
    # (d_ac, d_bc), by population pair and stratum (_cell_tables)
    d_max = int(D.data.max()) if D.nnz else 0
    c_of = grid["c"].to_numpy()
    for (qa, qb), rows in pd.DataFrame({"qa": pop[a], "qb": pop[b]}).groupby(["qa", "qb"]).indices.items():
        T = _cell_tables(c_of, busy, W[:, col[qa]], W[:, col[qb]], n_cells, strata_met, d_max)
        E[rows] = pair_table_sums(D, a[rows], b[rows], T)
    # only where the pair met in a stratum is its expectation there used
    expected = {s: np.where(counts[s].to_numpy() > 0, E[:, k], 0.0) for k, s in enumerate(strata_met)}
    n_items = {s: int((busy == s).sum()) for s in strata_met}
    out = count_significance(counts, expected, n_items, n_accounts, labels)
    out["expected"] = E[:, -1]
    out.attrs["method"] = method
    return out


def _over_budget(shared: pd.DataFrame, max_pair_bins: float) -> list[int]:
    """The busiest strata past the budget: strata are added from the
    quietest while the sum over their bins of k (k - 1) / 2 (k: accounts
    active in the bin) stays within ``max_pair_bins``."""
    k = shared.groupby("bin").agg(k=("acct", "size"), busy=("busy", "first"))
    per = (k["k"] * (k["k"] - 1) / 2).groupby(k["busy"]).sum().sort_index()
    over = per.index[per.cumsum().to_numpy() > max_pair_bins]
    return [int(s) for s in over]


def capped_spread(d_max: int, w: np.ndarray) -> np.ndarray:
    """P[d, t] = min(1, lambda_d w[t]) with sum over t of P[d, t] = d, for
    d = 0..``d_max``: d active bins spread over days in proportion to the
    weights ``w``, no day above probability 1 (water-filling); days of
    weight 0 get 0, and d past the days of positive weight fills them all."""
    P = np.zeros((d_max + 1, len(w)))
    order = np.argsort(-w, kind="stable")
    ws = w[order]
    tail = np.cumsum(ws[::-1])[::-1]  # tail[k]: weight of the days after the k heaviest
    for d in range(1, d_max + 1):
        row = (ws > 0).astype(float)  # every positive day certain, unless a lambda fits
        for k in range(len(ws)):
            if tail[k] <= 0 or d - k <= 0:
                break
            lam = (d - k) / tail[k]
            if lam * ws[k] <= 1:
                row = np.minimum(1.0, lam * ws)
                row[:k] = 1.0
                break
        P[d, order] = row
    return P


def _cell_tables(c_of: np.ndarray, busy: np.ndarray, wa: np.ndarray, wb: np.ndarray, n_cells: int,
                 strata: list[int], d_max: int) -> np.ndarray:
    """T[c, k, da, db]: the expected shared bins in cell c of an account of
    population A with da active bins there and one of B with db, over the
    cell's days in stratum ``strata[k]`` (the last k: every day). ``c_of``,
    ``busy``, ``wa``, ``wb``: per (cell, day) row of the grid."""
    T = np.zeros((n_cells, len(strata) + 1, d_max + 1, d_max + 1))
    spread: dict[bytes, np.ndarray] = {}  # the cells of one block share their days' weights

    def cached(w: np.ndarray) -> np.ndarray:
        key = w.tobytes()
        if key not in spread:
            spread[key] = capped_spread(d_max, w)
        return spread[key]

    for c, rows in pd.Series(np.arange(len(c_of))).groupby(c_of).indices.items():
        Pa, Pb = cached(wa[rows]), cached(wb[rows])
        for k, s in enumerate(strata):
            m = busy[rows] == s
            if m.any():
                T[c, k] = Pa[:, m] @ Pb[:, m].T
        T[c, -1] = Pa @ Pb.T
    return T


def _counts(rows: pd.DataFrame, n_accounts: int, n_cells: int) -> sp.csr_matrix:
    """Account x cell matrix of active bins."""
    c = rows.groupby(["acct", "c"]).size()
    return sp.csr_matrix((c.to_numpy(dtype=float), (c.index.get_level_values(0), c.index.get_level_values(1))),
                         shape=(n_accounts, n_cells))
