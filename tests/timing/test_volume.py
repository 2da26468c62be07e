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
    # inside the data, but one tweet on each side is no before/after comparison: said with the counts
    assert not cov.loc["spans", "event_covered"]
    assert cov.loc["spans", "tweets_window_before"] == 1 and cov.loc["spans", "tweets_window_after"] == 1
    assert cov.loc["spans", "verdict"].startswith("event inside the data (2019-01-01 to 2019-02-01) but too few "
                                                  "tweets around it: 1 tweets on 1 days before and 1 on 1 days after")
    note = T.coverage_note(cov.reset_index(), P)
    assert note.startswith("NO CAMPAIGN HAS ENOUGH DATA AROUND THE EVENT") and "LIES OUTSIDE" not in note


def test_coverage_needs_days_and_tweets_on_both_sides():
    times = [f"2019-01-{d:02d} {h:02d}:00" for d in range(10, 31) for h in range(8, 12)]
    tw = timing_tweets(times, campaign="dense")
    cov = T.coverage(tw, pd.DataFrame({"campaign": ["dense"], "userid": ["u1"]}), P).iloc[0]
    assert cov["tweets_window_before"] == 13 * 4 and cov["days_window_after"] == 8 and cov["event_covered"]
    assert cov["verdict"].startswith("event covered")


def test_daily_counts_zero_fill_only_inside_coverage():
    tw = timing_tweets(["2019-01-01 10:00", "2019-01-01 11:00", "2019-01-04 09:00"])
    d = T.daily_counts(tw)
    assert d["day"].dt.strftime("%m-%d").tolist() == ["01-01", "01-02", "01-03", "01-04"]
    assert d["all"].tolist() == [2, 0, 0, 1] and d["partial_day"].tolist() == [False, False, False, True]
