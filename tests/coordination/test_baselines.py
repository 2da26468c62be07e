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
    assert v.loc[("co_reply", "synthetic_venezuela_201901_1"), "verdict"] == "no account in a significant edge"


def test_automation_clients_share_per_campaign():
    ev = pd.DataFrame({"acct": [0, 0, 1, 1, 2, 2, 2, 3],
                       "campaign": ["a"] * 4 + ["b"] * 4,
                       "tweet_client_name": ["IFTTT", "Twitter for Android", "IFTTT", " dlvr.it ", "dlvr.it",
                                             "Twitter Web Client", None, "PatriaPost Publisher"]})
    out = C.automation_clients(ev)
    assert out[["campaign", "client", "tweets", "accounts"]].values.tolist() == [
        ["a", "IFTTT", 2, 2], ["a", " dlvr.it ", 1, 1], ["b", "dlvr.it", 1, 1]]
    assert out["share_of_campaign_tweets"].tolist() == [0.5, 0.25, 0.25]
    assert C.automation_clients(ev[ev["tweet_client_name"] == "Twitter Web Client"]).empty


def test_a_verdict_is_a_test_against_the_controls():
    flag = pd.DataFrame({"signal": ["s"] * 4, "campaign": ["big", "one_edge", "ctrl", "none"],
                         "control": [False, False, True, False], "accounts": [200, 200, 300, 50],
                         "flagged": [30, 2, 3, 0]})
    flag["share_flagged"] = flag["flagged"] / flag["accounts"]
    v = C.verdicts(flag, ["ctrl"]).set_index("campaign")
    assert v.loc["big", "verdict"].startswith("more coordinated than the controls: 15.0% of accounts vs 1.0%")
    assert v.loc["big", "difference_ci_low"] > 0 and v.loc["big", "p_value"] < 1e-6
    # one edge (two accounts) is not more than the controls' rate of 1%
    assert v.loc["one_edge", "verdict"].startswith("not distinguishable from the controls")
    assert v.loc["one_edge", "difference_ci_low"] < 0 < v.loc["one_edge", "difference_ci_high"]
    assert v.loc["none", "verdict"] == "no account in a significant edge"
    alone = C.verdicts(flag[flag["campaign"] != "ctrl"], []).set_index("campaign")
    assert alone.loc["big", "verdict"].endswith("no control set: the null model is the only baseline")
    assert alone.loc["big", "share_ci_low"] < 0.15 < alone.loc["big", "share_ci_high"]
