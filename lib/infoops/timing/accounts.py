"""Accounts over time: creation weeks and days, lifecycles, and silence
(last tweet, a proxy for suspension) relative to the event."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .params import TimingParams

# Below these, weekly creation counts are too thin to call any week a burst.
MIN_CREATION_ACCOUNTS = 20
MIN_CREATION_WEEKS = 8


def weekly_creation(accounts: pd.DataFrame, *, baseline_weeks: int = 26, alpha: float = 0.01) -> pd.DataFrame:
    """Accounts created per week, per campaign, with bursts flagged.

    The expected count of a week is the larger of the median of the
    surrounding ``baseline_weeks`` (centred, the week itself left out) and the
    campaign's mean weekly rate over its other weeks, so a sparse campaign is
    not judged against an expected count of zero. A week is a burst when a
    Poisson count that large has probability below ``alpha`` divided by the
    number of weeks (Bonferroni). Campaigns with fewer than
    ``MIN_CREATION_ACCOUNTS`` dated accounts or a span under
    ``MIN_CREATION_WEEKS`` weeks are not judged (``judged`` false)."""
    from scipy.stats import poisson

    out = []
    acc = accounts.dropna(subset=["account_creation_date"])
    for camp, g in acc.groupby("campaign"):
        weeks = pd.to_datetime(g["account_creation_date"]).dt.to_period("W-SUN").dt.start_time
        c = weeks.value_counts().sort_index()
        full = pd.date_range(c.index.min(), c.index.max(), freq="7D")
        c = c.reindex(full, fill_value=0)
        vals = c.to_numpy(dtype=float)
        judged = len(g) >= MIN_CREATION_ACCOUNTS and len(vals) >= MIN_CREATION_WEEKS
        expected = np.full(len(vals), np.nan)
        pval = np.full(len(vals), np.nan)
        if judged:
            half = baseline_weeks // 2
            for i in range(len(vals)):
                lo, hi = max(0, i - half), min(len(vals), i + half + 1)
                neigh = np.r_[vals[lo:i], vals[i + 1:hi]]
                expected[i] = max(np.median(neigh), (vals.sum() - vals[i]) / (len(vals) - 1))
            pval = poisson.sf(vals - 1, expected)
        out.append(pd.DataFrame({"campaign": camp, "week": c.index, "created": vals.astype(int),
                                 "expected": expected, "p_value": pval, "judged": judged,
                                 "burst": judged & (pval < alpha / max(len(vals), 1))}))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(
        columns=["campaign", "week", "created", "expected", "p_value", "judged", "burst"])


def creation_note(wc: pd.DataFrame) -> str:
    """A sentence per campaign whose creation data are too thin to judge."""
    thin = wc[~wc["judged"].astype(bool)].groupby("campaign")["created"].agg(["sum", "size"])
    return "\n".join(f"{c}: creation data too thin to judge bursts ({int(r['sum'])} accounts over {int(r['size'])} "
                     f"week(s); at least {MIN_CREATION_ACCOUNTS} accounts over {MIN_CREATION_WEEKS} weeks needed)"
                     for c, r in thin.iterrows())


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
