"""Tests of :mod:`infoops.timing.its`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from infoops import timing as T

P = T.check_params("2019-01-23", 60, 28, "America/Caracas")


def _nb_series(level_ratio: float, seed: int, days_before=60, days_after=28, base=80.0):
    rng = np.random.default_rng(seed)
    days = pd.date_range("2019-01-23", periods=days_before + days_after, freq="D") - pd.Timedelta(days=days_before)
    t = (days - pd.Timestamp("2019-01-23")).days.to_numpy()
    mu = base * np.where(t >= 0, level_ratio, 1.0) * np.where(days.day_of_week >= 5, 0.6, 1.0)
    size = 20.0
    counts = rng.negative_binomial(size, size / (size + mu))
    return pd.DataFrame({"day": days, "count": counts})


def _daily_frame(series: pd.DataFrame, campaign="c") -> pd.DataFrame:
    return pd.DataFrame({"campaign": campaign, "day": series["day"], "all": series["count"],
                         "partial_day": False})


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


def test_counts_without_overdispersion_get_the_poisson_fit_it_reduces_to():
    rng = np.random.default_rng(1)
    days = pd.date_range("2018-11-01", periods=80, freq="D")
    y = rng.poisson(40 * np.exp(0.3 * (days >= "2019-01-01")))
    fit = T.its_fit(pd.DataFrame({"day": days, "count": y}), pd.Timestamp("2019-01-01")).set_index("term")
    assert fit["converged"].all()
    assert fit.loc["dispersion_alpha", "estimate"] == 0.0
    lo, hi = fit.loc["level_change", ["ci_low", "ci_high"]]
    assert lo < 0.3 < hi and hi - lo < 0.3
