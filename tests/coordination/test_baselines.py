"""Tests of :mod:`infoops.coordination.baselines`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from infoops import coordination as C


def _created(dates: list, prefix: str) -> pd.DataFrame:
    return pd.DataFrame({"userid": [f"{prefix}{i}" for i in range(len(dates))], "account_creation_date": dates})


def test_creation_batches_against_the_campaign_and_the_reference_set():
    rng = np.random.default_rng(1)
    spread = lambda n: list(pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 1500, n), unit="D"))  # noqa: E731
    camp = _created(spread(200) + [pd.Timestamp("2017-06-01")] * 8 + [pd.Timestamp("2016-03-03")] * 6, "c")
    # controls: spread out, but a platform-wide wave of sign-ups on 2016-03-03 (8 accounts)
    ctrl = _created(spread(300) + [pd.Timestamp("2016-03-03")] * 8, "k")
    acc = pd.concat([camp, ctrl], ignore_index=True)
    of = pd.Series(["camp"] * len(camp) + ["ctrl"] * len(ctrl), index=acc["userid"])
    b = C.creation_batches(acc, of, ["ctrl"], 0.01)
    # 8 on one day is a batch; 6 on the day controls also signed up en masse is not
    assert b["date"].tolist() == [pd.Timestamp("2017-06-01")] and b["accounts"].tolist() == [8]
    assert b["campaign"].tolist() == ["camp"] and b["reference"].tolist() == ["control accounts"]
    alone = C.creation_batches(camp, of[of == "camp"], [], 0.01)  # no reference set: own rate only
    assert set(alone["date"]) == {pd.Timestamp("2017-06-01"), pd.Timestamp("2016-03-03")}
    assert (alone["reference"] == "none").all()
    # every day of 3+ creations is tested; the closest one not kept is named with its numbers
    days = C.creation_days(acc, of, ["ctrl"], 0.01)
    assert days.loc[days["batch"], "date"].tolist() == [pd.Timestamp("2017-06-01")]
    camp_days = days[days["campaign"] == "camp"]
    assert np.allclose(camp_days["level"], 0.01 / of[of == "camp"].index.map(
        dict(zip(acc["userid"], acc["account_creation_date"]))).nunique())
    note = C.creation_power(days)
    assert note.startswith("camp: closest day not kept 2016-03-03, 6 created vs ")
    closest = camp_days[~camp_days["batch"]].sort_values("p_value").iloc[0]
    assert f"p {closest['p_value']:.1e} > level {closest['level']:.1e}" in note and "ctrl: " in note


def test_rare_clients_are_rare_relative_to_the_number_of_accounts():
    ev = pd.DataFrame({"acct": [0, 0, 1, 1, 2, 3, 3], "tweet_client_name": ["BotApp", "BotApp", "BotApp", "Twitter Web Client",
                                                                             "BotApp", "Twitter for Android", "BotApp"]})
    many = pd.Index([f"u{i}" for i in range(200)])
    rc = C.rare_clients(ev, many, 0.02)
    # main client = at least half the account's tweets (account 1: one of two); official apps never count
    assert rc["client"].tolist() == ["BotApp"] and rc["members"].iloc[0] == ["u0", "u1", "u2", "u3"]
    # four accounts of 200 is rare at 2%, not at 1%; four of four never is
    assert C.rare_clients(ev, many, 0.01).empty and C.rare_clients(ev, many[:4], 0.9).empty


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
    assert "no control set: the null model is the only baseline, and it cannot rule out" in alone.loc["big", "verdict"]
    assert alone.loc["big", "share_ci_low"] < 0.15 < alone.loc["big", "share_ci_high"]


def test_a_small_sample_of_a_release_is_named(sample_result):
    _, res, _, _ = sample_result
    assert C.sample_note(res) == ""  # the sample: 670 accounts analysed
    few = C.CoordinationResult(res.accounts[:30], res.campaign_of, res.summary, res.edges,
                               activity=res.activity.iloc[:30])
    assert C.sample_note(few).startswith("These data look like a small sample of a release (30 accounts")


def test_no_account_analysed_gives_empty_tables_with_their_columns():
    from infoops.coordination.result import CoordinationResult

    summary = pd.DataFrame({"signal": ["co_retweet"], "flagged_set": [set()]})
    res = CoordinationResult(pd.Index([]), pd.Series([], dtype=object), summary, pd.DataFrame(),
                             activity=pd.Series([], dtype=float))
    flag = C.flagged_by_campaign(res, [])
    assert flag.empty and flag["control"].dtype == bool
    ver = C.verdicts(flag, [])
    assert ver.empty and "verdict" in ver.columns
    assert C.sample_note(res).startswith("No account was analysed")


def test_a_group_is_a_clique_up_to_a_size_and_a_star_beyond():
    e = C.group_edges([[3, 1, 2], [2, 1]], p_values=[0.01, 0.001])
    # every pair of the first group, a < b; the pair (1, 2) of both keeps the smaller p
    assert e[["a", "b"]].values.tolist() == [[1, 3], [2, 3], [1, 2]]
    assert e.set_index(["a", "b"])["p_value"].to_dict() == {(1, 3): 0.01, (2, 3): 0.01, (1, 2): 0.001}
    big = C.group_edges([list(range(10, 20))], max_clique=5)
    assert len(big) == 9 and set(big["a"]) == {10} and set(big["b"]) == set(range(11, 20))
    assert big["p_value"].isna().all() and (big["weight"] == 1).all()
    assert C.group_edges([]).empty
