"""Busy strata screened in dense blocks: exact counts, bounds that never
exceed what they bound, and the same decisions as listing every pair."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from infoops.coordination import busy_bins
from infoops.coordination.busy_bins import _count_block, _floor_block, slud_tail_floor, spread_floor
from infoops.coordination.rhythm import capped_spread, exact_expectations, floor_matrix, rhythm_null, stratum_weights


@pytest.mark.parametrize("n", [40, 1_000, 11_000])
def test_slud_bound_never_exceeds_the_binomial_tail(n):
    for prob in (1e-4, 0.01, 0.1, 0.25, 0.3):
        mu = n * prob
        k = np.unique(np.r_[np.arange(0, int(mu) + 3), np.linspace(mu, min(n, mu + 12 * np.sqrt(mu) + 5), 60)
                            .astype(int)])
        exact = stats.binom.sf(k - 1, n, prob)
        bound = slud_tail_floor(k, np.full(len(k), mu), n)
        assert (bound <= exact * (1 + 1e-9) + 1e-300).all()
        assert (bound[k <= mu] == 0.5).all() and (exact[k <= mu] >= 0.5).all()
        if prob > 0.25:
            assert (bound[k > mu] == 0).all()  # no bound claimed where Slud's does not hold
    # the bound is informative, not trivially 0: near the exact tail in the bulk
    k, mu = np.array([120]), np.array([100.0])
    assert 0.5 < slud_tail_floor(k, mu, 11_000)[0] / stats.binom.sf(119, 11_000, 100 / 11_000) <= 1


def test_spread_floor_is_the_largest_factor_under_the_capped_spread():
    rng = np.random.default_rng(3)
    for _ in range(20):
        w = rng.random(28) * (rng.random(28) < 0.8)
        w = w / w.sum()
        P = capped_spread(30, w)
        f = spread_floor(P, w)
        assert (P >= f[:, None] * w[None, :] - 1e-12).all()
        pos = w > 0
        # tight: some day of positive weight meets it (d = 0 aside)
        assert np.allclose((P[1:, pos] / w[pos]).min(axis=1), f[1:])
    assert spread_floor(np.ones((3, 2)), np.zeros(2)).tolist() == [0, 0, 0]


def test_dense_counts_equal_the_pairs_shared_bins_in_every_block():
    rng = np.random.default_rng(5)
    n, acct, bins = 30, [], []
    for b in range(200):
        members = rng.choice(n, int(rng.integers(0, 12)), replace=False)
        acct += members.tolist()
        bins += [b] * len(members)
    acct, bins = np.array(acct), np.array(bins)
    brute = np.zeros((n, n), dtype=np.int64)
    for b in np.unique(bins):
        m = np.sort(acct[bins == b])
        for i in range(len(m)):
            brute[m[i], m[i + 1:]] += 1
    ptr, members = busy_bins._bins(acct, bins)
    for r0, r1 in [(0, n), (0, 7), (7, 19), (19, 30)]:
        out = np.zeros((r1 - r0, n), dtype=np.int32)
        _count_block(ptr, members, r0, r1, out, 3)
        assert (out == brute[r0:r1]).all()


def _activity(seed: int = 1):
    """60 accounts of two populations over 8 weeks of 30-minute bins, each
    with its own hours and volume; one population surges on two days."""
    rng = np.random.default_rng(seed)
    rows = []
    for a in range(60):
        hours = rng.choice(np.arange(6, 24), 3, replace=False)
        for _ in range(int(rng.integers(40, 400))):
            d = int(rng.choice([10, 11])) if a < 30 and rng.random() < 0.3 else int(rng.integers(56))
            rows.append((a, d * 48 + 2 * int(rng.choice(hours)) + int(rng.integers(2))))
    acct, bins = np.array(rows).T
    return acct, bins, np.r_[np.zeros(30, int), np.ones(30, int)]


def test_floors_bound_every_pairs_exact_expectation_from_below():
    acct, bins, pop = _activity()
    null = rhythm_null(acct, bins, 60, 48, 4, pop)
    floor, pos = floor_matrix(null)
    a, b = np.triu_indices(60, k=1)
    strata = sorted(int(s) for s in np.unique(null.busy))
    exact = exact_expectations(null, a, b, strata)
    of_pop = {q: np.flatnonzero(pos == q) for q in np.unique(pos)}
    for k, s in enumerate(strata):
        weights = stratum_weights(null, s)
        cells = np.flatnonzero(weights.any(axis=(0, 1)))
        # in two blocks of rows, the second against its later accounts only
        lower = np.vstack([_floor_block(floor, 0, 25, pos, of_pop, weights, cells, {}),
                           _floor_block(floor, 25, 60, pos, of_pop, weights, cells, {})])[a, b]
        assert (lower <= exact[:, k] + 1e-9).all()
        met = exact[:, k] > 0.5
        # tight where it matters: within 20% for most pairs (capping loosens it for the busiest accounts)
        assert np.median(lower[met] / exact[met, k]) > 0.8


def test_the_compiled_screen_keeps_exactly_the_pairs_whose_bound_is_within_the_level():
    rng = np.random.default_rng(11)
    n_items, level = 500, 1e-3
    O = rng.poisson(8, size=(40, 60)).astype(np.int32)
    O[rng.random(O.shape) < 0.3] = 0
    E = (rng.random(O.shape) * 12).astype(np.float32)
    E[0, :5] = 0.0  # no expectation at all: bound 0, kept when met
    E[1, :5] = 200.0  # a probability past 1/4: only the exact-count bound
    bound = np.full(O.shape, 2.0)
    z_level = -stats.norm.ppf(level)
    met = busy_bins._screen_block(O, E, float(n_items), z_level, level, bound)
    mu = E.astype(float)
    want = np.maximum(np.where((mu > 0) & (mu / n_items <= 0.25), slud_tail_floor(O, mu, n_items), 0.0),
                      np.where(mu > 0, busy_bins.binomial_pmf_floor(O, mu, n_items), 0.0))
    want = np.where((O > 0) & (O > mu) & (want <= level), want, 2.0)
    assert met == int((O > 0).sum()) and int((bound <= level).sum()) == int((want <= level).sum()) > 10
    assert np.allclose(bound, want, rtol=1e-6, atol=1e-300)
    # every bound kept is at most the pair's binomial tail, the p it stands for
    i, j = np.nonzero(bound <= level)
    assert (bound[i, j] <= stats.binom.sf(O[i, j] - 1, n_items, np.minimum(1, mu[i, j] / n_items)) + 1e-15).all()
