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

Account a is active in bin t with probability ``min(1, lambda w_A(t))``:
its ``d_ac`` active bins in t's cell c spread over the cell's days by
``w_A`` (t's day's volume in a's population A over A's volume in the
cell's days), capped at 1 per bin, independently of b. So a pair's
expectation is a sum over cells of a table of ``(d_ac, d_bc)``. The null is
composite: the same with ``w`` even over the days A was active, and the
larger of the two expectations is used (the supremum p), because an
account that tweets every day whatever its campaign does is expected too
seldom on quiet days by volume alone.

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

At full size the busy strata hold billions of (pair, shared bin)
combinations; they are counted in dense blocks and screened by a lower
bound of each pair's p (:mod:`.busy_bins`), with the decisions of testing
every pair.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .busy_bins import screened_pairs, spread_floor
from .pair_dots import pair_table_sums
from .pair_tests import count_significance, counts_sparse


def cells(bins: np.ndarray, bins_per_day: int, weeks: int = 4) -> np.ndarray:
    """The cell of each bin, as one integer: (block of ``weeks`` weeks counted
    from the epoch, time of day)."""
    bins = np.asarray(bins, dtype=np.int64)
    return (bins // bins_per_day // (7 * weeks)) * bins_per_day + bins % bins_per_day


#: Strata of a bin by the number of active accounts the null expects in it.
EXPECTED_ACTIVE: tuple[float, ...] = (0.0, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, np.inf)


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
    # 32-bit columns: at 9M tweets this frame holds 7.4 million rows
    df = pd.DataFrame({"acct": np.asarray(acct, dtype=np.int32), "bin": bins}).drop_duplicates()
    df = df.reset_index(drop=True)
    b = df["bin"].to_numpy(dtype=np.int64)
    df["day"] = (b // bins_per_day).astype(np.int32)
    df["cell"] = cells(b, bins_per_day, weeks)
    df["pop"] = pop[df["acct"].to_numpy()].astype(np.int32)
    days = df.groupby(["pop", "day"]).size().rename("v").reset_index()
    days["w"] = days["v"] / days.groupby(["pop", days["day"] // (7 * weeks)])["v"].transform("sum")
    w = days.pivot(index="day", columns="pop", values="w").fillna(0.0)
    w.columns = [f"w{int(c)}" for c in w.columns]
    w = w.reset_index()
    w["block"] = w["day"] // (7 * weeks)
    return df, w


def rhythm_significance(acct: np.ndarray, bins: np.ndarray, n_accounts: int, bins_per_day: int,
                        max_popularity: float, weeks: int = 4, max_pair_bins: float = np.inf,
                        block: np.ndarray | None = None, fdr_q: float = 0.01) -> pd.DataFrame:
    """Per pair active in the same bin(s): observed shared bins, expected
    under the rhythm null, p (the smallest stratum p x strata) and q
    (Benjamini-Hochberg over all pairs). Bins with more than
    ``max_popularity`` accounts are not counted as shared.

    Strata are listed pair by pair from the quietest up while the (pair,
    shared bin) combinations they hold stay within ``max_pair_bins``. The
    busier strata (at 9M tweets nearly every pair of accounts meets in some
    busy bin: 3.5 billion combinations) are counted in dense blocks and
    only the pairs that could reach ``fdr_q`` there, by a lower bound of
    their expectation, are tested exactly (:mod:`.busy_bins`): the same
    decisions as listing every pair. ``attrs["method"]`` says how many
    pairs met there and how many were tested exactly.

    ``block``: each account's population (campaign or control set). Each
    population's daily volume is kept on its own: a surge of the campaigns
    around an event then neither flags the campaigns nor makes the control
    accounts, silent that day, look synchronized on their ordinary days."""
    labels = rhythm_labels()
    pop = np.zeros(n_accounts, dtype=np.int64) if block is None else np.asarray(block, dtype=np.int64)
    null = rhythm_null(acct, bins, n_accounts, bins_per_day, weeks, pop)
    df = null.activity
    k = df.groupby("bin")["acct"].transform("size").to_numpy()
    shared = df.loc[(k >= 2) & (k <= max_popularity), ["acct", "bin", "busy"]]
    dense = _over_budget(shared, max_pair_bins)
    present = sorted(int(s) for s in pd.unique(shared["busy"]))
    listed = shared[~shared["busy"].isin(dense)]
    strata = pd.Series(listed.drop_duplicates("bin").set_index("bin")["busy"])
    counts = counts_sparse(listed["acct"].to_numpy(), listed["bin"].to_numpy(), strata, n_accounts)
    method = ""
    if dense:
        counts, method = _dense_strata(shared, dense, counts, null, fdr_q, len(present), labels)
    if counts.empty:
        out = count_significance(counts, {}, {}, n_accounts, labels)
        out.attrs["method"] = method
        return out
    pairs = counts.index.to_frame(index=False)
    a, b = pairs["a"].to_numpy(dtype=np.int64), pairs["b"].to_numpy(dtype=np.int64)
    strata_met = [int(s) for s in counts.columns]
    E = exact_expectations(null, a, b, strata_met)
    # only where the pair met in a stratum is its expectation there used
    expected = {s: np.where(counts[s].to_numpy() > 0, E[:, k], 0.0) for k, s in enumerate(strata_met)}
    n_items = {s: int((null.busy == s).sum()) for s in strata_met}
    out = count_significance(counts, expected, n_items, n_accounts, labels)
    out["expected"] = E[:, -1]
    out.attrs["method"] = method
    return out


@dataclass
class RhythmNull:
    """The rhythm null's pieces. ``activity``: distinct (acct, bin) with
    day, cell, population (``pop``), cell code ``c`` and stratum ``busy``.
    Per (cell, day of its block), the grid: ``c_of``, ``busy`` and ``W``
    (one column of day weights per population; ``col``: population code to
    column). ``D``: account x cell active bins, at most ``d_max``.
    ``pop``: each account's population code. ``W_even``: as ``W``, even
    over the days of each block the population was active."""

    activity: pd.DataFrame
    c_of: np.ndarray
    busy: np.ndarray
    W: np.ndarray
    col: dict[int, int]
    D: sp.csr_matrix
    d_max: int
    pop: np.ndarray
    W_even: np.ndarray


def rhythm_null(acct: np.ndarray, bins: np.ndarray, n_accounts: int, bins_per_day: int, weeks: int,
                pop: np.ndarray) -> RhythmNull:
    """The null of :func:`rhythm_significance` for these events: cells,
    each population's day weights, and the strata of every (cell, day) by
    how many active accounts the null expects there (each population's
    activity in the cell times its weight that day)."""
    df, days = _activity(acct, bins, bins_per_day, weeks, pop)
    pops = [int(c[1:]) for c in days.columns if c.startswith("w")]
    cell_codes, cell_index = pd.factorize(df.pop("cell"))
    df["c"] = cell_codes.astype(np.int32)
    n_cells = len(cell_index)
    activity = df.groupby(["c", "pop"]).size().unstack(fill_value=0).reindex(
        index=range(n_cells), columns=pops, fill_value=0).to_numpy(dtype=float)
    block_of_cell = cell_index.to_numpy() // bins_per_day
    grid = pd.DataFrame({"c": np.arange(n_cells), "block": block_of_cell}).merge(days, on="block")
    W = grid[[f"w{q}" for q in pops]].to_numpy()
    busy_expected = (W * activity[grid["c"].to_numpy()]).sum(axis=1)
    grid["busy"] = np.searchsorted(np.asarray(EXPECTED_ACTIVE), busy_expected, side="right") - 1
    busy_of = grid.set_index(["c", "day"])["busy"]
    df["busy"] = busy_of.reindex(pd.MultiIndex.from_arrays([df["c"], df["day"]])).to_numpy().astype(np.int8)
    D = _counts(df, n_accounts, n_cells)
    active = (W > 0).astype(float)
    days_active = pd.DataFrame(active).groupby(grid["c"].to_numpy()).transform("sum").to_numpy()
    W_even = np.divide(active, days_active, out=np.zeros_like(active), where=days_active > 0)
    return RhythmNull(df, grid["c"].to_numpy(), grid["busy"].to_numpy(), W, {q: k for k, q in enumerate(pops)},
                      D, int(D.data.max()) if D.nnz else 0, pop, W_even)


def exact_expectations(null: RhythmNull, a: np.ndarray, b: np.ndarray, strata: list[int]) -> np.ndarray:
    """E[n, k]: pair (a[n], b[n])'s expected shared bins in stratum
    ``strata[k]``, the last column over every day.

    a is active on day t of cell c with probability min(1, lambda w_A(t)),
    the d_ac active bins spread over the days by its population's volume
    (capped: an account cannot be active twice in one bin, and a very
    active account spread without the cap would be expected too seldom on
    quiet days); so a pair's expectation in cell c is a table of (d_ac,
    d_bc), by population pair and stratum (:func:`_cell_tables`).

    Two spreads, and the larger expectation of the two (the supremum p over
    a composite null, as for the item tests): by the population's daily
    volume, and evenly over the days the population was active. An account
    that tweets every day whatever its campaign does (a scheduler, a very
    active person) follows the second: by volume alone it is expected too
    seldom on quiet days, and two such accounts look synchronized there
    (at 1M tweets, a decoy with 6,005 tweets and an organic account with
    9,696, below their expectation overall)."""
    E = np.zeros((len(a), len(strata) + 1))
    n_cells, pop, col = null.D.shape[1], null.pop, null.col
    for (qa, qb), rows in pd.DataFrame({"qa": pop[a], "qb": pop[b]}).groupby(["qa", "qb"]).indices.items():
        for W in (null.W, null.W_even):
            T = _cell_tables(null.c_of, null.busy, W[:, col[qa]], W[:, col[qb]], n_cells, strata, null.d_max)
            E[rows] = np.maximum(E[rows], pair_table_sums(null.D, a[rows], b[rows], T))
    return E


def floor_matrix(null: RhythmNull) -> tuple[sp.csr_matrix, np.ndarray]:
    """Account x cell: the lower bound of the account's probability of
    activity per unit of day weight in the cell (:func:`.busy_bins.spread_floor`
    at its count there); and each account's population as its column in
    ``W`` (accounts without activity: the first, they meet nobody)."""
    lut = np.zeros(int(null.pop.max()) + 1, dtype=np.int64)
    lut[list(null.col)] = list(null.col.values())
    pos = lut[null.pop]
    floors = _floors(null.c_of, null.W, null.D.shape[1], null.d_max)  # [population column, cell, count]
    Dc = null.D.tocoo()
    return sp.csr_matrix((floors[pos[Dc.row], Dc.col, Dc.data.astype(np.int64)], (Dc.row, Dc.col)),
                         shape=null.D.shape), pos


def stratum_weights(null: RhythmNull, s: int) -> np.ndarray:
    """weights[A, B, c]: the sum over cell c's days in stratum ``s`` of the
    day weights of populations (columns) A and B."""
    m = null.busy == s
    n_cells, k = null.D.shape[1], len(null.col)
    out = np.zeros((k, k, n_cells))
    for ka in range(k):
        for kb in range(k):
            out[ka, kb] = np.bincount(null.c_of[m], weights=null.W[m, ka] * null.W[m, kb], minlength=n_cells)
    return out


def _dense_strata(shared: pd.DataFrame, dense: list[int], counts: pd.DataFrame, null: RhythmNull,
                  level: float, n_strata: int, labels: list[str]) -> tuple[pd.DataFrame, str]:
    """The strata past the listing budget, screened (:func:`.busy_bins.screened_pairs`):
    ``counts`` grown by their columns and by the pairs kept, and the
    method's text. Every stratum with shared bins stays a column, so the
    number of strata the p-values are multiplied by does not change."""
    floor, pos = floor_matrix(null)
    screened = []
    for s in dense:
        g = shared[shared["busy"] == s]
        screened.append((g["acct"].to_numpy(), g["bin"].to_numpy(), stratum_weights(null, s),
                         int((null.busy == s).sum())))
    found, bound, stats = screened_pairs(screened, floor, pos, level / n_strata, counts.index)
    found.columns = dense
    found = found[(bound <= _rejectable(bound, len(counts), floor.shape[0], level, n_strata))
                  | found.index.isin(counts.index)]
    notes = [f"{labels[s].removeprefix('bins ')}: {n['met']:,} pairs met there, counted in dense blocks"
             for s, n in zip(dense, stats)]
    notes.append(f"{len(found) - len(counts):,} of them could reach the false-discovery rate by a lower bound of "
                 "their p and were tested exactly; the others cannot be significant and are not listed")
    table = counts.join(found, how="outer").fillna(0).astype(np.int64) if len(counts.columns) else found
    table.columns = pd.Index([int(c) for c in table.columns], name="stratum")
    table = table[sorted(table.columns)].sort_index()
    return table, "; ".join(notes)


def _rejectable(bound: np.ndarray, n_listed: int, n_accounts: int, q: float, n_strata: int) -> float:
    """The largest bound on a pair's stratum p that Benjamini-Hochberg at
    ``q`` could still reject. A rejected pair has p <= q R / m (R the
    rejections, m all pairs), and R is at most the listed pairs plus the
    screened pairs whose bound times ``n_strata`` is within that level: so
    the level shrinks from q / ``n_strata`` to a fixed point that holds
    whatever the exact p-values turn out to be."""
    m = n_accounts * (n_accounts - 1) / 2
    rejections = m
    while True:
        level = q * rejections / (m * n_strata)
        fewer = n_listed + int((bound <= level).sum())
        if fewer >= rejections:
            return level
        rejections = fewer


def _floors(c_of: np.ndarray, W: np.ndarray, n_cells: int, d_max: int) -> np.ndarray:
    """F[q, c, d]: for an account of the population in column q of ``W``
    with d active bins in cell c, the smallest ratio over the cell's days of
    its probability of activity (:func:`capped_spread`) to the day's weight
    (:func:`.busy_bins.spread_floor`)."""
    F = np.zeros((W.shape[1], n_cells, d_max + 1))
    memo: dict[bytes, np.ndarray] = {}
    for c, rows in pd.Series(np.arange(len(c_of))).groupby(c_of).indices.items():
        for q in range(W.shape[1]):
            w = W[rows, q]
            key = w.tobytes()
            if key not in memo:
                memo[key] = spread_floor(capped_spread(d_max, w), w)
            F[q, c] = memo[key]
    return F


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
