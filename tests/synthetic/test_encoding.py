"""Tests of :mod:`infoops.synthetic.encoding`."""

from __future__ import annotations


def test_snowflake_ids_match_tweet_time(loaded):
    t = loaded[0].tweets
    gap = (t["tweet_time_exact"] - t["tweet_time"]).dt.total_seconds()
    assert gap.between(0, 60, inclusive="left").all()
    assert gap.std() > 10  # seconds really vary inside the minute
