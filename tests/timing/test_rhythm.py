"""Tests of :mod:`infoops.timing.rhythm`."""

from __future__ import annotations

import pandas as pd
from infoops import timing as T


def _tweets(times: list[str], campaign: str = "c", user: str = "u1", **cols) -> pd.DataFrame:
    t = pd.to_datetime(times, utc=True)
    df = pd.DataFrame({"campaign": campaign, "userid": user, "tweet_time": t.floor("min"),
                       "tweet_time_exact": t, "is_retweet": False, "in_reply_to_tweetid": None,
                       "quoted_tweet_tweetid": None, "retweet_tweetid": None})
    for k, v in cols.items():
        df[k] = v
    return df


def test_local_time_uses_the_tz_database_for_caracas_2016_change():
    tw = _tweets(["2016-04-30 12:00", "2016-05-02 12:00"])
    hw = T.hour_weekday(tw, "America/Caracas")
    # 12:00 UTC is 07:30 before 1 May 2016 (UTC-4:30) and 08:00 after (UTC-4).
    assert sorted(hw["hour"].tolist()) == [7, 8]
