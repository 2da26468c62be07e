"""Notebook 01's parameters and the tidy inputs every timing analysis reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import checks
from .zones import parse_local_tz

KINDS = ("original", "retweet", "reply", "quote")


@dataclass(frozen=True)
class TimingParams:
    """The event (a UTC day), the analysis window around it and the local time zone."""

    event_date: pd.Timestamp
    days_before: int
    days_after: int
    tz: str

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> "TimingParams":
        """From a notebook's parameters (event_date, window_days_before,
        window_days_after, local_tz), checked."""
        return check_params(params["event_date"], params["window_days_before"], params["window_days_after"],
                            params.get("local_tz", ""))

    @property
    def window_start(self) -> pd.Timestamp:
        """First day of the analysis window (inclusive)."""
        return self.event_date - pd.Timedelta(days=self.days_before)

    @property
    def window_end(self) -> pd.Timestamp:  # exclusive
        """Day after the analysis window (exclusive)."""
        return self.event_date + pd.Timedelta(days=self.days_after)


# Columns of the tweets table that the timing analyses read (load only these:
# a full-size release does not fit in pandas with every column).
TIMING_COLUMNS: tuple[str, ...] = ("campaign", "userid", "tweetid", "tweet_time", "tweet_time_exact",
                                  "is_retweet", "in_reply_to_tweetid", "quoted_tweet_tweetid",
                                  "retweet_tweetid", "is_reply", "is_quote")


def check_params(event_date: str, days_before: int, days_after: int, tz: str) -> TimingParams:
    """Validate notebook 01's parameters; raise ValueError with a plain message."""
    return TimingParams(checks.event_date(event_date), checks.whole_number("window_days_before", days_before, 1),
                        checks.whole_number("window_days_after", days_after, 1), _checked_local_tz(tz))


def _checked_local_tz(tz: str) -> str:
    parse_local_tz(tz)  # raises with a plain message for an unknown zone
    return tz or ""


def _flag(tweets: pd.DataFrame, flag: str, id_column: str) -> np.ndarray:
    """The reader's presence flag (set even when the linked id was damaged and
    nulled), or the id's presence for tables without it."""
    has_id = tweets[id_column].notna() if id_column in tweets else pd.Series(False, index=tweets.index)
    if flag in tweets:
        return (tweets[flag].fillna(False).astype(bool) | has_id).to_numpy()
    return has_id.to_numpy()


def tweet_kind(tweets: pd.DataFrame) -> pd.Series:
    """original / retweet / reply / quote for each tweet."""
    kind = np.select(
        [tweets["is_retweet"].fillna(False).astype(bool).to_numpy(),
         _flag(tweets, "is_reply", "in_reply_to_tweetid"),
         _flag(tweets, "is_quote", "quoted_tweet_tweetid")],
        ["retweet", "reply", "quote"], default="original")
    return pd.Series(kind, index=tweets.index, name="kind")


def event_time(tweets: pd.DataFrame) -> pd.Series:
    """Exact time from the tweet id where known, else the minute of tweet_time."""
    return tweets["tweet_time_exact"].fillna(tweets["tweet_time"])
