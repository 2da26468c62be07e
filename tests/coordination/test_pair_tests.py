"""Per-pair closed-form significance: known expectations and p-values by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests

from infoops.coordination.pair_tests import (
    benjamini_hochberg,
    binomial_tail,
    expected_shared,
    item_profile,
    pair_significance,
    shared_items,
    window_profile,
)


def test_window_share_is_the_share_of_account_pairs_meeting_close_in_time():
    from infoops.coordination.networks import windowed_counts

    # item 1: accounts at 0, 10, 1000 s -> of 3 pairs, 1 within 60 s; item 2: 2 accounts 5 s apart
    acct, item = np.array([0, 1, 2, 0, 3, 4]), np.array([1, 1, 1, 1, 2, 2])
    ts = np.array([0.0, 10.0, 1000.0, 2000.0, 0.0, 5.0])
    prof = window_profile(item_profile(acct, item), windowed_counts(acct, item, ts, 60, 100).met)
    assert prof["popularity"].tolist() == [3, 2]
    assert np.allclose(prof["window_share"], [1 / 3, 1.0])
    # counted as the observed pairs are: account 0 acting again next to account 2 makes them meet
    ts2 = np.array([0.0, 10.0, 1000.0, 1005.0, 0.0, 5.0])
    met2 = windowed_counts(acct, item, ts2, 60, 100).met
    # distinct (pair, item), as window_profile and the counts expect: 0 and 2 meet twice on item 1, counted once
    wc3 = windowed_counts(np.array([0, 2, 0, 2]), np.array([1, 1, 1, 1]), np.array([0.0, 5.0, 10.0, 15.0]), 60, 100)
    assert wc3.met.to_dict() == {1: 1} and wc3.counts.reset_index().values.tolist() == [[0, 2, 1]]
    assert np.allclose(window_profile(item_profile(acct, item), met2)["window_share"], [2 / 3, 1.0])
    assert item_profile(np.array([0, 1]), np.array([7, 7]))["window_share"].tolist() == [1.0]


def test_expected_shared_items_by_hand():
    # 4 items used by 2 accounts each: M = 8. Accounts of degree 2: p = 2 * 2 / 8 = 0.5 per item,
    # so a pair is expected to share 4 * 0.5 * 0.5 = 1 item; degree 1 with degree 2: 4 * 0.25 * 0.5.
    prof = pd.DataFrame({"popularity": [2, 2, 2, 2], "window_share": [1.0] * 4})
    assert np.allclose(expected_shared(np.array([2, 1]), np.array([2, 2]), prof), [1.0, 0.5])
    # a window that half the pairs meet halves the expectation
    assert np.allclose(expected_shared(np.array([2]), np.array([2]), prof.assign(window_share=0.5)), [0.5])
    # probabilities are capped at 1: one item used by everyone (k = M) is shared by every pair
    assert np.allclose(expected_shared(np.array([1]), np.array([1]), pd.DataFrame(
        {"popularity": [5], "window_share": [1.0]})), [1.0])


def test_binomial_tail_by_hand():
    # 4 items, expected 1 -> q = 1/4: P(X >= 2) = 1 - 0.75^4 - 4 * 0.25 * 0.75^3
    assert math.isclose(binomial_tail(np.array([2]), np.array([1.0]), 4)[0], 1 - 0.75**4 - 4 * 0.25 * 0.75**3)
    assert binomial_tail(np.array([0]), np.array([3.0]), 5)[0] == 1.0
    assert binomial_tail(np.array([1]), np.array([1.0]), 1)[0] == 1.0  # a certain co-action is no evidence
    assert math.isclose(binomial_tail(np.array([3]), np.array([0.03]), 3)[0], 0.01**3)


def test_benjamini_hochberg_matches_statsmodels_with_the_untested_pairs_at_one():
    rng = np.random.default_rng(0)
    p = np.r_[rng.uniform(0, 1e-4, 5), rng.uniform(0, 1, 20)]
    q = benjamini_hochberg(p, 100)
    full = multipletests(np.r_[p, np.ones(75)], method="fdr_bh")[1][: len(p)]
    assert np.allclose(q, full)


def test_rare_shared_items_are_significant_and_viral_ones_are_not():
    # 40 accounts all retweet the same 5 viral tweets; accounts 0 and 1 also share 3 tweets nobody
    # else touched; every account has 3 further tweets of its own.
    rows = [(a, f"viral{v}") for a in range(40) for v in range(5)]
    rows += [(a, f"rare{r}") for a in (0, 1) for r in range(3)]
    rows += [(a, f"own{a}_{r}") for a in range(40) for r in range(3)]
    acct = np.array([r[0] for r in rows])
    item = np.array([r[1] for r in rows])
    out = pair_significance(shared_items(acct, item), acct, item, 40).set_index(["a", "b"])
    assert len(out) == 40 * 39 // 2 and out.loc[(0, 1), "observed"] == 8 and out.loc[(2, 3), "observed"] == 5
    assert out.loc[(0, 1), "q_value"] < 0.01
    assert out.loc[(0, 1), "stratum"] == "items of 2 account(s)"
    assert (out.drop(index=(0, 1))["p_value"] > 0.5).all()
    # by hand: M = 40 * 8 + 6 = 326; accounts 2 and 3 have degree 8: 5 viral items (k = 40) and
    # 3 rare ones (k = 2)
    assert np.isclose(out.loc[(2, 3), "expected"], 5 * (8 * 40 / 326) ** 2 + 3 * (8 * 2 / 326) ** 2)


def test_stratum_p_value_by_hand():
    # accounts 0 and 1 each use 2 items; both share item x (popularity 2); item y, z used once each
    # (popularity 1: they only count in the degrees). M = 4, p = 2 * 2 / 4 = 1 -> capped: sharing x is
    # certain under the null, p = 1.
    acct, item = np.array([0, 1, 0, 1]), np.array(["x", "x", "y", "z"])
    out = pair_significance(shared_items(acct, item), acct, item, 2)
    assert out["expected"].tolist() == [1.0] and out["p_value"].tolist() == [1.0]
    # 10 accounts with 10 own items each, 0 and 1 also sharing x: M = 102, degrees 11, k = 2:
    # expected = (11 * 2 / 102) ** 2, p = expected (one item: a Bernoulli), times one stratum.
    acct = np.r_[np.repeat(np.arange(10), 10), [0, 1]]
    item = np.r_[[f"own{i}" for i in range(100)], ["x", "x"]]
    out = pair_significance(shared_items(acct, item), acct, item, 10)
    lam = (11 * 2 / 102) ** 2
    assert math.isclose(out["expected"].iloc[0], lam) and math.isclose(out["p_value"].iloc[0], lam)
    assert math.isclose(out["q_value"].iloc[0], min(1.0, lam * 45))


def test_expected_within_active_spans_by_hand():
    from infoops.coordination.pair_tests import expected_shared_spans

    # items at times 0, 10, 20 used by 2 accounts each. Account 0 is active over [0, 10] with 2
    # items, account 1 over [0, 20] with 3: M_0 = 2 + 2, M_1 = 2 + 2 + 2. They overlap on the
    # items at 0 and 10: E = d_0 d_1 (2^2 + 2^2) / (M_0 M_1) = 2 * 3 * 8 / 24 = 2.
    k, share, when = np.array([2.0, 2.0, 2.0]), np.ones(3), np.array([0.0, 10.0, 20.0])
    d, first, last = np.array([2.0, 3.0]), np.array([0.0, 0.0]), np.array([10.0, 20.0])
    e = expected_shared_spans(np.array([0]), np.array([1]), d, first, last, when, k, share, np.ones(3, bool))
    assert np.allclose(e, [2.0])
    # accounts whose spans do not overlap are never expected to meet
    e = expected_shared_spans(np.array([0]), np.array([1]), d, np.array([0.0, 15.0]), np.array([10.0, 20.0]),
                              when, k, share, np.ones(3, bool))
    assert np.allclose(e, [0.0])
    # two populations: item popularity counted within each account's own. Item 0 is used by two
    # accounts of population 0, item 1 by two of population 1, item 2 by one of each.
    kb = np.array([[2.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    block = np.array([0, 1])
    e = expected_shared_spans(np.array([0]), np.array([1]), np.array([1.0, 1.0]), np.array([0.0, 0.0]),
                              np.array([20.0, 20.0]), when, k, share, np.ones(3, bool), block, kb)
    # M_0 = 2 + 0 + 1, M_1 = 0 + 2 + 1; only item 2 is used by both populations: 1 * 1 * (1 * 1) / 9
    assert np.allclose(e, [1 / 9])


def test_a_population_with_its_own_topics_is_not_coordination():
    """60 accounts of a campaign spread over 1,000 items; 40 control accounts
    (everyday users) over their own 20 items, so they share them often. With
    each item's popularity counted in the account's own population no
    control pair is flagged, and a group sharing rare items in the campaign
    still stands out."""
    rng = np.random.default_rng(2)
    rows = [(a, f"c{rng.integers(1000)}", float(rng.integers(0, 10**6))) for a in range(60) for _ in range(15)]
    rows += [(a, f"e{rng.integers(20)}", float(rng.integers(0, 10**6))) for a in range(60, 100) for _ in range(20)]
    rows += [(a, f"rare{r}", 5e5 + r) for a in range(5) for r in range(4)]
    acct = np.array([r[0] for r in rows])
    item = np.array([r[1] for r in rows])
    ts = np.array([r[2] for r in rows])
    block = np.r_[np.zeros(60, np.int64), np.ones(40, np.int64)]
    shared = shared_items(acct, item)
    blocked = pair_significance(shared, acct, item, 100, ts=ts, block=block)
    controls = blocked[blocked["a"] >= 60]
    assert len(controls) > 500 and controls["observed"].max() >= 10 and (controls["q_value"] > 0.01).all()
    group = blocked[(blocked["b"] < 5) & (blocked["q_value"] <= 0.01)]
    assert len(group) == 10 and (blocked.loc[blocked["q_value"] <= 0.01, "b"] < 5).all()


def _languages_case():
    """Campaign 0: 200 Spanish writers over 1,000 items and 60 English ones
    over their own 30 (so they share them often); 3 of the English writers
    also use 10 Spanish items that 150 Spanish writers use. A group of 5
    Spanish writers shares 10 rare items."""
    rng = np.random.default_rng(7)
    t = lambda: float(rng.integers(0, 10**6))  # noqa: E731
    rows = [(a, f"s{rng.integers(1000)}", t()) for a in range(200) for _ in range(15)]
    rows += [(a, f"e{rng.integers(30)}", t()) for a in range(200, 260) for _ in range(20)]
    rows += [(a, f"v{v}", t()) for v in range(10) for a in list(range(50, 200)) + [200, 201, 202]]
    rows += [(a, f"rare{r}", 5e5 + r) for a in range(5) for r in range(10)]
    acct, item, ts = (np.array([r[k] for r in rows]) for k in range(3))
    campaign = np.zeros(260, np.int64)
    language = np.r_[np.zeros(200, np.int64), np.ones(60, np.int64)]
    return acct, item, ts.astype(float), campaign, language


def test_the_composite_null_explains_languages_and_cross_language_items():
    """By campaign alone, English writers sharing English items look
    coordinated; by language alone, an English writer sharing the Spanish
    viral items with Spanish writers does. The composite null (the larger
    expectation of the two) flags neither, and the rare-item group stays."""
    acct, item, ts, campaign, language = _languages_case()
    shared = shared_items(acct, item)
    sig = lambda block: pair_significance(shared, acct, item, 260, ts=ts, block=block)  # noqa: E731
    english = lambda t: t[(t["a"] >= 200) & (t["q_value"] <= 0.01)]  # noqa: E731
    cross = lambda t: t[(t["a"] < 200) & (t["b"] >= 200) & (t["q_value"] <= 0.01)]  # noqa: E731
    by_campaign, by_language = sig(campaign), sig(language)
    both = sig((campaign, language))
    assert len(english(by_campaign)) > 20 and len(cross(by_language)) > 20
    assert english(both).empty and cross(both).empty
    group = both[both["q_value"] <= 0.01]
    assert len(group) == 10 and (group["b"] < 5).all()


def test_popularity_by_block_counts_each_account_once_per_item_and_population():
    from infoops.coordination.pair_tests import popularity_by_block

    rng = np.random.default_rng(11)
    acct, item = rng.integers(0, 40, 600), rng.integers(0, 30, 600)
    block = rng.integers(0, 3, 40)
    index = pd.Index(np.arange(-2, 30))  # two items nobody used
    got = popularity_by_block(acct, item, block, index)
    want = (pd.DataFrame({"item": item, "block": block[acct], "acct": acct}).drop_duplicates()
            .groupby(["item", "block"]).size().unstack(fill_value=0)
            .reindex(index=index, columns=range(3), fill_value=0).to_numpy(dtype=float))
    assert got.shape == (32, 3) and (got == want).all() and got[:2].sum() == 0
