"""Timing analysis functions, on data with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import infoops
from infoops import timing as T
from infoops.schema import SNOWFLAKE_EPOCH_MS

P = T.check_params("2019-01-23", 60, 28, "America/Caracas")


def _sf(ms: int) -> str:
    return str((ms - SNOWFLAKE_EPOCH_MS) << 22)


def _tweets(times: list[str], campaign: str = "c", user: str = "u1", **cols) -> pd.DataFrame:
    t = pd.to_datetime(times, utc=True)
    df = pd.DataFrame({"campaign": campaign, "userid": user, "tweet_time": t.floor("min"),
                       "tweet_time_exact": t, "is_retweet": False, "in_reply_to_tweetid": None,
                       "quoted_tweet_tweetid": None, "retweet_tweetid": None})
    for k, v in cols.items():
        df[k] = v
    return df


@pytest.mark.parametrize("args,msg", [
    (("not a date", 60, 28, "UTC"), "is not a date"),
    (("2019-01-23", 60, 28, "Mars/Olympus"), "not in the time-zone database"),
    (("2019-01-23", 0, 28, "UTC"), "window_days_before must be"),
    (("2019-01-23", 60, 2.5, "UTC"), "window_days_after must be"),
])
def test_bad_parameters_give_plain_messages(args, msg):
    with pytest.raises(ValueError, match=msg):
        T.check_params(*args)


def test_coverage_says_when_data_ends_before_the_event():
    tw = pd.concat([_tweets(["2018-06-01 10:00", "2018-12-07 10:00"], campaign="early"),
                    _tweets(["2019-01-01 10:00", "2019-02-01 10:00"], campaign="spans")])
    acc = pd.DataFrame({"campaign": ["early", "spans"], "userid": ["u1", "u1"]})
    cov = T.coverage(tw, acc, P).set_index("campaign")
    assert not cov.loc["early", "event_covered"] and "BEFORE the event" in cov.loc["early", "verdict"]
    assert "47 days" in cov.loc["early", "verdict"]
    assert cov.loc["spans", "event_covered"]
    assert cov.loc["spans", "tweets_window_before"] == 1 and cov.loc["spans", "tweets_window_after"] == 1


def test_daily_counts_zero_fill_only_inside_coverage():
    tw = _tweets(["2019-01-01 10:00", "2019-01-01 11:00", "2019-01-04 09:00"])
    d = T.daily_counts(tw)
    assert d["day"].dt.strftime("%m-%d").tolist() == ["01-01", "01-02", "01-03", "01-04"]
    assert d["all"].tolist() == [2, 0, 0, 1] and d["partial_day"].tolist() == [False, False, False, True]


def _nb_series(level_ratio: float, seed: int, days_before=60, days_after=28, base=80.0):
    rng = np.random.default_rng(seed)
    days = pd.date_range("2019-01-23", periods=days_before + days_after, freq="D") - pd.Timedelta(days=days_before)
    t = (days - pd.Timestamp("2019-01-23")).days.to_numpy()
    mu = base * np.where(t >= 0, level_ratio, 1.0) * np.where(days.day_of_week >= 5, 0.6, 1.0)
    size = 20.0
    counts = rng.negative_binomial(size, size / (size + mu))
    return pd.DataFrame({"day": days, "count": counts})


def test_its_recovers_a_known_level_change_with_an_interval():
    fit = T.its_fit(_nb_series(1.8, seed=1), pd.Timestamp("2019-01-23")).set_index("term")
    lv = fit.loc["level_change"]
    assert lv["ci_low"] <= np.log(1.8) <= lv["ci_high"] and lv["ci_low"] > 0
    assert fit.loc["dispersion_alpha", "estimate"] > 0  # overdispersion estimated
    none = T.its_fit(_nb_series(1.0, seed=2), pd.Timestamp("2019-01-23")).set_index("term")
    assert none.loc["level_change", "ci_low"] < 0 < none.loc["level_change", "ci_high"]


def test_its_refuses_too_few_days_after_the_event():
    s = _nb_series(1.5, seed=3, days_after=3)
    assert T.its_fit(s, pd.Timestamp("2019-01-23")) is None


def _daily_frame(series: pd.DataFrame, campaign="c") -> pd.DataFrame:
    return pd.DataFrame({"campaign": campaign, "day": series["day"], "all": series["count"],
                         "partial_day": False})


def test_change_point_found_at_a_planted_step_and_none_without():
    d = _daily_frame(_nb_series(2.0, seed=4))
    cps = T.change_points(d, "c", P)
    assert len(cps) >= 1 and cps["days_from_event"].abs().min() <= 2
    flat = T.change_points(_daily_frame(_nb_series(1.0, seed=5)), "c", P)
    assert len(flat) == 0


def test_placebo_dates_are_before_the_event_and_judge_the_real_change():
    d = _daily_frame(pd.concat([_nb_series(1.0, seed=6, days_before=200, days_after=0),
                                _nb_series(2.0, seed=7, days_before=0, days_after=28)]))
    its = T.its_fit(d.rename(columns={"all": "count"})[["day", "count"]].tail(88),
                    pd.Timestamp("2019-01-23")).assign(campaign="c")
    pl = T.placebo_level_changes(d, "c", P)
    assert len(pl) >= 10 and (pl["placebo_date"] < pd.Timestamp("2019-01-23")).all()
    s = T.placebo_summary(its, pl).iloc[0]
    assert s["empirical_p"] < 0.1 and abs(s["placebo_median"]) < 0.2


def test_local_time_uses_the_tz_database_for_caracas_2016_change():
    tw = _tweets(["2016-04-30 12:00", "2016-05-02 12:00"])
    hw = T.hour_weekday(tw, "America/Caracas")
    # 12:00 UTC is 07:30 before 1 May 2016 (UTC-4:30) and 08:00 after (UTC-4).
    assert sorted(hw["hour"].tolist()) == [7, 8]


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


def test_retweet_latency_from_snowflakes():
    src = 1548250000000
    tw = _tweets(["2019-01-23 13:27:10.500"], is_retweet=True)
    tw["retweet_tweetid"] = _sf(src)
    lat = T.retweet_latency(tw)
    expected = (pd.Timestamp("2019-01-23 13:27:10.500", tz="UTC").value // 1_000_000 - src) / 1000
    assert lat["latency_s"].iloc[0] == pytest.approx(expected)


def test_silence_relative_to_event():
    acc = pd.DataFrame({"campaign": "c", "userid": ["a", "b", "c"], "n_tweets": [3, 2, 0],
                        "last_tweet_time": pd.to_datetime(["2019-01-13", "2019-02-02", None], utc=True)})
    s = T.silence(acc, P).iloc[0]
    assert s["accounts_tweeting"] == 2 and s["silent_before_event"] == 1
    assert s["median_days_event_to_last_tweet"] == pytest.approx(0.0)


def test_sample_timing_signal_is_recovered(sample_release):
    """The notebook's must-show, checked directly: a change point within two
    days of the planted date and a level change whose interval excludes 0."""
    import json

    ds = infoops.load(sample_release, progress=False)
    truth = json.loads((sample_release / "ground_truth" / "truth.json").read_text())
    daily = T.daily_counts(ds.tweets)
    cov = T.coverage(ds.tweets, ds.accounts, P)
    its = T.its_by_campaign(daily, cov, P)
    cps = pd.concat([T.change_points(daily, c, P) for c in cov["campaign"]])
    rec = T.compare_with_truth(its, cps, truth, P).set_index("campaign")
    for camp in ("synthetic_venezuela_201901_1", "synthetic_venezuela_201901_2"):
        assert rec.loc[camp, "change_point_within_2_days"], camp
        assert rec.loc[camp, "ci_excludes_zero"] and rec.loc[camp, "ci_holds_planted"], camp
    ctrl = rec.loc["synthetic_control_201901"]
    assert not ctrl["ci_excludes_zero"] and not ctrl["change_point_within_2_days"]


def test_snowflake_sql_and_python_agree_on_every_kind_of_id():
    import duckdb
    from infoops.schema import FIRST_SNOWFLAKE_ID, snowflake_ms_sql

    ids = [str(_sf(1548250000000)), "1085200000000000007", str(FIRST_SNOWFLAKE_ID), str(FIRST_SNOWFLAKE_ID - 1),
           "12345", "9.06e+17", "1e3", "abc123", "", None, "18446744073709551615", "99999999999999999999",
           "123456789012345678901"]
    frame = pd.DataFrame({"id": ids})
    sql = duckdb.sql(f"SELECT ({snowflake_ms_sql('id')})::DOUBLE AS ms FROM frame").df()["ms"]
    py = T.snowflake_ms(frame["id"])
    # The largest 20-digit ids overflow an unsigned 64-bit integer: SQL gives
    # NULL; no real tweet id is near that size.
    fits = [x is not None and x.isdigit() and int(x) < 2**64 or not (x or "").isdigit() for x in ids]
    assert sql[fits].fillna(-1).tolist() == py[fits].fillna(-1).tolist()
    assert sql.notna().sum() >= 3
