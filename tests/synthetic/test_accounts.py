"""Tests of :mod:`infoops.synthetic.accounts`."""

from __future__ import annotations

import pandas as pd


def _daily(t: pd.DataFrame, campaign: str) -> pd.Series:
    d = t[t["campaign"] == campaign].set_index("tweet_time").resample("D").size()
    return d


def test_hashing_follows_the_5000_follower_rule(loaded):
    ds, *_ = loaded
    acc = ds.accounts
    hashed = acc["userid"].str.fullmatch(r"[0-9a-f]{64}")
    numeric = acc["userid"].str.fullmatch(r"[0-9]+")
    assert (hashed | numeric).all()
    assert (hashed == (acc["follower_count"] < 5000)).all()
    assert (acc.loc[hashed, "user_screen_name"] == acc.loc[hashed, "userid"]).all()
    assert (acc.loc[hashed, "user_display_name"] == acc.loc[hashed, "userid"]).all()
    assert numeric.sum() >= 10


def test_activity_shift_at_the_event(loaded):
    ds, truth, *_ = loaded
    ev = pd.Timestamp(truth["config"]["event_date"], tz="UTC")
    for camp, info in truth["campaigns"].items():
        d = _daily(ds.tweets, camp)
        before = d[(d.index < ev) & (d.index >= ev - pd.Timedelta(days=21))].mean()
        after = d[(d.index >= ev) & (d.index < ev + pd.Timedelta(days=14))].mean()
        ratio = after / before
        planted = info["timing"]["level_ratio"]
        if planted == 1.0:
            assert 0.8 < ratio < 1.25, camp
        else:
            assert ratio > 1 + (planted - 1) / 2, (camp, ratio, planted)


def test_groups_are_hidden_among_organic_accounts(loaded):
    ds, truth, labels, roles = loaded
    members = [m for g in truth["planted_groups"] for m in g["members"]]
    assert len(members) == len(set(members))  # disjoint groups
    per_campaign = roles.groupby("campaign")["role"].value_counts().unstack(fill_value=0)
    assert (per_campaign.loc["venezuela_201901_1", "organic"]
            > 3 * per_campaign.loc["venezuela_201901_1", "coordinated"])  # 11 groups: about 1 in 4
    assert per_campaign.loc["control_201901", "control"] == roles["campaign"].eq("control_201901").sum()
    # coordinated accounts also post ordinary content
    t = ds.tweets
    planted_ids = set(labels.loc[labels["group_id"] != "", "tweetid"])
    own = t[t["userid"].isin(members) & ~t["tweetid"].isin(planted_ids)]
    assert own["userid"].nunique() >= 0.9 * len(members)
