"""Tests of :mod:`infoops.coordination.signals`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from infoops.coordination import CoordParams
from infoops.coordination import signals as S


def _events() -> pd.DataFrame:
    text = "the same long message pushed by several accounts today"
    return pd.DataFrame({
        "acct": [0, 1, 2, 0, 1], "ts": [0.0, 20.0, 5000.0, 100.0, 130.0], "is_rt": [True, True, True, False, False],
        "retweet_tweetid": ["9", "9", "9", None, None], "rt_latency": [10.0, 30.0, 5000.0, np.nan, np.nan],
        "in_reply_to_tweetid": [None] * 5, "norm_text": ["", "", "", text, text],
        "hashtags": [[]] * 5, "urls": [[]] * 5, "user_mentions": [[]] * 5, "tweet_client_name": ["x"] * 5})


def test_each_signal_links_only_what_it_should():
    p = CoordParams()
    ev = _events()
    by_name = {s.name: s for s in S.all_signals(p)}
    edges = lambda name: S.signal_edges(by_name[name], by_name[name].items(ev), p)[0]  # noqa: E731
    assert edges("co_retweet")[["a", "b", "weight"]].values.tolist() == [[0, 1, 1]]  # account 2: 5,000 s later
    assert edges("co_tweet")[["a", "b"]].values.tolist() == [[0, 1]] and len(by_name["co_tweet"].items(ev)) == 2
    assert edges("fast_retweet")[["a", "b"]].values.tolist() == [[0, 1]]
    assert {s.kind for s in by_name.values()} == {"window", "any_time", "rhythm"}


def test_near_duplicates_are_close_but_not_identical_texts():
    items = pd.DataFrame({"acct": [0, 1, 2], "ts": [0.0, 60.0, 90.0],
                          "item": ["vote today for the future of the country",
                                   "vote today for the future of our country",
                                   "vote today for the future of the country"]})
    pairs = S.near_duplicate_pairs(items, window=3600, threshold=0.7)
    got = {tuple(sorted(x)) for x in pairs[["i", "j"]].values.tolist()}
    assert got == {(0, 1), (1, 2)}  # 0 and 2 are identical: that is co_tweet, not near-duplicate


def test_near_duplicate_clusters_are_items():
    items = pd.DataFrame({"acct": [0, 1, 2, 3], "ts": [0.0, 60.0, 90.0, 100.0],
                          "item": ["vote today for the future of the country",
                                   "vote today for the future of our country",
                                   "vote today for the future of our great country",
                                   "nothing to do with the others at all, really"]}, index=[10, 11, 12, 13])
    out = S.near_duplicate_items(items, window=3600, threshold=0.7)
    # the chain 10-11-12 is one cluster (one item); the unrelated text is left out; rows keep
    # their event index (the evidence tables name the tweets)
    assert out.index.tolist() == [10, 11, 12] and out["item"].nunique() == 1
    assert S.near_duplicate_items(items, window=10, threshold=0.7).empty  # none within 10 s of another
