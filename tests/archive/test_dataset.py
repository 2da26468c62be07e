"""Tests of :mod:`infoops.archive.dataset`."""

from __future__ import annotations

import infoops
from infoops import themes as TH


def test_seeded_sample_of_tweets_is_deterministic_and_uniform(sample_release):
    ds = infoops.load(sample_release, progress=False)
    a, total = ds.sample_tweets(5000, seed=3, columns=TH.TEXT_COLUMNS)
    b, _ = ds.sample_tweets(5000, seed=3, columns=TH.TEXT_COLUMNS)
    c, _ = ds.sample_tweets(5000, seed=4, columns=TH.TEXT_COLUMNS)
    assert len(a) == 5000 and total == len(ds.tweets)
    assert a["tweetid"].tolist() == b["tweetid"].tolist()
    assert a["tweetid"].tolist() != c["tweetid"].tolist()
    # uniform: each campaign's share in the sample is close to its share overall
    share_all = ds.tweets["campaign"].value_counts(normalize=True)
    share_sample = a["campaign"].value_counts(normalize=True)
    assert (share_sample - share_all).abs().max() < 0.03
    full, n = ds.sample_tweets(0, columns=["tweet_text"])
    assert len(full) == n == total


def test_campaign_summary_counts_kinds_and_rows_per_campaign(tmp_path):
    from helpers import tweet_rows, write_csv

    rows = tweet_rows(4) + tweet_rows(2, start_ms=1547653780000, userid="b" * 64)
    for r in rows[:4]:
        r["camp"] = "one"
    for r in rows[4:]:
        r["camp"] = "two"
    rows[0]["is_retweet"] = "true"
    rows[5]["in_reply_to_tweetid"] = "1.2e+18"
    cols = list(infoops.archive.schema.TWEET_COLUMNS) + ["camp"]
    ds = infoops.load(write_csv(tmp_path / "mixed.csv", rows, columns=cols), progress=False, campaign_column="camp")
    s = ds.campaign_summary().set_index("campaign")
    assert s.loc["one", ["tweets", "retweets", "replies", "rows_loaded", "value_issues"]].tolist() == [4, 1, 0, 4, 0]
    assert s.loc["two", ["tweets", "retweets", "replies", "rows_loaded", "value_issues"]].tolist() == [2, 0, 1, 2, 1]
