"""Tests of :mod:`infoops.timing.volume`."""

from __future__ import annotations

import pandas as pd
from helpers import timing_tweets

from infoops import timing as T

P = T.check_params("2019-01-23", 60, 28, "America/Caracas")




def test_coverage_says_when_data_ends_before_the_event():
    tw = pd.concat([timing_tweets(["2018-06-01 10:00", "2018-12-07 10:00"], campaign="early"),
                    timing_tweets(["2019-01-01 10:00", "2019-02-01 10:00"], campaign="spans")])
    acc = pd.DataFrame({"campaign": ["early", "spans"], "userid": ["u1", "u1"]})
    cov = T.coverage(tw, acc, P).set_index("campaign")
    assert not cov.loc["early", "event_covered"] and "BEFORE the event" in cov.loc["early", "verdict"]
    assert "47 days" in cov.loc["early", "verdict"]
    assert cov.loc["spans", "event_covered"]
    assert cov.loc["spans", "tweets_window_before"] == 1 and cov.loc["spans", "tweets_window_after"] == 1


def test_daily_counts_zero_fill_only_inside_coverage():
    tw = timing_tweets(["2019-01-01 10:00", "2019-01-01 11:00", "2019-01-04 09:00"])
    d = T.daily_counts(tw)
    assert d["day"].dt.strftime("%m-%d").tolist() == ["01-01", "01-02", "01-03", "01-04"]
    assert d["all"].tolist() == [2, 0, 0, 1] and d["partial_day"].tolist() == [False, False, False, True]
