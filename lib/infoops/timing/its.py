"""Did activity change at the event? Negative-binomial interrupted time
series with confidence intervals, placebo event dates, and change points."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .params import TimingParams
from .volume import MIN_TWEETS_EACH_SIDE, window_series

#: Below this NB dispersion the counts are Poisson (dispersion reported as 0).
POISSON_ALPHA = 1e-6


def _its_model(series: pd.DataFrame, event: pd.Timestamp, min_days_each_side: int):
    import statsmodels.formula.api as smf

    ev = pd.Timestamp(event)
    ev = ev.tz_localize(None) if ev.tzinfo else ev
    df = series.copy()
    df["t"] = (pd.to_datetime(df["day"]) - ev).dt.days.astype(float)
    df["after"] = (df["t"] >= 0).astype(float)
    df["t_after"] = df["t"] * df["after"]
    df["dow"] = pd.to_datetime(df["day"]).dt.day_name().str[:3]
    if (df["after"] == 0).sum() < min_days_each_side or (df["after"] == 1).sum() < min_days_each_side:
        return None, df
    if df["count"].sum() == 0:
        return None, df
    formula = "count ~ t + after + t_after + C(dow)"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter; reported in the table
        model = smf.negativebinomial(formula, data=df)
        # BFGS finds the optimum's neighbourhood; Newton (analytic Hessian)
        # then lands on it to machine precision. BFGS's own flag sat on its
        # tolerance and flipped between CPUs. Converged = Newton's flag and
        # finite estimates.
        rough = model.fit(disp=0, maxiter=300)
        if rough.params["alpha"] < POISSON_ALPHA:
            # No overdispersion: the NB optimum is on its boundary, where its
            # Hessian is singular; it is the Poisson fit, which is concave.
            res = smf.poisson(formula, data=df).fit(method="newton", maxiter=50, disp=0)
        else:
            res = model.fit(start_params=rough.params, method="newton", maxiter=20, disp=0)
    res.mle_retvals["converged"] = bool(res.mle_retvals.get("converged", False)
                                        and np.isfinite(res.params).all() and np.isfinite(res.bse).all())
    return res, df


def its_fit(series: pd.DataFrame, event: pd.Timestamp, *, min_days_each_side: int = 7) -> pd.DataFrame | None:
    """Segmented negative-binomial regression of daily counts.

    log E[count] = b0 + b1 * t + b2 * after + b3 * after * t + day-of-week,
    with t in days from the event. b2 is the level change at the event
    (exp(b2) = rate ratio), b3 the slope change; the dispersion alpha is
    estimated (overdispersion); when the counts show none, the model is the
    Poisson one it reduces to, with alpha reported as 0. Returns one row per
    term with estimate, 95% confidence interval and p-value, or None when
    either side has fewer than ``min_days_each_side`` days.
    """
    res, df = _its_model(series, event, min_days_each_side)
    if res is None:
        return None
    ci = res.conf_int(0.05)
    names = {"Intercept": "intercept", "t": "slope_before", "after": "level_change",
             "t_after": "slope_change", "alpha": "dispersion_alpha"}
    rows = []
    for term, label in names.items():
        if term not in res.params:  # the Poisson fit: no overdispersion
            rows.append({"term": label, "estimate": 0.0, "ci_low": np.nan, "ci_high": np.nan, "p_value": np.nan})
            continue
        rows.append({"term": label, "estimate": float(res.params[term]), "ci_low": float(ci.loc[term, 0]),
                     "ci_high": float(ci.loc[term, 1]), "p_value": float(res.pvalues[term])})
    out = pd.DataFrame(rows)
    ratio = out["term"].isin(["level_change", "slope_change", "slope_before"])
    for col, src in (("rate_ratio", "estimate"), ("rr_ci_low", "ci_low"), ("rr_ci_high", "ci_high")):
        out[col] = np.exp(out[src].where(ratio))
    out["n_days"] = len(df)
    out["converged"] = res.mle_retvals["converged"]
    return out


def its_curves(series: pd.DataFrame, event: pd.Timestamp, *, min_days_each_side: int = 7) -> pd.DataFrame | None:
    """Observed counts with the fitted model, its day-of-week-averaged trend,
    and the counterfactual (pre-event trend continued, no level or slope
    change) for plotting."""
    res, df = _its_model(series, event, min_days_each_side)
    if res is None:
        return None
    out = df[["day", "count", "t", "after"]].copy()
    out["fitted"] = res.predict(df)
    trend, counter = np.zeros(len(df)), np.zeros(len(df))
    dows = sorted(df["dow"].unique())
    for d in dows:  # average over weekdays
        trend += res.predict(df.assign(dow=d)) / len(dows)
        counter += res.predict(df.assign(dow=d, after=0.0, t_after=0.0)) / len(dows)
    out["trend"], out["counterfactual"] = trend, counter
    return out


def its_by_campaign(daily: pd.DataFrame, cov: pd.DataFrame, p: TimingParams) -> pd.DataFrame:
    """ITS for every campaign whose data covers the event (others are listed
    with the reason they were skipped)."""
    rows = []
    for r in cov.itertuples():
        if not r.event_covered:
            rows.append(pd.DataFrame([{"campaign": r.campaign, "term": "level_change", "skipped": r.verdict}]))
            continue
        fit = its_fit(window_series(daily, r.campaign, p), p.event_date)
        if fit is None:
            rows.append(pd.DataFrame([{"campaign": r.campaign, "term": "level_change",
                                       "skipped": "too few days on one side of the event"}]))
            continue
        rows.append(fit.assign(campaign=r.campaign, skipped=""))
    out = pd.concat(rows, ignore_index=True)
    cols = ["campaign", "term", "estimate", "ci_low", "ci_high", "p_value", "rate_ratio", "rr_ci_low",
            "rr_ci_high", "n_days", "converged", "skipped"]
    return out.reindex(columns=cols)


def placebo_level_changes(daily: pd.DataFrame, campaign: str, p: TimingParams, *,
                          step_days: int = 7, min_days_each_side: int = 14) -> pd.DataFrame:
    """The same ITS at placebo event dates before the real one (every
    ``step_days``), using only pre-event data: how large a 'level change' is
    when nothing planted or known happened. The real estimate is judged
    against this distribution."""
    g = daily[(daily["campaign"] == campaign) & ~daily["partial_day"]]
    ev = p.event_date.tz_localize(None)
    pre = g[g["day"] < ev]
    if pre.empty:
        return pd.DataFrame(columns=["campaign", "placebo_date", "level_change"])
    rows = []
    date = ev - pd.Timedelta(days=min_days_each_side)
    first = pre["day"].min() + pd.Timedelta(days=min_days_each_side)
    while date >= first:
        lo, hi = date - pd.Timedelta(days=p.days_before), min(date + pd.Timedelta(days=p.days_after), ev)
        s = pre[(pre["day"] >= lo) & (pre["day"] < hi)]
        # a placebo date needs the same data on each side as the real one
        thin = min(s.loc[s["day"] < date, "all"].sum(), s.loc[s["day"] >= date, "all"].sum()) < MIN_TWEETS_EACH_SIDE
        fit = None if thin else its_fit(pd.DataFrame({"day": s["day"], "count": s["all"]}), date,
                                        min_days_each_side=min_days_each_side)
        if fit is not None and bool(fit["converged"].iloc[0]):
            est = fit.set_index("term").loc["level_change", "estimate"]
            rows.append({"campaign": campaign, "placebo_date": date, "level_change": float(est)})
        date -= pd.Timedelta(days=step_days)
    return pd.DataFrame(rows)


def placebo_summary(its: pd.DataFrame, placebos: pd.DataFrame) -> pd.DataFrame:
    """Real level change beside the placebo distribution: the share of placebo
    estimates at least as large in absolute value (an empirical p-value)."""
    rows = []
    for camp, g in placebos.groupby("campaign"):
        real = its[(its["campaign"] == camp) & (its["term"] == "level_change")]["estimate"]
        if real.empty or real.isna().all():
            continue
        r = float(real.iloc[0])
        v = g["level_change"].to_numpy()
        rows.append({"campaign": camp, "level_change": r, "n_placebos": len(v),
                     "placebo_median": float(np.median(v)) if len(v) else np.nan,
                     "placebo_abs_max": float(np.max(np.abs(v))) if len(v) else np.nan,
                     "empirical_p": float((np.sum(np.abs(v) >= abs(r)) + 1) / (len(v) + 1))})
    return pd.DataFrame(rows)


def change_points(daily: pd.DataFrame, campaign: str, p: TimingParams, *, max_changes: int = 3,
                  min_size: int = 5) -> pd.DataFrame:
    """Unsupervised change-point search (ruptures, binary segmentation) on
    log daily counts inside the window, after removing the day-of-week
    pattern. The penalty is BIC-like (3 sigma^2 log n, sigma from the
    median absolute difference), so the number of changes is chosen by the
    data; at most ``max_changes`` are kept, strongest first."""
    import ruptures as rpt

    s = window_series(daily, campaign, p)
    if len(s) < 2 * min_size + 1:
        return pd.DataFrame(columns=["campaign", "change_date", "days_from_event", "mean_before",
                                     "mean_after", "ratio"])
    y = np.log1p(s["count"].to_numpy(dtype=float))
    dow = pd.to_datetime(s["day"]).dt.day_of_week.to_numpy()
    dow_effect = pd.Series(y).groupby(dow).transform("median").to_numpy() - np.median(y)
    z = y - dow_effect
    sigma = np.median(np.abs(np.diff(z))) / (0.6745 * np.sqrt(2)) or 1e-6
    algo = rpt.Binseg(model="l2", min_size=min_size, jump=1).fit(z.reshape(-1, 1))
    bkps = algo.predict(pen=3 * sigma**2 * np.log(len(z)))[:-1]
    # Rank by the size of the mean shift, keep the strongest few.
    rows = []
    edges = [0, *bkps, len(z)]
    for i, b in enumerate(bkps):
        before = s["count"].iloc[edges[i]:b].mean()
        after = s["count"].iloc[b:edges[i + 2]].mean()
        day = pd.Timestamp(s["day"].iloc[b])
        rows.append({"campaign": campaign, "change_date": day,
                     "days_from_event": int((day - p.event_date.tz_localize(None)).days),
                     "mean_before": float(before), "mean_after": float(after),
                     # no ratio to a zero mean (it would read as infinite)
                     "ratio": float(after / before) if before > 0 else np.nan})
    out = pd.DataFrame(rows)
    if out.empty:
        return out.reindex(columns=["campaign", "change_date", "days_from_event", "mean_before",
                                    "mean_after", "ratio"])
    out["strength"] = np.abs(np.log((out["mean_after"] + 1) / (out["mean_before"] + 1)))
    out = out.sort_values(["strength", "change_date"], ascending=[False, True]).head(max_changes)
    return out.sort_values("change_date").drop(columns="strength").reset_index(drop=True)


def change_points_all(daily: pd.DataFrame, campaigns: list[str], p: TimingParams) -> pd.DataFrame:
    """:func:`change_points` for each campaign (an empty table when none)."""
    parts = [change_points(daily, c, p) for c in campaigns]
    cols = ["campaign", "change_date", "days_from_event", "mean_before", "mean_after", "ratio"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)


def placebos_all(daily: pd.DataFrame, campaigns: list[str], p: TimingParams) -> pd.DataFrame:
    """:func:`placebo_level_changes` for each campaign (an empty table when none)."""
    parts = [placebo_level_changes(daily, c, p) for c in campaigns]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["campaign", "placebo_date", "level_change"])
