"""Tests of :mod:`infoops.timing.accounts`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from infoops import timing as T

P = T.check_params("2019-01-23", 60, 28, "America/Caracas")


def test_weekly_creation_flags_a_burst():
    rng = np.random.default_rng(0)
    dates = list(pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 1000, 300), unit="D"))
    dates += [pd.Timestamp("2017-03-14")] * 20
    acc = pd.DataFrame({"campaign": "c", "userid": [f"u{i}" for i in range(len(dates))],
                        "account_creation_date": dates})
    wc = T.weekly_creation(acc)
    bursts = wc[wc["burst"]]
    assert bursts["week"].tolist() == [pd.Timestamp("2017-03-13")]
    assert T.creation_days(acc, 10)["account_creation_date"].tolist() == [pd.Timestamp("2017-03-14")]


def test_silence_relative_to_event():
    acc = pd.DataFrame({"campaign": "c", "userid": ["a", "b", "c"], "n_tweets": [3, 2, 0],
                        "last_tweet_time": pd.to_datetime(["2019-01-13", "2019-02-02", None], utc=True)})
    s = T.silence(acc, P).iloc[0]
    assert s["accounts_tweeting"] == 2 and s["silent_before_event"] == 1
    assert s["median_days_event_to_last_tweet"] == pytest.approx(0.0)
