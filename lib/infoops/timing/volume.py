"""Coverage of the event by the data, and daily volume by kind of tweet."""

from __future__ import annotations

import pandas as pd

from .params import KINDS, TimingParams, tweet_kind


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
    """What the data can answer about the event, in words: one line per
    campaign, or one sentence when no campaign covers the event."""
    if not cov["event_covered"].any():
        return (f"THE EVENT ({p.event_date:%Y-%m-%d}) LIES OUTSIDE THE DATA of every campaign: no event effect "
                "can be measured. What follows: when accounts were created, how active they were up to the "
                "end, and when they fell silent relative to the event.")
    return "\n".join(f"{r.campaign}: {r.verdict}" for r in cov.itertuples())
