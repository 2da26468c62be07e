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
    assert ev["norm_len"].tolist() == ev["norm_text"].str.len().tolist()
    ev2, _ = events.prepare_events(ds.tweets, min_tweets=5)  # a DataFrame gives the same events
    pd.testing.assert_frame_equal(ev.drop(columns=["hashtags", "urls", "user_mentions"]),
                                  ev2.drop(columns=["hashtags", "urls", "user_mentions"]))


def test_explode_items_one_row_per_item():
    ev = pd.DataFrame({"acct": [0, 1], "ts": [1.0, 2.0], "urls": [["http://A.com/x", "http://b.org"], []]})
    got = events.explode_items(ev, "urls", lambda u: u.lower())
    assert got["item"].tolist() == ["http://a.com/x", "http://b.org"] and got["acct"].tolist() == [0, 0]


def test_account_languages_take_each_accounts_most_frequent_informative_language(tmp_path):
    """ "und", media-only and similar codes say nothing; ties go to the first
    code alphabetically; an account with only such tweets is "unknown";
    the order is the account index's."""
    rows = (tweet_rows(3, userid="b" * 64, tweet_language="und")
            + tweet_rows(2, start_ms=1547600000000, userid="b" * 64, tweet_language="en")
            + tweet_rows(2, start_ms=1547700000000, userid="b" * 64, tweet_language="es")
            + tweet_rows(5, start_ms=1547900000000, userid="a" * 64, tweet_language="qme")
            + tweet_rows(5, start_ms=1548000000000, userid="c" * 64, tweet_language="pt")
            + tweet_rows(2, start_ms=1547800000000, userid="d" * 64, tweet_language="pt"))  # too few tweets
    ds = infoops.load(write_csv(tmp_path / "c_tweets_csv_hashed.csv", rows), progress=False)
    _, users = events.prepare_events(ds, min_tweets=5)
    lang = events.account_languages(ds, min_tweets=5)
    assert list(lang.index) == list(users) == ["a" * 64, "b" * 64, "c" * 64]
    assert lang.tolist() == ["unknown", "en", "pt"]
    assert events.account_languages(ds.tweets.drop(columns="tweet_language"), 5) is None


def test_map_items_transforms_each_distinct_item_once_and_drops_none():
    from infoops.coordination.events import map_items

    calls = []

    def host(u):
        calls.append(u)
        return None if u.startswith("bad") else u.split("/")[2]

    items = pd.DataFrame({"acct": [0, 1, 2, 3, 4], "ts": [1.0, 2.0, 3.0, 4.0, 5.0],
                          "item": ["http://a.org/1", "bad", "http://b.net/x", "http://a.org/1", "bad"]},
                         index=[10, 11, 12, 13, 14])
    out = map_items(items, host)
    assert sorted(calls) == ["bad", "http://a.org/1", "http://b.net/x"]
    expect = items.assign(item=items["item"].map(host)).dropna(subset=["item"])
    assert out.index.tolist() == expect.index.tolist() and out["item"].tolist() == expect["item"].tolist()
