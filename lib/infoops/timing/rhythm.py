"""Local-time rhythm: hour x weekday, working-hours share, second of minute."""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from .params import event_time
from .zones import local_times


def hour_weekday(tweets: pd.DataFrame, tz: str | Mapping[str, str] | pd.DataFrame) -> pd.DataFrame:
    """Share of each campaign's tweets by local weekday and hour, in each
    campaign's zone (``tz``: one zone, or a table from :func:`campaign_time_zones`).

    Converted with the time-zone database (Caracas was UTC-4:30 from
    2007-12-09 to 2016-05-01), never with a fixed offset."""
    local = local_times(tweets, event_time(tweets), tz)
    d = pd.DataFrame({"campaign": tweets["campaign"].to_numpy(), "weekday": local.dt.day_of_week.to_numpy(),
                      "hour": local.dt.hour.to_numpy()})
    c = d.groupby(["campaign", "weekday", "hour"]).size().rename("tweets").reset_index()
    c["share"] = c["tweets"] / c.groupby("campaign")["tweets"].transform("sum")
    return c


def working_hours_share(tweets: pd.DataFrame, tz: str | Mapping[str, str] | pd.DataFrame, start: int = 8,
                        end: int = 18) -> pd.DataFrame:
    """Share of tweets on weekdays between ``start`` and ``end`` local time
    (a 'day job' signature), per campaign; 0.30 is the share for activity spread
    evenly over the week (5 x 10 of 7 x 24 hours)."""
    local = local_times(tweets, event_time(tweets), tz)
    office = (local.dt.day_of_week < 5) & (local.dt.hour >= start) & (local.dt.hour < end)
    out = office.groupby(tweets["campaign"]).agg(["mean", "size"]).reset_index()
    out.columns = ["campaign", "working_hours_share", "tweets"]
    out["uniform_share"] = 5 * (end - start) / (7 * 24)
    return out


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
