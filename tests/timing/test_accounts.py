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


def test_creation_bursts_against_the_campaigns_own_rate_and_thin_data_said():
    # a sparse campaign: one account every ten weeks for four years, then eight in one week
    dates = list(pd.date_range("2014-01-06", periods=20, freq="70D")) + [pd.Timestamp("2017-06-05")] * 8
    sparse = pd.DataFrame({"campaign": "sparse", "account_creation_date": dates})
    wc = T.weekly_creation(sparse)
    assert wc["judged"].all() and (wc["expected"] > 0.05).all()  # never judged against zero
    assert wc.loc[wc["burst"], "week"].dt.strftime("%Y-%m-%d").tolist() == ["2017-06-05"]
    # a campaign created in one go cannot be judged: said, not a burst at p = 1e-166
    once = pd.DataFrame({"campaign": "once", "account_creation_date": [pd.Timestamp("2018-03-14")] * 40})
    wc = T.weekly_creation(once)
    assert not wc["burst"].any() and not wc["judged"].any()
    assert T.creation_note(wc).startswith("once: creation data too thin to judge bursts (40 accounts over 1 week(s)")
