"""Tests of :mod:`infoops.coordination.baselines`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from infoops import coordination as C


def test_creation_batches_and_rare_clients():
    rng = np.random.default_rng(1)
    dates = list(pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 1500, 200), unit="D"))
    dates += [pd.Timestamp("2017-06-01")] * 8
    acc = pd.DataFrame({"userid": [f"u{i}" for i in range(len(dates))], "account_creation_date": dates})
    b = C.creation_batches(acc, pd.Index(acc["userid"]), 0.01)
    assert b["date"].tolist() == [pd.Timestamp("2017-06-01")] and b["accounts"].iloc[0] == 8
    ev = pd.DataFrame({"acct": [0, 0, 1, 1, 2, 3, 3], "tweet_client_name": ["BotApp", "BotApp", "BotApp", "Twitter Web Client",
                                                                             "BotApp", "Twitter for Android", "BotApp"]})
    rc = C.rare_clients(ev, pd.Index(["a", "b", "c", "d"]), 12)
    # main client = at least half the account's tweets; official apps never count
    assert rc["client"].tolist() == ["BotApp"] and rc["members"].iloc[0] == ["a", "b", "c", "d"]


def test_control_accounts_are_the_baseline(sample_result):
    ds, res, truth, roles = sample_result
    flag = C.flagged_by_campaign(res, ["synthetic_control_201901"])
    ctrl = flag[flag["control"]]
    assert (ctrl["flagged"] == 0).all()
    v = C.verdicts(flag, ["synthetic_control_201901"]).set_index(["signal", "campaign"])
    assert v.loc[("co_retweet", "synthetic_venezuela_201901_1"), "verdict"].startswith("more coordinated")
    assert v.loc[("co_reply", "synthetic_venezuela_201901_1"), "verdict"].startswith("no more coordinated")
