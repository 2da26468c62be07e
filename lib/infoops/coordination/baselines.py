"""Frequency baselines (creation batches, rare clients) and the comparison of
each campaign with its control accounts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .result import CoordinationResult

OFFICIAL_CLIENTS = {
    "twitter for android", "twitter for iphone", "twitter web client", "twitter web app", "twitter lite",
    "twitter for ipad", "tweetdeck", "mobile web (m2)", "mobile web", "twitter for windows phone",
    "twitter for mac", "twitter for blackberry", "twitter for android tablets",
}


def creation_batches(accounts: pd.DataFrame, users: pd.Index, alpha: float) -> pd.DataFrame:
    """Accounts created on the same day far above the local daily rate
    (median of the surrounding 180 days, at least 1/365), Poisson test,
    Bonferroni over all days with a creation."""
    from scipy.stats import poisson

    a = accounts[accounts["userid"].isin(users)].dropna(subset=["account_creation_date"])
    day = pd.to_datetime(a["account_creation_date"]).dt.normalize()
    counts = day.value_counts().sort_index()
    full = counts.reindex(pd.date_range(counts.index.min(), counts.index.max(), freq="D"), fill_value=0) \
        if len(counts) else counts
    base = full.rolling(181, center=True, min_periods=1).mean().clip(lower=1 / 365)
    pval = pd.Series(poisson.sf(counts - 1, base.reindex(counts.index).to_numpy()), index=counts.index)
    sig = pval[(pval < alpha / max(len(counts), 1)) & (counts >= 3)]
    rows = []
    for d, pv in sig.items():
        members = sorted(a.loc[day == d, "userid"])
        rows.append({"date": d, "accounts": len(members), "expected": float(base[d]), "p_value": float(pv),
                     "members": members})
    out = pd.DataFrame(rows, columns=["date", "accounts", "expected", "p_value", "members"])
    out["date"] = pd.to_datetime(out["date"])  # typed even when empty
    return out


def rare_clients(ev: pd.DataFrame, accounts: pd.Index, max_accounts: int) -> pd.DataFrame:
    """Non-official clients that are the main client (>= half the tweets) of
    2 to ``max_accounts`` accounts."""
    c = ev.groupby(["acct", "tweet_client_name"]).size().rename("n").reset_index()
    tot = c.groupby("acct")["n"].transform("sum")
    main = c[(c["n"] >= 0.5 * tot) & ~c["tweet_client_name"].str.lower().isin(OFFICIAL_CLIENTS)]
    users = main.groupby("tweet_client_name")["acct"].agg(list)
    all_users = c.groupby("tweet_client_name")["acct"].nunique()
    rows = []
    for client, accts in users.items():
        if 2 <= len(accts) <= max_accounts:
            rows.append({"client": client, "accounts": len(accts), "accounts_using_at_all": int(all_users[client]),
                         "members": sorted(accounts[accts])})
    return pd.DataFrame(rows, columns=["client", "accounts", "accounts_using_at_all", "members"])


def clique_edges(groups: list[list[int]]) -> pd.DataFrame:
    """Every pair inside each group, as edges of weight 1."""
    rows = [(min(x, y), max(x, y)) for g in groups for i, x in enumerate(g) for y in g[i + 1:]]
    e = pd.DataFrame(rows, columns=["a", "b"]).drop_duplicates()
    e["weight"] = 1.0
    return e


def flagged_by_campaign(res: CoordinationResult, control: list[str]) -> pd.DataFrame:
    """Per signal and campaign: share of the campaign's (active) accounts with
    a significant edge; control campaigns are the baseline."""
    rows = []
    sizes = res.campaign_of.value_counts()
    for r in res.summary.itertuples():
        fl = pd.Series(sorted(r.flagged_set), dtype=object)
        by = res.campaign_of.reindex(fl).value_counts()
        for c, size in sizes.items():
            rows.append({"signal": r.signal, "campaign": c, "control": c in control, "accounts": int(size),
                         "flagged": int(by.get(c, 0)), "share_flagged": float(by.get(c, 0) / size)})
    return pd.DataFrame(rows)


def verdicts(flag: pd.DataFrame, control: list[str]) -> pd.DataFrame:
    """A campaign is 'more coordinated than its baseline' on a signal when it
    has significant edges and a larger share of flagged accounts than the
    control campaigns (or, without controls, any significant edge at all)."""
    rows = []
    for (sig, camp), g in flag[~flag["control"]].groupby(["signal", "campaign"]):
        share = float(g["share_flagged"].iloc[0])
        ctrl = flag[(flag["signal"] == sig) & flag["control"]]
        ctrl_share = float((ctrl["flagged"].sum() / ctrl["accounts"].sum())) if len(ctrl) else np.nan
        if share == 0:
            v = "no more coordinated than the null model"
        elif len(ctrl) and share <= ctrl_share:
            v = "no more coordinated than the control accounts"
        else:
            v = "more coordinated than " + ("the null model and the controls" if len(ctrl) else "the null model")
        rows.append({"signal": sig, "campaign": camp, "share_flagged": share, "control_share_flagged": ctrl_share,
                     "verdict": v})
    return pd.DataFrame(rows)


def control_note(control: list[str]) -> str:
    """Which campaigns serve as the baseline, in words."""
    return "control campaigns (baseline): " + (", ".join(control) if control
                                                else "none: the null models are the only baseline")
