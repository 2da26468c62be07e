"""Timing of activity around an event date: the analysis behind notebook 01.

Every function takes the reader's tidy tables (or tables made from them) and
returns a DataFrame. Claims about change at the event come with a baseline or
an interval: negative-binomial interrupted time series with confidence
intervals, placebo event dates, and the control campaign when there is one.
Coverage comes first: a campaign whose data ends before the event cannot say
anything about the event itself, and the tables say so.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

KINDS = ("original", "retweet", "reply", "quote")


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class TimingParams:
    event_date: pd.Timestamp
    days_before: int
    days_after: int
    tz: str

    @property
    def window_start(self) -> pd.Timestamp:
        return self.event_date - pd.Timedelta(days=self.days_before)

    @property
    def window_end(self) -> pd.Timestamp:  # exclusive
        return self.event_date + pd.Timedelta(days=self.days_after)


# Columns of the tweets table that the timing analyses read (load only these:
# a full-size release does not fit in pandas with every column).
TWEET_COLUMNS: tuple[str, ...] = ("campaign", "userid", "tweetid", "tweet_time", "tweet_time_exact",
                                  "is_retweet", "in_reply_to_tweetid", "quoted_tweet_tweetid",
                                  "retweet_tweetid")


def check_params(event_date: str, days_before: int, days_after: int, tz: str) -> TimingParams:
    """Validate notebook parameters; raise ValueError with a plain message."""
    try:
        ev = pd.Timestamp(event_date)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"event_date {event_date!r} is not a date (use YYYY-MM-DD): {exc}") from None
    if pd.isna(ev):
        raise ValueError(f"event_date {event_date!r} is not a date (use YYYY-MM-DD)")
    ev = ev.tz_localize("UTC") if ev.tzinfo is None else ev.tz_convert("UTC")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"time zone {tz!r} is not in the time-zone database "
                         "(use a name like America/Caracas)") from None
    for name, v in (("window_days_before", days_before), ("window_days_after", days_after)):
        if not isinstance(v, (int, np.integer)) or v < 1:
            raise ValueError(f"{name} must be a whole number of days >= 1, got {v!r}")
    return TimingParams(ev.normalize(), int(days_before), int(days_after), tz)


# --------------------------------------------------------------------------- tidy inputs


def tweet_kind(tweets: pd.DataFrame) -> pd.Series:
    """original / retweet / reply / quote for each tweet."""
    kind = np.select(
        [tweets["is_retweet"].fillna(False).astype(bool).to_numpy(),
         tweets["in_reply_to_tweetid"].notna().to_numpy(),
         tweets["quoted_tweet_tweetid"].notna().to_numpy()],
        ["retweet", "reply", "quote"], default="original")
    return pd.Series(kind, index=tweets.index, name="kind")


def event_time(tweets: pd.DataFrame) -> pd.Series:
    """Exact time from the tweet id where known, else the minute of tweet_time."""
    return tweets["tweet_time_exact"].fillna(tweets["tweet_time"])


# --------------------------------------------------------------------------- coverage


def coverage(tweets: pd.DataFrame, accounts: pd.DataFrame, p: TimingParams) -> pd.DataFrame:
    """Per campaign: span of the data, and what lies inside the window.

    ``event_covered`` is true only when the campaign has tweets on both sides of
    the event; ``verdict`` says in words what the data can answer.
    """
    rows = []
    for camp, g in tweets.groupby("campaign", sort=True):
        t = g["tweet_time"]
        first, last = t.min(), t.max()
        in_before = ((t >= p.window_start) & (t < p.event_date)).sum()
        in_after = ((t >= p.event_date) & (t < p.window_end)).sum()
        acc = accounts[accounts["campaign"] == camp]
        covered = first < p.event_date <= last
        if last < p.event_date:
            verdict = (f"data ends {(p.event_date - last.normalize()).days} days BEFORE the event: "
                       "no event effect can be measured; only silence, creation and activity up to the end")
        elif first >= p.event_date:
            verdict = "data starts after the event: no before/after comparison"
        elif in_after == 0 or in_before == 0:
            verdict = "no tweets on one side of the event inside the window"
        else:
            verdict = f"event covered: {(last - p.event_date).days} days of data after it"
        rows.append({
            "campaign": camp, "first_tweet": first, "last_tweet": last,
            "accounts": int(len(acc)), "accounts_tweeting": int(g["userid"].nunique()),
            "tweets": int(len(g)),
            "tweets_window_before": int(in_before), "tweets_window_after": int(in_after),
            "accounts_window": int(g.loc[(t >= p.window_start) & (t < p.window_end), "userid"].nunique()),
            "event_covered": bool(covered and in_before > 0 and in_after > 0),
            "verdict": verdict,
        })
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- daily volume


def daily_counts(tweets: pd.DataFrame) -> pd.DataFrame:
    """Tweets per campaign and UTC day, by kind, zero-filled only between each
    campaign's first and last day (after suspension there is no data, not zero
    activity). The last day of each campaign is flagged as possibly partial."""
    d = tweets.assign(day=tweets["tweet_time"].dt.floor("D").dt.tz_localize(None), kind=tweet_kind(tweets))
    wide = d.groupby(["campaign", "day", "kind"]).size().unstack("kind", fill_value=0)
    for k in KINDS:
        if k not in wide:
            wide[k] = 0
    out = []
    for camp, g in wide[list(KINDS)].groupby(level="campaign"):
        g = g.droplevel("campaign")
        full = pd.date_range(g.index.min(), g.index.max(), freq="D", name="day")
        g = g.reindex(full, fill_value=0)
        g["all"] = g[list(KINDS)].sum(axis=1)
        g["partial_day"] = g.index == full.max()
        out.append(g.reset_index().assign(campaign=camp))
    res = pd.concat(out, ignore_index=True)
    return res[["campaign", "day", "all", *KINDS, "partial_day"]]


def _window_series(daily: pd.DataFrame, campaign: str, p: TimingParams, column: str = "all") -> pd.DataFrame:
    g = daily[(daily["campaign"] == campaign) & ~daily["partial_day"]]
    ev = p.event_date.tz_localize(None)
    g = g[(g["day"] >= ev - pd.Timedelta(days=p.days_before)) & (g["day"] < ev + pd.Timedelta(days=p.days_after))]
    return pd.DataFrame({"day": g["day"].to_numpy(), "count": g[column].to_numpy()})


# --------------------------------------------------------------------------- interrupted time series


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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter; reported in the table
        res = smf.negativebinomial("count ~ t + after + t_after + C(dow)", data=df).fit(disp=0, maxiter=300)
    return res, df


def its_fit(series: pd.DataFrame, event: pd.Timestamp, *, min_days_each_side: int = 7) -> pd.DataFrame | None:
    """Segmented negative-binomial regression of daily counts.

    log E[count] = b0 + b1 * t + b2 * after + b3 * after * t + day-of-week,
    with t in days from the event. b2 is the level change at the event
    (exp(b2) = rate ratio), b3 the slope change; the dispersion alpha is
    estimated (overdispersion). Returns one row per term with estimate, 95%
    confidence interval and p-value, or None when either side has fewer than
    ``min_days_each_side`` days.
    """
    res, df = _its_model(series, event, min_days_each_side)
    if res is None:
        return None
    ci = res.conf_int(0.05)
    names = {"Intercept": "intercept", "t": "slope_before", "after": "level_change",
             "t_after": "slope_change", "alpha": "dispersion_alpha"}
    rows = []
    for term, label in names.items():
        rows.append({"term": label, "estimate": float(res.params[term]), "ci_low": float(ci.loc[term, 0]),
                     "ci_high": float(ci.loc[term, 1]), "p_value": float(res.pvalues[term])})
    out = pd.DataFrame(rows)
    out["rate_ratio"] = np.where(out["term"].isin(["level_change", "slope_change", "slope_before"]),
                                 np.exp(out["estimate"]), np.nan)
    out["rr_ci_low"] = np.where(out["rate_ratio"].notna(), np.exp(out["ci_low"]), np.nan)
    out["rr_ci_high"] = np.where(out["rate_ratio"].notna(), np.exp(out["ci_high"]), np.nan)
    out["n_days"] = len(df)
    out["converged"] = bool(res.mle_retvals.get("converged", True))
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
        fit = its_fit(_window_series(daily, r.campaign, p), p.event_date)
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
        fit = its_fit(pd.DataFrame({"day": s["day"], "count": s["all"]}), date,
                      min_days_each_side=min_days_each_side)
        if fit is not None:
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


# --------------------------------------------------------------------------- change points


def change_points(daily: pd.DataFrame, campaign: str, p: TimingParams, *, max_changes: int = 3,
                  min_size: int = 5) -> pd.DataFrame:
    """Unsupervised change-point search (ruptures, binary segmentation) on
    log daily counts inside the window, after removing the day-of-week
    pattern. The penalty is BIC-like (3 sigma^2 log n, sigma from the
    median absolute difference), so the number of changes is chosen by the
    data; at most ``max_changes`` are kept, strongest first."""
    import ruptures as rpt

    s = _window_series(daily, campaign, p)
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
                     "ratio": float(after / before) if before > 0 else np.inf})
    out = pd.DataFrame(rows)
    if out.empty:
        return out.reindex(columns=["campaign", "change_date", "days_from_event", "mean_before",
                                    "mean_after", "ratio"])
    out["strength"] = np.abs(np.log((out["mean_after"] + 1) / (out["mean_before"] + 1)))
    out = out.sort_values("strength", ascending=False).head(max_changes)
    return out.sort_values("change_date").drop(columns="strength").reset_index(drop=True)


# --------------------------------------------------------------------------- rhythm


def hour_weekday(tweets: pd.DataFrame, tz: str) -> pd.DataFrame:
    """Share of each campaign's tweets by local weekday and hour.

    Converted with the time-zone database (Caracas was UTC-4:30 from
    2007-12-09 to 2016-05-01), never with a fixed offset."""
    local = event_time(tweets).dt.tz_convert(tz)
    d = pd.DataFrame({"campaign": tweets["campaign"].to_numpy(), "weekday": local.dt.day_of_week.to_numpy(),
                      "hour": local.dt.hour.to_numpy()})
    c = d.groupby(["campaign", "weekday", "hour"]).size().rename("tweets").reset_index()
    c["share"] = c["tweets"] / c.groupby("campaign")["tweets"].transform("sum")
    return c


def working_hours_share(tweets: pd.DataFrame, tz: str, start: int = 8, end: int = 18) -> pd.DataFrame:
    """Share of tweets on weekdays between ``start`` and ``end`` local time
    (a 'day job' signature), per campaign; 0.30 is the share for activity spread
    evenly over the week (5 x 10 of 7 x 24 hours)."""
    local = event_time(tweets).dt.tz_convert(tz)
    office = (local.dt.day_of_week < 5) & (local.dt.hour >= start) & (local.dt.hour < end)
    out = office.groupby(tweets["campaign"]).agg(["mean", "size"]).reset_index()
    out.columns = ["campaign", "working_hours_share", "tweets"]
    out["uniform_share"] = 5 * (end - start) / (7 * 24)
    return out


# --------------------------------------------------------------------------- accounts


def weekly_creation(accounts: pd.DataFrame, *, baseline_weeks: int = 26, alpha: float = 0.01) -> pd.DataFrame:
    """Accounts created per week, per campaign, with bursts flagged.

    The expected count of a week is the median of the surrounding
    ``baseline_weeks`` (centred, excluding the week itself, at least 0.5); a
    week is a burst when a Poisson count that large has probability below
    ``alpha`` divided by the number of weeks (Bonferroni)."""
    from scipy.stats import poisson

    out = []
    acc = accounts.dropna(subset=["account_creation_date"])
    for camp, g in acc.groupby("campaign"):
        weeks = pd.to_datetime(g["account_creation_date"]).dt.to_period("W-SUN").dt.start_time
        c = weeks.value_counts().sort_index()
        full = pd.date_range(c.index.min(), c.index.max(), freq="7D")
        c = c.reindex(full, fill_value=0)
        vals = c.to_numpy(dtype=float)
        half = baseline_weeks // 2
        expected = np.empty(len(vals))
        for i in range(len(vals)):
            lo, hi = max(0, i - half), min(len(vals), i + half + 1)
            neigh = np.r_[vals[lo:i], vals[i + 1:hi]]
            expected[i] = max(np.median(neigh) if len(neigh) else 0.0, 0.5)
        pval = poisson.sf(vals - 1, expected)
        out.append(pd.DataFrame({"campaign": camp, "week": c.index, "created": vals.astype(int),
                                 "expected": expected, "p_value": pval,
                                 "burst": pval < alpha / max(len(vals), 1)}))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(
        columns=["campaign", "week", "created", "expected", "p_value", "burst"])


def creation_days(accounts: pd.DataFrame, min_accounts: int = 5) -> pd.DataFrame:
    """Single days on which at least ``min_accounts`` accounts of a campaign were created."""
    acc = accounts.dropna(subset=["account_creation_date"])
    c = acc.groupby(["campaign", "account_creation_date"]).size().rename("created").reset_index()
    return c[c["created"] >= min_accounts].sort_values(["campaign", "account_creation_date"]).reset_index(drop=True)


def lifecycles(accounts: pd.DataFrame) -> pd.DataFrame:
    """First and last tweet per account that tweeted, ordered by first tweet."""
    a = accounts[accounts["n_tweets"] > 0][["campaign", "userid", "account_creation_date", "first_tweet_time",
                                            "last_tweet_time", "n_tweets"]]
    return a.sort_values(["campaign", "first_tweet_time", "userid"]).reset_index(drop=True)


def silence(accounts: pd.DataFrame, p: TimingParams) -> pd.DataFrame:
    """When accounts fell silent (last tweet, a proxy for suspension) relative
    to the event, per campaign."""
    a = accounts[accounts["n_tweets"] > 0]
    rows = []
    for camp, g in a.groupby("campaign"):
        rel = (g["last_tweet_time"] - p.event_date).dt.total_seconds() / 86400
        last_day = g["last_tweet_time"].max()
        rows.append({
            "campaign": camp, "accounts_tweeting": len(g),
            "silent_before_event": int((rel < 0).sum()),
            "share_silent_before_event": float((rel < 0).mean()),
            "median_days_event_to_last_tweet": float(rel.median()),
            "share_silent_in_last_7_days_of_data": float(
                (g["last_tweet_time"] >= last_day - pd.Timedelta(days=7)).mean()),
            "last_tweet": last_day,
        })
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- sub-minute timing


def snowflake_ms(ids: pd.Series) -> pd.Series:
    """Milliseconds since the Unix epoch encoded in snowflake ids (NaN for
    missing, non-numeric or pre-snowflake ids)."""
    from .schema import FIRST_SNOWFLAKE_ID, SNOWFLAKE_EPOCH_MS

    def one(x: object) -> float:
        if isinstance(x, str) and x.isdigit() and len(x) <= 20:
            v = int(x)
            if v >= FIRST_SNOWFLAKE_ID:
                return float((v >> 22) + SNOWFLAKE_EPOCH_MS)
        return np.nan

    return pd.Series([one(x) for x in ids], index=ids.index, dtype=float)


def retweet_latency(tweets: pd.DataFrame) -> pd.DataFrame:
    """Seconds between an original tweet and its retweet, both timed from
    their snowflake ids (minute-resolution times cannot show this)."""
    rt = tweets[tweets["is_retweet"].fillna(False).astype(bool) & tweets["retweet_tweetid"].notna()
                & tweets["tweet_time_exact"].notna()]
    src = snowflake_ms(rt["retweet_tweetid"])
    own = rt["tweet_time_exact"].astype("int64") // 1000  # us -> ms
    lat = (own.to_numpy(dtype=float) - src.to_numpy()) / 1000
    return pd.DataFrame({"campaign": rt["campaign"].to_numpy(), "userid": rt["userid"].to_numpy(),
                         "latency_s": lat}).dropna()


def latency_summary(lat: pd.DataFrame) -> pd.DataFrame:
    if lat.empty:
        return pd.DataFrame(columns=["campaign", "retweets", "median_s", "share_under_60s", "share_under_10s"])
    return (lat.groupby("campaign")["latency_s"]
            .agg(retweets="size", median_s="median",
                 share_under_60s=lambda x: float((x < 60).mean()),
                 share_under_10s=lambda x: float((x < 10).mean()))
            .reset_index())


def second_of_minute(tweets: pd.DataFrame) -> pd.DataFrame:
    """Is the second within the minute uniform? Schedulers posting on the
    minute show a spike at 0. Chi-square test per campaign."""
    from scipy.stats import chisquare

    t = tweets[tweets["tweet_time_exact"].notna()]
    rows = []
    for camp, g in t.groupby("campaign"):
        sec = g["tweet_time_exact"].dt.second.to_numpy()
        counts = np.bincount(sec, minlength=60)
        stat, pval = chisquare(counts)
        rows.append({"campaign": camp, "tweets": len(sec), "share_at_second_0": float(counts[0] / len(sec)),
                     "chi2": float(stat), "p_value_uniform": float(pval)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- reporting


def compare_with_truth(its: pd.DataFrame, cps: pd.DataFrame, truth: dict, p: TimingParams) -> pd.DataFrame:
    """Estimates beside what the synthetic generator planted, per campaign."""
    rows = []
    planted_event = pd.Timestamp(truth["config"]["event_date"])
    for camp, info in truth["campaigns"].items():
        tm = info["timing"]
        lv = its[(its["campaign"] == camp) & (its["term"] == "level_change")].dropna(subset=["estimate"])
        sl = its[(its["campaign"] == camp) & (its["term"] == "slope_change")].dropna(subset=["estimate"])
        c = cps[cps["campaign"] == camp] if len(cps) else cps
        nearest = None
        if len(c):
            d = (pd.to_datetime(c["change_date"]) - planted_event).dt.days
            nearest = int(d.iloc[int(np.argmin(np.abs(d.to_numpy())))])
        row = {"campaign": camp, "role": info["role"], "planted_log_level_change": tm["log_level_change"]}
        if len(lv):
            r = lv.iloc[0]
            row.update(estimated=r["estimate"], ci_low=r["ci_low"], ci_high=r["ci_high"],
                       ci_holds_planted=bool(r["ci_low"] <= tm["log_level_change"] <= r["ci_high"]),
                       ci_excludes_zero=bool(r["ci_low"] > 0 or r["ci_high"] < 0))
        row["planted_slope_change_per_day"] = tm["slope_change_per_30d"] / 30
        if len(sl):
            row["estimated_slope_change_per_day"] = sl.iloc[0]["estimate"]
        row["nearest_change_point_days_from_planted"] = nearest
        row["change_point_within_2_days"] = (nearest is not None and abs(nearest) <= 2)
        rows.append(row)
    return pd.DataFrame(rows)


def summary_table(cov: pd.DataFrame, its: pd.DataFrame, cps: pd.DataFrame, plac: pd.DataFrame,
                  sil: pd.DataFrame, wh: pd.DataFrame, bursts: pd.DataFrame) -> pd.DataFrame:
    """The notebook's key results, one row per campaign, in words and numbers."""
    rows = []
    for r in cov.itertuples():
        row = {"campaign": r.campaign, "data_span": f"{r.first_tweet:%Y-%m-%d} to {r.last_tweet:%Y-%m-%d}",
               "event_covered": r.event_covered, "coverage": r.verdict}
        lv = its[(its["campaign"] == r.campaign) & (its["term"] == "level_change")].dropna(subset=["estimate"])
        if len(lv):
            x = lv.iloc[0]
            row["level_change_at_event"] = (f"x{x.rate_ratio:.2f} (95% CI {x.rr_ci_low:.2f}-{x.rr_ci_high:.2f}, "
                                            f"p={x.p_value:.2g})")
        else:
            row["level_change_at_event"] = "not estimable: " + r.verdict
        c = cps[cps["campaign"] == r.campaign] if len(cps) else cps
        row["change_points_days_from_event"] = (", ".join(str(int(v)) for v in c["days_from_event"])
                                                if len(c) else "none")
        pl = plac[plac["campaign"] == r.campaign] if len(plac) else plac
        row["placebo_empirical_p"] = round(float(pl["empirical_p"].iloc[0]), 3) if len(pl) else None
        s = sil[sil["campaign"] == r.campaign]
        row["share_silent_before_event"] = round(float(s["share_silent_before_event"].iloc[0]), 3) if len(s) else None
        w = wh[wh["campaign"] == r.campaign]
        row["working_hours_share"] = round(float(w["working_hours_share"].iloc[0]), 3) if len(w) else None
        b = bursts[bursts["campaign"] == r.campaign]
        row["creation_burst_weeks"] = ", ".join(f"{d:%Y-%m-%d}" for d in b["week"]) or "none"
        rows.append(row)
    return pd.DataFrame(rows)
