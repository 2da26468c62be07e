"""Tests of :mod:`infoops.timing.rhythm`."""

from __future__ import annotations

from helpers import timing_tweets

from infoops import timing as T


def test_local_time_uses_the_tz_database_for_caracas_2016_change():
    tw = timing_tweets(["2016-04-30 12:00", "2016-05-02 12:00"])
    hw = T.hour_weekday(tw, "America/Caracas")
    # 12:00 UTC is 07:30 before 1 May 2016 (UTC-4:30) and 08:00 after (UTC-4).
    assert sorted(hw["hour"].tolist()) == [7, 8]
