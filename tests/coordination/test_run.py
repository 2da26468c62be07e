"""Tests of :mod:`infoops.coordination.run`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from infoops import coordination as C
from infoops.synthetic import truth as planted


def test_every_planted_group_is_recovered_with_few_false_positives(sample_result):
    ds, res, truth, roles = sample_result
    rec, fp = planted.recovery(res.edges, truth, roles)
    rec = rec.set_index("group")
    assert len(rec) == 13
    # every group but the sparse night bursts, the decoys aside: recall and precision >= 0.9
    found = rec.drop(index=["G11_sparse_night_bursts", "D1_viral_retweet_decoys"])
    assert (found["precision"] >= 0.9).all() and (found["recall"] >= 0.9).all(), rec
    # the sparse bursts are only partly found on the small sample (issue #14 leaves this open)
    assert rec.loc["G11_sparse_night_bursts", "precision"] == 1 and rec.loc["G11_sparse_night_bursts", "recall"] > 0
    assert rec.loc["D1_viral_retweet_decoys", "detected_size"] == 0  # no decoy flagged
    assert fp.set_index("role").loc["organic + control + decoy", "flagged"] == 0
    # given every tested pair, the table says why G11 is found only in part: its pairs were
    # tested, some kept, and the nearest miss is above the FDR level (power, not a missing test)
    rec = planted.recovery(res.edges, truth, roles, res.pair_tests)[0].set_index("group")
    g11 = rec.loc["G11_sparse_night_bursts"]
    assert g11["group_pairs"] == 28 and 0 < g11["pairs_significant"] < g11["pairs_tested"] <= 28
    assert g11["q_closest_miss"] > C.CoordParams().fdr_q
    coordinated = rec.drop(index="D1_viral_retweet_decoys")
    assert (coordinated["pairs_significant"] <= coordinated["pairs_tested"]).all()


def test_raw_counts_without_the_null_would_flag_organic_accounts(sample_result):
    """Why the baseline matters: with a one-hour co-retweet window and the
    usual minimum weight of 2, raw counts reach many organic accounts (they
    share popular retweets by chance); pairs tested against the null do not,
    and the permutation check agrees."""
    ds, res, truth, roles = sample_result
    p = C.CoordParams(retweet_window=3600.0, n_null=5)
    ev, users = C.prepare_events(ds.tweets, p.min_tweets)
    sig = next(s for s in C.all_signals(p) if s.name == "co_retweet")
    items = sig.items(ev)
    edges, _ = C.signal_edges(sig, items, p)
    organic = set(roles.loc[roles["role"] == "organic", "userid"])

    def organic_in(e):
        return len(set(users[np.r_[e["a"].to_numpy(), e["b"].to_numpy()].astype(int)]) & organic)

    raw = organic_in(edges[edges["weight"] >= 2])
    tests = C.signal_tests(sig, items, len(users), p)
    kept, _ = C.permutation_edges(sig, items, ev, p, np.random.default_rng(0))
    assert raw > 50 and organic_in(tests[tests["significant"]]) == 0 and organic_in(kept) <= 0.02 * len(organic), raw
    assert tests["significant"].sum() > 0


def test_the_permutation_check_agrees_on_the_sample(sample_result):
    _, res, _, _ = sample_result
    ag = res.pair_agreement.dropna(subset=["pairs_permutation"]).set_index("signal")
    assert len(ag) >= 5 and (ag["pairs_closed_form"] > 0).all()
    # nearly every pair the permutation null keeps, the closed form keeps too; one pair may
    # differ: 20 realizations resolve p down to 1/21 only (on paraphrases, two heavy posters
    # of different groups with 53 shared clusters beat the null's maximum of 50 in one run,
    # where the closed form, which knows both accounts' activity, gives q = 1)
    assert (ag["pairs_both"] >= np.minimum(0.95 * ag["pairs_permutation"], ag["pairs_permutation"] - 1)).all(), ag
    # and more on co-retweets: the diluted group's pairs fall below the one global threshold
    assert ag.loc["co_retweet", "pairs_closed_form"] > ag.loc["co_retweet", "pairs_permutation"]


def test_groups_are_counted_per_signal(sample_result):
    ds, res, _, _ = sample_result
    pairs, member = C.fuse(res, seed=0)
    groups = C.group_table(member, pairs, ds)
    ver = C.verdicts(C.flagged_by_campaign(res, []), [])
    s = C.summary_table(res, ver, groups).set_index("signal")
    assert s.loc[s["significant_edges"] == 0, "groups_detected"].eq(0).all()
    assert s["groups_detected"].max() <= len(groups) and s["groups_detected"].nunique() > 1
    empty = C.group_table(member.iloc[:0], pairs.iloc[:0], ds)
    assert list(empty.columns)[:3] == ["group", "size", "signals"] and empty.empty


def test_item_counts_match_pandas_counts():
    from infoops.coordination.run import item_counts

    rng = np.random.default_rng(3)
    items = pd.DataFrame({"acct": rng.integers(0, 40, 3000),
                          "item": rng.choice(np.array(["a", "b", "c", None, "d" * 30] + [f"x{i}" for i in range(50)],
                                                      dtype=object), 3000)})
    by_item = items.groupby("item")["acct"].nunique()
    for limit in (0, 5, 30, 40):
        assert item_counts(items, 40, limit) == {"items": items["item"].nunique(),
                                                 "items_too_popular": int((by_item > limit).sum())}
    assert item_counts(items.iloc[:0], 40, 5) == {"items": 0, "items_too_popular": 0}
