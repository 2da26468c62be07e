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
