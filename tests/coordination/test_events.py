"""Tests of :mod:`infoops.coordination.events`."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import snowflake, tweet_rows, write_csv

import infoops
from infoops.coordination import events


def test_events_keep_active_accounts_with_exact_times_and_retweet_latency(tmp_path):
    rows = tweet_rows(6, userid="a" * 64) + tweet_rows(2, start_ms=1547600000000, userid="b" * 64)
    src_ms = 1547553780000 - 90_000  # the retweeted tweet was posted 90 s before the first row
    rows[0].update(is_retweet="true", retweet_tweetid=snowflake(src_ms), tweet_text="RT @x: hola")
    ds = infoops.load(write_csv(tmp_path / "c_tweets_csv_hashed.csv", rows), progress=False)
    ev, users = events.prepare_events(ds, min_tweets=5)
    assert list(users) == ["a" * 64] and len(ev) == 6 and (ev["acct"] == 0).all()
    assert ev.loc[0, "rt_latency"] == pytest.approx(91.234, abs=1e-6)  # exact seconds from both snowflake ids
    assert ev.loc[0, "norm_text"] == "" and ev.loc[1, "norm_text"] == "hola"  # retweets' texts are not compared
    ev2, _ = events.prepare_events(ds.tweets, min_tweets=5)  # a DataFrame gives the same events
    pd.testing.assert_frame_equal(ev.drop(columns=["hashtags", "urls", "user_mentions"]),
                                  ev2.drop(columns=["hashtags", "urls", "user_mentions"]))


def test_explode_items_one_row_per_item():
    ev = pd.DataFrame({"acct": [0, 1], "ts": [1.0, 2.0], "urls": [["http://A.com/x", "http://b.org"], []]})
    got = events.explode_items(ev, "urls", lambda u: u.lower())
    assert got["item"].tolist() == ["http://a.com/x", "http://b.org"] and got["acct"].tolist() == [0, 0]
