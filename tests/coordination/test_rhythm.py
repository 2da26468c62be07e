"""Synchronized activity against the rhythm null: expectations by hand, sparse
bursts found, a campaign-wide surge and shared daily rhythms ignored."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd

from infoops.coordination import rhythm
from infoops.coordination.rhythm import capped_spread, cells, exact_expectations, rhythm_null, rhythm_significance


def test_cells_are_blocks_of_weeks_and_time_of_day():
    # two bins a day, blocks of one week: bin 3 is day 1, second half; bin 17 is day 8 (block 1)
    assert cells(np.array([0, 3, 13, 14, 17]), 2, weeks=1).tolist() == [0, 1, 1, 2, 3]
    assert cells(np.array([0, 3, 13, 14, 17]), 2, weeks=4).tolist() == [0, 1, 1, 0, 1]


def test_expected_shared_bins_by_hand():
    # one bin a day, blocks of one week (a cell is a week). Day volumes: day 0 has 3 active
    # accounts, days 1 and 2 one each: S = 5, w = (3/5, 1/5, 1/5). Accounts 0 and 1 are each active
    # twice in the cell, account 2 once. Shared: day 0 by all three.
    # Spread by w, two active bins would be (6/5, 2/5, 2/5): day 0 is capped at 1 and the other
    # bin spread over days 1 and 2, (1, 1/2, 1/2); one bin is (3/5, 1/5, 1/5).
    # E(0, 1) = 1 + 1/4 + 1/4 = 3/2; E(0, 2) = 3/5 + 1/10 + 1/10 = 4/5.
    acct, bins = np.array([0, 0, 1, 1, 2]), np.array([0, 1, 0, 2, 0])
    out = rhythm_significance(acct, bins, 3, 1, 100, weeks=1).set_index(["a", "b"])
    assert out["observed"].tolist() == [1, 1, 1]
    assert np.allclose(out["expected"], [3 / 2, 4 / 5, 4 / 5])
    # the null expects w_0 x the cell's 5 active bins = 3 accounts on day 0: that stratum
    assert (out["stratum"] == "bins expected to hold 3-10 active accounts").all()


def test_capped_spread_fills_the_heaviest_days_first():
    w = np.array([0.6, 0.2, 0.2, 0.0])
    P = capped_spread(4, w)
    assert np.allclose(P[0], 0) and np.allclose(P[1], [0.6, 0.2, 0.2, 0])  # no cap needed
    assert np.allclose(P[2], [1, 0.5, 0.5, 0])  # 1.2 capped, the rest spread by weight
    assert np.allclose(P[3], [1, 1, 1, 0]) and np.allclose(P[4], [1, 1, 1, 0])  # a silent day stays 0
    assert np.allclose(P.sum(axis=1)[:4], [0, 1, 2, 3]) and (P <= 1).all()


def _activity(seed: int = 0) -> tuple[pd.DataFrame, list[int]]:
    """80 accounts over 16 weeks of 30-minute bins, each with its own hours of the day and
    about 300 tweets; on three event days everyone tweets five times as much (a campaign-wide
    surge); 20 accounts share an office rhythm (9 to 10 every weekday). Accounts 0-5 also
    tweet together in 8 otherwise quiet bins (3 to 4 am)."""
    rng = np.random.default_rng(seed)
    per_day, days = 48, 16 * 7
    event_days = {30, 31, 70}
    rows = []
    for a in range(80):
        hours = rng.choice(np.arange(8, 23), 4, replace=False)
        for _ in range(300):
            d = int(rng.choice(list(event_days))) if rng.random() < 0.1 else int(rng.integers(days))
            if a >= 60 and rng.random() < 0.5:
                d, h = int(rng.integers(days)) // 7 * 7 + int(rng.integers(5)), 9
            else:
                h = int(rng.choice(hours))
            rows.append((a, d * per_day + h * 2 + int(rng.integers(2))))
    group = list(range(6))
    for d in rng.choice(days, 8, replace=False):
        for a in group:
            rows.append((a, int(d) * per_day + 6 + int(rng.integers(2)) * 0))  # 3:00-3:30
    return pd.DataFrame(rows, columns=["acct", "bin"]), group


def test_sparse_bursts_are_found_and_surges_and_rhythms_are_not():
    ev, group = _activity()
    out = rhythm_significance(ev["acct"].to_numpy(), ev["bin"].to_numpy(), 80, 48, 2000)
    out["significant"] = out["q_value"] <= 0.01
    found = set(zip(out.loc[out["significant"], "a"], out.loc[out["significant"], "b"]))
    assert found == {(a, b) for a in group for b in group if a < b}
    # the bursts are about 3% of each member's activity
    assert (ev[ev["acct"].isin(group)].groupby("acct").size() > 300).all()
    # everyone shares bins on the event days and the office accounts at 9 every weekday: tested, not kept
    office = out[(out["a"] >= 60) & (out["b"] >= 60)]
    assert len(office) == 20 * 19 // 2 and office["observed"].min() > 5 and not office["significant"].any()
    assert math.isclose(out["q_value"].min(), out.loc[out["significant"], "q_value"].min())


def test_strata_past_the_listing_budget_are_screened_to_the_same_decisions():
    """With a budget of (pair, shared bin) combinations below what the
    strata hold, the busier strata are counted in dense blocks and only the
    pairs whose bounded p could pass are tested: every pair kept has the
    observed count, expectation and p of the full listing, the significant
    pairs (the night group) are the same with the same q-values, and the
    pairs left out could not have been significant (their p above the
    level at which Benjamini-Hochberg stopped)."""
    ev, group = _activity()
    acct, bins = ev["acct"].to_numpy(), ev["bin"].to_numpy()
    for block, budget in ((None, 5_000), (np.r_[np.zeros(40, int), np.ones(40, int)], 5_000), (None, 1)):
        full = rhythm_significance(acct, bins, 80, 48, 2000, block=block)
        assert full.attrs["method"] == ""
        cut = rhythm_significance(acct, bins, 80, 48, 2000, max_pair_bins=budget, block=block)
        assert "counted in dense blocks" in cut.attrs["method"]
        assert len(cut) < len(full) / 2
        both = full.merge(cut, on=["a", "b"], suffixes=("", "_cut"))
        assert len(both) == len(cut)
        assert (both["observed"] == both["observed_cut"]).all() and (both["stratum"] == both["stratum_cut"]).all()
        assert np.allclose(both["expected"], both["expected_cut"]) and np.allclose(both["p_value"], both["p_value_cut"])
        sig = both[both["q_value"] <= 0.01]
        assert set(zip(sig["a"], sig["b"])) == {(a, b) for a in group for b in group if a < b}
        assert (both["q_value_cut"] <= 0.01).sum() == len(sig) and np.allclose(sig["q_value"], sig["q_value_cut"])
        left_out = full[~full.set_index(["a", "b"]).index.isin(cut.set_index(["a", "b"]).index)]
        # none could have been significant: above the threshold Benjamini-Hochberg stopped at
        m = 80 * 79 / 2
        assert (left_out["q_value"] > 0.01).all() and (left_out["p_value"] > 0.01 * len(sig) / m).all()


def _surge_and_steady(seed: int = 7) -> pd.DataFrame:
    """40 campaign accounts that tweet 70% of the time on four event days, and
    40 control accounts that tweet alike every day (evenly, whatever the
    campaign does), over 8 weeks."""
    rng = np.random.default_rng(seed)
    days, per_day, rows = 56, 48, []
    event = [20, 21, 22, 40]
    for a in range(40):
        for _ in range(200):
            d = int(rng.choice(event)) if rng.random() < 0.7 else int(rng.integers(days))
            rows.append((a, d * per_day + int(rng.integers(16, 46))))
    for a in range(40, 80):
        for _ in range(150):
            rows.append((a, int(rng.integers(days)) * per_day + int(rng.integers(30, 46))))
    return pd.DataFrame(rows, columns=["acct", "bin"])


def test_each_population_keeps_its_own_daily_volume():
    """With one daily volume for all, the null under-expects the campaign on
    its surge days and flags its pairs; with each population's own volume,
    nobody is flagged."""
    ev = _surge_and_steady()
    acct, bins = ev["acct"].to_numpy(), ev["bin"].to_numpy()
    pooled = rhythm_significance(acct, bins, 80, 48, 2000)
    pooled = pooled[pooled["q_value"] <= 0.01]
    assert (pooled["b"] < 40).sum() > 50
    own = rhythm_significance(acct, bins, 80, 48, 2000, block=np.r_[np.zeros(40, int), np.ones(40, int)])
    assert len(own) == len(rhythm_significance(acct, bins, 80, 48, 2000)) and (own["q_value"] > 0.01).all()


def test_accounts_active_every_day_are_expected_evenly_too(monkeypatch):
    """Accounts that tweet every day whatever their population's volume
    does: spread by that volume alone (here one volume for all, so the
    campaign's surge), they are expected too seldom on ordinary days and
    their pairs look synchronized; the composite null also spreads them
    evenly over the active days, takes the larger expectation, and flags
    none of them."""
    ev = _surge_and_steady()
    acct, bins = ev["acct"].to_numpy(), ev["bin"].to_numpy()
    null = rhythm_null(acct, bins, 80, 48, 4, np.zeros(80, dtype=np.int64))
    a, b = np.triu_indices(80, k=1)
    steady = (a >= 40) & (b >= 40)
    strata = sorted(int(s) for s in np.unique(null.busy))
    both = exact_expectations(null, a[steady], b[steady], strata)
    by_volume = exact_expectations(replace(null, W_even=null.W), a[steady], b[steady], strata)
    assert (both >= by_volume - 1e-9).all()
    # in the quieter strata (ordinary days) the even spread expects them more often than by volume
    ratio = np.median(both[:, :-1] / np.maximum(by_volume[:, :-1], 1e-12), axis=0)
    assert ratio.max() > 1.5 and np.allclose(both[:, -1], by_volume[:, -1], rtol=0.05)
    out = rhythm_significance(acct, bins, 80, 48, 2000)
    assert not (out.loc[out["a"] >= 40, "q_value"] <= 0.01).any()
    # by volume alone, they would be flagged
    real = rhythm.rhythm_null
    monkeypatch.setattr(rhythm, "rhythm_null", lambda *args: replace(real(*args), W_even=real(*args).W))
    alone = rhythm_significance(acct, bins, 80, 48, 2000)
    assert (alone.loc[alone["a"] >= 40, "q_value"] <= 0.01).sum() > 50
