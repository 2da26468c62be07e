"""Sub-minute timing from snowflake tweet ids: retweet latency."""

from __future__ import annotations

import numpy as np
import pandas as pd


def snowflake_ms(ids: pd.Series) -> pd.Series:
    """Milliseconds since the Unix epoch encoded in snowflake ids (NaN for
    missing, non-numeric or pre-snowflake ids)."""
    from ..archive.schema import FIRST_SNOWFLAKE_ID, SNOWFLAKE_EPOCH_MS

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
    """Per campaign: retweets timed, median latency, shares under 60 s and 10 s."""
    if lat.empty:
        return pd.DataFrame(columns=["campaign", "retweets", "median_s", "share_under_60s", "share_under_10s"])
    return (lat.groupby("campaign")["latency_s"]
            .agg(retweets="size", median_s="median",
                 share_under_60s=lambda x: float((x < 60).mean()),
                 share_under_10s=lambda x: float((x < 10).mean()))
            .reset_index())
