"""Tests of :mod:`infoops.synthetic.planting`."""

from __future__ import annotations

from itertools import combinations

import numpy as np

from infoops.synthetic import vocab


def _event_tweets(ds, labels, event_id):
    ids = labels.loc[labels["event_id"] == event_id, "tweetid"]
    return ds.tweets.set_index("tweetid").loc[ids]


def test_organic_accounts_share_popular_items_by_chance(loaded):
    ds, truth, labels, roles = loaded
    t = ds.tweets
    organic = set(roles.loc[roles["role"] == "organic", "userid"])
    o = t[t["userid"].isin(organic)]
    shared_rt = o[o["is_retweet"].astype(bool)].groupby("retweet_tweetid")["userid"].nunique()
    assert (shared_rt >= 3).sum() >= 50
    tags = o.explode("hashtags").groupby("hashtags")["userid"].nunique()
    assert tags.max() > 0.3 * len(organic)
    domains = o.explode("urls")["urls"].dropna().str.extract(r"https?://([^/]+)/")[0]
    assert o.explode("urls").assign(d=domains).groupby("d")["userid"].nunique().max() > 0.2 * len(organic)


def test_planted_groups_show_their_behaviour_in_the_data(loaded):
    ds, truth, labels, roles = loaded
    groups = {g["group_id"]: g for g in truth["planted_groups"]}
    assert len(groups) == 13 and [g["role"] for g in groups.values()].count("decoy") == 1
    t, others = ds.tweets, []
    for e in truth["coordination_events"]:
        g = groups[e["group_id"]]
        if g["role"] == "decoy":  # ordinary retweets of one viral source, hours apart
            tw = t[(t["retweet_tweetid"] == e["item"]) & t["userid"].isin(e["members"])]
            assert set(tw["userid"]) == set(e["members"]) and len(e["members"]) >= 2, e["event_id"]
            others.append((t["retweet_tweetid"] == e["item"]).sum() > len(tw))
            continue
        tw = _event_tweets(ds, labels, e["event_id"])
        assert len(tw) >= 2 and set(tw["userid"]) <= set(g["members"]), e["event_id"]
        spread = (tw["tweet_time_exact"].max() - tw["tweet_time_exact"].min()).total_seconds()
        assert spread <= g["window_seconds"], e["event_id"]
        b = g["behaviours"]
        if "co_retweet" in b or "diluted_coretweet" in b:
            assert tw["is_retweet"].all() and set(tw["retweet_tweetid"]) == {e["item"]}
        if "diluted_coretweet" in b:  # half an hour after the source: not fast retweets
            src_ms = (tw["retweet_tweetid"].astype("int64").to_numpy() >> 22) + 1288834974657
            assert (tw["tweet_time_exact"].dt.as_unit("ms").astype("int64").to_numpy() - src_ms > 300_000).all()
        if "co_url_any" in b:
            assert all(e["item"] in list(u) for u in tw["urls"])
        if "sparse_bursts" in b:  # at night in Caracas
            local = tw["tweet_time_exact"].dt.tz_convert("America/Caracas").dt.hour
            assert local.between(2, 5).all(), e["event_id"]
        if "co_tweet" in b:
            assert tw["tweet_text"].str.replace(r"https://t\.co/\w+", "", regex=True).nunique() == 1
            assert tw["urls"].map(tuple).nunique() == 1 and len(tw["urls"].iloc[0]) == 1
        if "near_duplicate_text" in b:
            words = [set(x.split()) for x in tw["tweet_text"]]
            assert all(len(a & c) / len(a | c) >= 0.6 for a, c in combinations(words, 2))
        if "co_url" in b and "co_tweet" not in b:
            assert all(e["item"] in list(u) for u in tw["urls"])
            assert tw["tweet_text"].nunique() > 1  # different texts, same link
        if "hashtag_sequence" in b:
            assert all(list(h) == e["item"].split() for h in tw["hashtags"])
        if "paraphrase" in b:  # one message, said in several ways
            message = next(m for m in vocab.PARAPHRASES["en"] + vocab.PARAPHRASES["es"] if m[0] == e["item"])
            said = [next((v for v in message if v.lower() in x.lower()), None) for x in tw["tweet_text"]]
            assert None not in said and len(set(said)) >= min(len(said), 2), e["event_id"]
    # the decoys' sources are viral: most were retweeted by ordinary accounts too
    assert len(others) >= 10 and np.mean(others) >= 0.5


def test_synchronized_group_posts_in_shared_bins(loaded):
    ds, truth, labels, _ = loaded
    g = next(g for g in truth["planted_groups"] if "synchronized_activity" in g["behaviours"])
    ev = [e for e in truth["coordination_events"] if e["group_id"] == g["group_id"]]
    assert len(ev) >= 30
    assert np.mean([len(e["members"]) for e in ev]) >= 0.7 * len(g["members"])


def test_creation_batch_and_shared_client(loaded):
    ds, truth, labels, roles = loaded
    groups = {g["group_id"]: g for g in truth["planted_groups"]}
    acc = ds.accounts.set_index("userid")
    batch = groups["G7_creation_batch"]["members"]
    assert acc.loc[batch, "account_creation_date"].nunique() == 1
    same_day = (acc["account_creation_date"] == acc.loc[batch[0], "account_creation_date"]).sum()
    assert same_day == len(batch)  # nobody else was created that day
    client_members = set(groups["G8_shared_client"]["members"])
    t = ds.tweets
    users_of_client = set(t.loc[t["tweet_client_name"] == truth["shared_client"], "userid"])
    assert users_of_client == client_members
    assert (t[t["userid"].isin(client_members)]["tweet_client_name"] == truth["shared_client"]).all()
