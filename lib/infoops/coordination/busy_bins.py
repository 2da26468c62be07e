"""Synchronized activity in busy time bins at full size, without listing
every pair that met (issue #14).

At 9M tweets a 30-minute bin holds 660 active accounts on average: 3.5
billion (pair, shared bin) combinations, more than any table of pairs can
hold. Yet the test needs only the pairs that could be significant. So,
stratum by stratum and a block of accounts at a time:

1. every pair's shared bins are counted into a dense block (compiled loop,
   integer counts: exact);
2. every pair's expectation gets a lower bound in product form (a matrix
   product over cells, :func:`_floor_block`): the rhythm null's
   probability that account a is active on day t of cell c is
   min(1, lambda w_t), never below ``floor(d) w_t`` with ``floor(d)`` the
   smallest ratio over the cell's days;
3. a lower bound of the pair's binomial tail follows, the larger of Slud's
   (1977) normal bound, P(X >= k) >= 1 - Phi((k - np) / sqrt(np(1 - p)))
   for p <= 1/4 and k >= np, and the probability of exactly k; a smaller
   expectation gives a smaller tail, so it bounds the exact test's p;
4. a pair is dropped when its bound times the number of strata exceeds
   what Benjamini-Hochberg could still reject: q R / m, with m all pairs
   and R at most the listed pairs plus those within that level, a level
   that shrinks to a fixed point (:func:`.rhythm._rejectable`). A dropped
   pair's p is above every rejected one; BH's rejections are monotone in
   the p-values, so testing only the kept pairs (the number of tests
   staying all pairs) rejects exactly the pairs that testing every pair
   would, with the same q-values for them.
"""

from __future__ import annotations

import math

import numba
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import ndtr, ndtri

#: Dense cells per block of rows (a block of rows times all accounts, times
#: the strata screened together): 2^24 cells of counts are 64 MB; a block's
#: expectation bounds (float32) and tail bounds (float64) hold at most as many
#: cells each.
BLOCK_CELLS = 1 << 24


@numba.njit(parallel=True, cache=True)
def _count_block(ptr, members, r0, r1, out, n_parts):  # pragma: no cover - compiled
    # out[a - r0, b] += 1 for every bin where a (in [r0, r1)) and b > a are
    # both active; members sorted within each bin. The rows are cut into
    # parts, each scanning every bin for its own rows: no two threads
    # write one row, so the counts do not depend on the threads.
    span = r1 - r0
    for part in numba.prange(n_parts):
        lo, hi = r0 + span * part // n_parts, r0 + span * (part + 1) // n_parts
        if lo >= hi:
            continue
        for g in range(len(ptr) - 1):
            s, e = ptr[g], ptr[g + 1]
            i = s + np.searchsorted(members[s:e], lo)
            while i < e and members[i] < hi:
                row = members[i] - r0
                for j in range(i + 1, e):
                    out[row, members[j]] += 1
                i += 1


@numba.njit(parallel=True, cache=True)
def _screen_block(O, E, n_items, z_level, level, bound):  # pragma: no cover - compiled
    # bound[i, j] = min(bound[i, j], the tail bound of O[i, j] over E[i, j])
    # where that is at most the level (the larger of slud_tail_floor, first
    # filtered by z >= z_level, and binomial_pmf_floor);
    # returns the pairs met. In place: block-sized temporaries were the
    # stage's peak.
    met = np.zeros(O.shape[0], dtype=np.int64)
    for i in numba.prange(O.shape[0]):
        for j in range(O.shape[1]):
            o = O[i, j]
            if o == 0:
                continue
            met[i] += 1
            e = E[i, j]
            if o <= e:
                continue
            prob = e / n_items
            slud = 0.0
            if e > 0 and prob <= 0.25:
                z = (o - e) / np.sqrt(e * (1.0 - prob))
                if z < z_level:  # the normal bound alone is past the level
                    continue
                slud = 0.5 * math.erfc(z / math.sqrt(2.0))
            # the binomial's probability of exactly o bounds its tail too,
            # far tighter than the normal one where the binomial is skewed
            # (few expected shared bins)
            pmf = 0.0
            if e > 0 and prob < 1.0:
                pmf = math.exp(math.lgamma(n_items + 1.0) - math.lgamma(o + 1.0) - math.lgamma(n_items - o + 1.0)
                               + o * math.log(prob) + (n_items - o) * math.log1p(-prob))
            b = max(slud, pmf)
            if b > level:
                continue
            bound[i, j] = min(bound[i, j], b)
    return met.sum()


def spread_floor(P: np.ndarray, w: np.ndarray) -> np.ndarray:
    """For each count d (rows of ``P``, the capped spread of d active bins
    over days of weights ``w``): the largest ``f`` with ``P[d, t] >= f w[t]``
    on every day, i.e. the smallest ``P[d, t] / w[t]`` over days of positive
    weight (0 when no day has weight)."""
    pos = w > 0
    if not pos.any():
        return np.zeros(P.shape[0])
    return (P[:, pos] / w[pos]).min(axis=1)


def slud_tail_floor(observed: np.ndarray, expected: np.ndarray, n_items: int) -> np.ndarray:
    """A lower bound of P(X >= observed), X ~ Binomial(``n_items``,
    ``expected / n_items``): Slud's (1977) normal bound where it holds (the
    success probability at most 1/4 and ``observed`` at least the mean);
    1/2 at or below the mean (the binomial median is at least the floor of
    the mean, so the tail from an integer at most the mean is at least 1/2),
    and 0, no bound, where the success probability exceeds 1/4."""
    k = np.asarray(observed, dtype=float)
    mu = np.asarray(expected, dtype=float)
    prob = mu / max(n_items, 1)
    out = np.zeros(np.broadcast(k, mu).shape)
    below = k <= mu
    out[below] = 0.5
    ok = ~below & (prob <= 0.25) & (mu > 0)
    z = (k[ok] - mu[ok]) / np.sqrt(mu[ok] * (1.0 - prob[ok]))
    out[ok] = ndtr(-z)
    return out


def binomial_pmf_floor(observed: np.ndarray, expected: np.ndarray, n_items: int) -> np.ndarray:
    """P(X = observed), a lower bound of P(X >= observed), X ~
    Binomial(``n_items``, ``expected / n_items``); as computed in the
    screen's compiled loop."""
    from scipy import stats

    return stats.binom.pmf(np.asarray(observed), max(n_items, 1),
                           np.clip(np.asarray(expected, dtype=float) / max(n_items, 1), 0, 1))


def _bins(acct: np.ndarray, bins: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each bin's active accounts, sorted: pointers and members."""
    order = np.lexsort((acct, bins))
    b = bins[order]
    starts = np.flatnonzero(np.r_[True, b[1:] != b[:-1]])
    return np.r_[starts, len(b)].astype(np.int64), acct[order].astype(np.int64)


def screened_pairs(strata: list[tuple[np.ndarray, np.ndarray, np.ndarray, int]], floor: sp.csr_matrix,
                   pop: np.ndarray, level: float, listed: pd.MultiIndex) \
        -> tuple[pd.DataFrame, np.ndarray, list[dict]]:
    """The pairs worth an exact test in the strata given, with their shared
    bins in each.

    ``strata``: per stratum, ``(acct, bins, weights, n_items)``: each
    account's active bins there (distinct; bins holding at least two
    accounts), ``weights[A, B, c]`` the sum over the stratum's days of cell
    c of the two populations' day weights, and the stratum's bins (the
    binomial's trials). ``floor``: account x cell, the lower bound of the
    account's per-weight probability in each cell (:func:`spread_floor` at
    its count there). ``pop``: each account's population (a position in
    ``weights``). ``level``: the largest lower-bounded tail worth testing
    (the false-discovery rate over the number of strata). ``listed``:
    pairs (a < b) tested anyway.

    Returns a table (index a, b; one column per stratum, in order) of the
    shared bins of the listed pairs and of every pair whose tail bound is at
    most ``level`` in some stratum; each row's smallest tail bound over
    these strata (2 for a listed pair that no stratum here brings within
    ``level``); and per stratum, ``met`` (pairs with a shared bin there)."""
    n = floor.shape[0]
    binned = [_bins(np.asarray(acct), np.asarray(bins)) for acct, bins, _, _ in strata]
    rows = max(1, BLOCK_CELLS // max(n * len(strata), 1))
    pops = np.unique(pop)
    of_pop = {q: np.flatnonzero(pop == q) for q in pops}
    X = floor.tocsr()
    # per stratum, only the cells with days in it (a busy stratum holds the
    # day's busy hours, a quiet one the night), each population's floors
    # there dense once (9M tweets: 13k accounts x at most 430 cells)
    cells = [np.flatnonzero(weights.any(axis=(0, 1))) for _, _, weights, _ in strata]
    small = n * X.shape[1] <= 4 * BLOCK_CELLS
    cols = [{q: X[of_pop[q]][:, c].toarray().astype(np.float32) if small else None for q in pops} for c in cells]
    la = np.asarray(listed.get_level_values(0), dtype=np.int64)
    lb = np.asarray(listed.get_level_values(1), dtype=np.int64)
    stats = [{"met": 0} for _ in strata]
    # the normal bound ndtr(-z) is at most level exactly when z >= z_level
    z_level = -ndtri(level) if level > 0 else np.inf
    parts, bounds = [], []
    for r0 in range(0, n, rows):
        r1 = min(n, r0 + rows)
        O = np.zeros((len(strata), r1 - r0, n), dtype=np.int32)
        bound = np.full((r1 - r0, n), 2.0)
        for k, ((_, _, weights, n_items), (ptr, members)) in enumerate(zip(strata, binned)):
            _count_block(ptr, members, r0, r1, O[k], 4 * numba.get_num_threads())  # only b > a
            E = _floor_block(X, r0, r1, pop, of_pop, weights, cells[k], cols[k])
            stats[k]["met"] += int(_screen_block(O[k], E, float(n_items), z_level, level, bound))
        keep = bound <= level
        sel = (la >= r0) & (la < r1)
        keep[la[sel] - r0, lb[sel]] = True
        i, j = np.nonzero(keep)
        parts.append(pd.DataFrame(O[:, i, j].T, index=pd.MultiIndex.from_arrays(
            [(i + r0).astype(np.int64), j.astype(np.int64)], names=["a", "b"])))
        bounds.append(bound[i, j])
    return pd.concat(parts).astype(np.int64), np.concatenate(bounds), stats


def _floor_block(X: sp.csr_matrix, r0: int, r1: int, pop: np.ndarray, of_pop: dict, weights: np.ndarray,
                 cells: np.ndarray, cols: dict) -> np.ndarray:
    """Lower bounds of the expectations of rows ``r0``..``r1`` of the floors
    ``X`` with every later account (columns before ``r0`` stay 0: only
    pairs a < b are counted): the sum over the stratum's ``cells`` of the
    two floors times the populations' weight product there. ``cols``: each
    population's floors on those cells, dense (None: taken from ``X``)."""
    E = np.zeros((r1 - r0, X.shape[0]), dtype=np.float32)
    Xr = X[r0:r1][:, cells].toarray().astype(np.float32)
    pop_r = pop[r0:r1]
    for A in np.unique(pop_r):
        ra = np.flatnonzero(pop_r == A)
        for B, cb in of_pop.items():
            first = int(np.searchsorted(cb, r0))
            if first == len(cb):
                continue
            Xb = cols[B][first:] if cols.get(B) is not None else \
                X[cb[first:]][:, cells].toarray().astype(np.float32)
            E[np.ix_(ra, cb[first:])] = (Xr[ra] * weights[A, B, cells].astype(np.float32)) @ Xb.T
    # in single precision (twice as fast) and rounded: kept below the exact
    # sum it bounds by a margin far above float32's relative error over a sum
    E *= np.float32(1 - 1e-4)
    return E
