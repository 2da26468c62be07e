"""Coverage of the event by the data, and daily volume by kind of tweet."""

from __future__ import annotations

import pandas as pd

from .params import KINDS, TimingParams, tweet_kind

# What a before/after comparison needs on each side of the event, inside the
# window: days with data (the models' degrees of freedom) and tweets.
MIN_DAYS_EACH_SIDE = 7
MIN_TWEETS_EACH_SIDE = 30


def coverage(tweets: pd.DataFrame, accounts: pd.DataFrame, p: TimingParams) -> pd.DataFrame:
    """Per campaign: span of the data, and what lies inside the window.

    ``event_covered`` is true only when the campaign has, on each side of the
    event inside the window, at least ``MIN_DAYS_EACH_SIDE`` days with tweets
    and ``MIN_TWEETS_EACH_SIDE`` tweets; ``verdict`` says in words which it is:
    the event outside the data, or inside it with too few tweets on a side
    (with the counts), or covered.
    """
    rows = []
    for camp, g in tweets.groupby("campaign", sort=True):
        t = g["tweet_time"]
        first, last = t.min(), t.max()
        before, after = (t >= p.window_start) & (t < p.event_date), (t >= p.event_date) & (t < p.window_end)
        in_before, in_after = int(before.sum()), int(after.sum())
        days_before, days_after = t[before].dt.floor("D").nunique(), t[after].dt.floor("D").nunique()
        acc = accounts[accounts["campaign"] == camp]
        enough = (min(in_before, in_after) >= MIN_TWEETS_EACH_SIDE
                  and min(days_before, days_after) >= MIN_DAYS_EACH_SIDE)
        if last < p.event_date:
            verdict = (f"event outside the data: data ends {(p.event_date - last.normalize()).days} days BEFORE "
                       "the event; no event effect can be measured, only silence, creation and activity up to the end")
        elif first >= p.event_date:
            verdict = "event outside the data: data starts after the event, no before/after comparison"
        elif not enough:
            verdict = (f"event inside the data ({first:%Y-%m-%d} to {last:%Y-%m-%d}) but too few tweets around it: "
                       f"{in_before} tweets on {days_before} days before and {in_after} on {days_after} days after, "
                       f"inside the window; a comparison needs at least {MIN_TWEETS_EACH_SIDE} tweets on "
                       f"{MIN_DAYS_EACH_SIDE} days on each side")
        else:
            verdict = f"event covered: {(last - p.event_date).days} days of data after it"
        rows.append({
            "campaign": camp, "first_tweet": first, "last_tweet": last,
            "accounts": int(len(acc)), "accounts_tweeting": int(g["userid"].nunique()),
            "tweets": int(len(g)),
            "tweets_window_before": in_before, "tweets_window_after": in_after,
            "days_window_before": int(days_before), "days_window_after": int(days_after),
            "accounts_window": int(g.loc[before | after, "userid"].nunique()),
            "event_covered": bool(first < p.event_date <= last and enough),
            "verdict": verdict,
        })
    return pd.DataFrame(rows)


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


def window_series(daily: pd.DataFrame, campaign: str, p: TimingParams, column: str = "all") -> pd.DataFrame:
    """One campaign's daily counts inside the window (partial days left out)."""
    g = daily[(daily["campaign"] == campaign) & ~daily["partial_day"]]
    ev = p.event_date.tz_localize(None)
    g = g[(g["day"] >= ev - pd.Timedelta(days=p.days_before)) & (g["day"] < ev + pd.Timedelta(days=p.days_after))]
    return pd.DataFrame({"day": g["day"].to_numpy(), "count": g[column].to_numpy()})


def coverage_note(cov: pd.DataFrame, p: TimingParams) -> str:
    """What the data can answer about the event, in words: one sentence when
    no campaign covers it (outside the data, or too thin around it), else a
    line per campaign."""
    if not cov["event_covered"].any():
        if cov["verdict"].str.startswith("event outside the data").all():
            return (f"THE EVENT ({p.event_date:%Y-%m-%d}) LIES OUTSIDE THE DATA of every campaign: no event effect "
                    "can be measured. What follows: when accounts were created, how active they were up to the "
                    "end, and when they fell silent relative to the event.")
        return (f"NO CAMPAIGN HAS ENOUGH DATA AROUND THE EVENT ({p.event_date:%Y-%m-%d}) for a before/after "
                "comparison: no model, change point or placebo is run.\n"
                + "\n".join(f"{r.campaign}: {r.verdict}" for r in cov.itertuples()))
    return "\n".join(f"{r.campaign}: {r.verdict}" for r in cov.itertuples())
