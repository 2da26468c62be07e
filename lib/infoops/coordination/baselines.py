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


#: Services that post for an account on a schedule or from a feed, as the
#: archive's ``tweet_client_name`` spells them (lower case). Newsrooms and
#: brands use them too: a share of tweets sent through them is evidence of
#: automation, not of coordination.
AUTOMATION_CLIENTS = {
    "ifttt", "dlvr.it", "zapier.com", "zapier", "buffer", "hootsuite", "hootsuite inc.", "socialoomph",
    "twitterfeed", "tweetadder", "botize", "roundteam", "sprout social", "crowdfire app", "recurpost", "publer",
    "twittbot.net", "cheap bots, done quick!", "integromat", "make (formerly integromat)", "social champ",
    "microsoft power platform", "sendible", "everypost", "postcron", "tweetdeck scheduler", "twuffer",
}


def automation_clients(ev: pd.DataFrame) -> pd.DataFrame:
    """Per campaign and automation client (:data:`AUTOMATION_CLIENTS`): the
    tweets sent through it, their share of the campaign's analysed tweets
    (accounts with at least ``min_tweets``), and the
    accounts that used it. Campaigns that used none are absent."""
    cols = ["campaign", "client", "tweets", "share_of_campaign_tweets", "accounts"]
    name = ev["tweet_client_name"].astype("string").str.strip().str.lower()
    auto = ev[name.isin(AUTOMATION_CLIENTS).fillna(False).to_numpy()]
    if auto.empty:
        return pd.DataFrame(columns=cols)
    per = auto.groupby(["campaign", "tweet_client_name"], observed=True).agg(tweets=("acct", "size"),
                                                                             accounts=("acct", "nunique"))
    per = per.reset_index().rename(columns={"tweet_client_name": "client"})
    per["campaign"], per["client"] = per["campaign"].astype(str), per["client"].astype(str)
    total = ev.groupby("campaign", observed=True).size()
    per["share_of_campaign_tweets"] = per["tweets"] / per["campaign"].map(total.rename(index=str))
    return per.sort_values(["campaign", "tweets", "client"], ascending=[True, False, True])[cols].reset_index(drop=True)


def creation_days(accounts: pd.DataFrame, campaign_of: pd.Series, control: list[str],
                  alpha: float) -> pd.DataFrame:
    """Every day on which a campaign created at least 3 of the accounts
    studied, tested (``campaign_of``: userid -> campaign).

    Two tests, both of which must reject (the larger p counts), each a
    Poisson tail of the day's count: against the campaign's own rate (the
    mean of the 180 surrounding days, the day itself left out, at least 1/365
    a day) and against the reference set's creations that day scaled to the
    campaign's size (at least its local rate). The reference set is the
    control accounts for a campaign, the other campaigns for a control; a
    platform-wide wave of sign-ups is then no batch. Without a reference set
    only the first test is made (``reference`` says which). ``level``:
    ``alpha`` over the campaign's days with a creation (Bonferroni);
    ``batch``: p below it.
    """
    from scipy.stats import poisson

    cols = ["campaign", "date", "accounts", "expected", "reference", "reference_accounts", "p_value", "level",
            "batch", "members"]
    a = accounts[["userid", "account_creation_date"]].drop_duplicates("userid")
    a = a[a["userid"].isin(campaign_of.index)].dropna(subset=["account_creation_date"])
    a = a.assign(campaign=campaign_of.reindex(a["userid"]).to_numpy(),
                 day=pd.to_datetime(a["account_creation_date"]).dt.tz_localize(None).dt.normalize())
    is_ctrl = a["campaign"].isin(control)
    rows = []
    for camp, g in a.groupby("campaign", sort=True):
        ref = a[~is_ctrl] if camp in control else a[is_ctrl]
        ref_name = ("other campaigns" if camp in control else "control accounts") if len(ref) else "none"
        counts = g["day"].value_counts().sort_index()
        full = counts.reindex(pd.date_range(counts.index.min(), counts.index.max(), freq="D"), fill_value=0)
        around = full.rolling(181, center=True, min_periods=1)
        base = ((around.sum() - full) / (around.count() - 1).clip(lower=1)).clip(lower=1 / 365)
        base = base.reindex(counts.index).to_numpy()
        p = poisson.sf(counts.to_numpy() - 1, base)
        ref_counts = ref["day"].value_counts().reindex(counts.index, fill_value=0).to_numpy()
        if len(ref):
            rc = ref["day"].value_counts().sort_index()
            days = pd.date_range(min(rc.index.min(), counts.index.min()), max(rc.index.max(), counts.index.max()))
            local = rc.reindex(days, fill_value=0).rolling(181, center=True, min_periods=1).mean()
            scaled = len(g) / len(ref) * np.maximum(ref_counts, local.reindex(counts.index).to_numpy())
            p = np.maximum(p, poisson.sf(counts.to_numpy() - 1, np.maximum(scaled, 1 / 365)))
        level = alpha / len(counts)
        big = counts.to_numpy() >= 3
        for d, n, e, r, pv in zip(counts.index[big], counts.to_numpy()[big], base[big], ref_counts[big], p[big]):
            rows.append({"campaign": camp, "date": d, "accounts": int(n), "expected": float(e), "reference": ref_name,
                         "reference_accounts": int(r), "p_value": float(pv), "level": level,
                         "batch": bool(pv < level), "members": sorted(g.loc[g["day"] == d, "userid"])})
    out = pd.DataFrame(rows, columns=cols)
    out["date"] = pd.to_datetime(out["date"])  # typed even when empty
    out["batch"] = out["batch"].astype(bool)
    return out


def creation_batches(accounts: pd.DataFrame, campaign_of: pd.Series, control: list[str],
                     alpha: float) -> pd.DataFrame:
    """Days on which a campaign created far more accounts than usual: the
    days of :func:`creation_days` whose p is below the Bonferroni level."""
    return batch_days(creation_days(accounts, campaign_of, control, alpha))


def batch_days(days: pd.DataFrame) -> pd.DataFrame:
    """The batches among tested creation days (:func:`creation_days`)."""
    return days.loc[days["batch"]].drop(columns=["level", "batch"]).reset_index(drop=True)


def creation_power(days: pd.DataFrame) -> str:
    """What the creation test could not decide: per campaign, its day not
    kept with the smallest p (accounts created, expected, p against the
    Bonferroni level), so a reader sees how far the closest call was. The
    archive gives the creation date only, so a batch among many ordinary
    creations that day cannot be told apart."""
    rest = days[~days["batch"]].sort_values(["campaign", "p_value", "date"]).drop_duplicates("campaign")
    return "; ".join(f"{r.campaign}: closest day not kept {r.date:%Y-%m-%d}, {r.accounts} created vs "
                     f"{r.expected:.2f} expected, p {r.p_value:.1e} > level {r.level:.1e}"
                     for r in rest.itertuples())


def rare_clients(ev: pd.DataFrame, accounts: pd.Index, max_share: float) -> pd.DataFrame:
    """Non-official clients that are the main client (>= half the tweets) of
    at least 2 accounts and at most ``max_share`` of the accounts studied
    (rarity relative to the size of the data: 12 accounts are many in a
    release of 50 and few in one of 50,000)."""
    cols = ["client", "accounts", "share_of_accounts", "accounts_using_at_all", "members"]
    c = ev.groupby(["acct", "tweet_client_name"], observed=True).size().rename("n").reset_index()
    c["tweet_client_name"] = c["tweet_client_name"].astype(str)
    tot = c.groupby("acct")["n"].transform("sum")
    main = c[(c["n"] >= 0.5 * tot) & ~c["tweet_client_name"].str.lower().isin(OFFICIAL_CLIENTS)]
    users = main.groupby("tweet_client_name")["acct"].agg(list)
    all_users = c.groupby("tweet_client_name")["acct"].nunique()
    limit = max(2, int(np.floor(max_share * len(accounts))))
    rows = []
    for client, accts in users.items():
        if 2 <= len(accts) <= limit:
            rows.append({"client": client, "accounts": len(accts), "share_of_accounts": len(accts) / len(accounts),
                         "accounts_using_at_all": int(all_users[client]), "members": sorted(accounts[accts])})
    return pd.DataFrame(rows, columns=cols)


#: A frequency baseline's group (a creation batch, a rare client's users) is
#: linked as a clique up to this many members; a larger one as a star around
#: its first member: the same accounts flagged and one connected group, in
#: k - 1 edges instead of k (k - 1) / 2 (a batch of 50,000 accounts created
#: the same day would be 1.25 billion edges).
MAX_CLIQUE = 500


def group_edges(groups: list[list[int]], p_values: pd.Series | np.ndarray | None = None,
                max_clique: int = MAX_CLIQUE) -> pd.DataFrame:
    """Edges (a < b, weight 1) linking the members of each group: every pair
    up to ``max_clique`` members, each member to the first beyond. With
    ``p_values`` (one per group), each edge's ``p_value`` is its group's
    (the smallest, when a pair is in two groups)."""
    parts = []
    for g, members in enumerate(groups):
        m = np.asarray(members, dtype=np.int64)
        if len(m) <= max_clique:
            i, j = np.triu_indices(len(m), 1)
            u, v = m[i], m[j]
        else:
            u, v = np.full(len(m) - 1, m[0]), m[1:]
        parts.append(pd.DataFrame({"a": np.minimum(u, v), "b": np.maximum(u, v), "group": g}))
    e = (pd.concat(parts, ignore_index=True) if parts
         else pd.DataFrame({"a": np.zeros(0, np.int64), "b": np.zeros(0, np.int64), "group": np.zeros(0, np.int64)}))
    e["p_value"] = np.nan if p_values is None else np.asarray(p_values, dtype=float)[e["group"].to_numpy()]
    # a pair in two groups: once, with the smaller p (first seen order kept)
    e = e.groupby(["a", "b"], sort=False, as_index=False)["p_value"].min()
    return e.assign(weight=1.0)[["a", "b", "weight", "p_value"]]


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
    # no account analysed (too few tweets each): no rows, the same columns
    return pd.DataFrame(rows, columns=["signal", "campaign", "control", "accounts", "flagged", "share_flagged"]
                        ).astype({"control": bool})


VERDICT_COLUMNS = ["signal", "campaign", "accounts", "flagged", "share_flagged", "share_ci_low", "share_ci_high",
                   "control_share_flagged", "difference", "difference_ci_low", "difference_ci_high", "p_value",
                   "verdict"]


def verdicts(flag: pd.DataFrame, control: list[str], alpha: float = 0.05) -> pd.DataFrame:
    """Per signal and campaign, a test rather than an edge count: the share of
    the campaign's accounts in significant edges (Wilson interval) against
    the pooled share of the control campaigns. The difference gets a
    Newcombe interval and a one-sided Fisher exact p-value. A campaign is
    "more coordinated than the controls" only when the whole interval of
    the difference is above 0, so a single edge decides nothing. Without
    controls the verdict names the null model as the only baseline."""
    from scipy.stats import fisher_exact
    from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

    ctrl = flag[flag["control"]]
    level = f"{1 - alpha:.0%}"
    rows = []
    for (sig, camp), g in flag[~flag["control"]].groupby(["signal", "campaign"]):
        k, n = int(g["flagged"].iloc[0]), int(g["accounts"].iloc[0])
        lo, hi = proportion_confint(k, n, alpha=alpha, method="wilson")
        row = {"signal": sig, "campaign": camp, "accounts": n, "flagged": k, "share_flagged": k / n,
               "share_ci_low": lo, "share_ci_high": hi, "control_share_flagged": np.nan, "difference": np.nan,
               "difference_ci_low": np.nan, "difference_ci_high": np.nan, "p_value": np.nan}
        c = ctrl[ctrl["signal"] == sig]
        if len(c):
            kc, nc = int(c["flagged"].sum()), int(c["accounts"].sum())
            dlo, dhi = confint_proportions_2indep(k, n, kc, nc, method="newcomb", compare="diff", alpha=alpha)
            p = fisher_exact([[k, n - k], [kc, nc - kc]], alternative="greater")[1]
            row.update(control_share_flagged=kc / nc, difference=k / n - kc / nc, difference_ci_low=dlo,
                       difference_ci_high=dhi, p_value=p)
            said = (f"{k / n:.1%} of accounts vs {kc / nc:.1%} of control accounts (difference "
                    f"{k / n - kc / nc:+.1%}, {level} CI {dlo:+.1%} to {dhi:+.1%}, p={p:.2g})")
            if k == 0:
                v = "no account in a significant edge"
            elif dlo > 0:
                v = "more coordinated than the controls: " + said
            else:
                v = "not distinguishable from the controls: " + said
        else:
            v = ("no account in a significant edge" if k == 0 else
                 f"{k} accounts in significant edges ({k / n:.1%}, {level} CI {lo:.1%}-{hi:.1%}); no control set: "
                 "the null model is the only baseline, and it cannot rule out what it does not model (shared "
                 "interests, a shared schedule, the same news feed)")
        rows.append({**row, "verdict": v})
    return pd.DataFrame(rows, columns=VERDICT_COLUMNS)


def sample_note(res: CoordinationResult, min_accounts: int = 50, min_median_tweets: int = 20) -> str:
    """Whether the data look like a small sample of a release (few accounts,
    or few tweets per account), in which case pairs can share little and a
    missing edge is no evidence of absence; empty when they do not."""
    per = res.activity if res.activity is not None else pd.Series(dtype=float)
    n, med = len(per), float(per.median()) if len(per) else 0.0
    if n == 0:
        return ("No account was analysed: none has the tweets the signals need (the min_tweets parameter), so "
                "nothing was tested and nothing can be said about coordination.")
    if n >= min_accounts and med >= min_median_tweets:
        return ""
    return (f"These data look like a small sample of a release ({n:,} accounts analysed, a median of {med:g} tweets "
            "each): pairs can share little, so the tests have little power, and an account in no significant edge is "
            "no evidence that it was not coordinated.")


def control_note(control: list[str]) -> str:
    """Which campaigns serve as the baseline, in words."""
    return "control campaigns (baseline): " + (", ".join(control) if control
                                                else "none: the null models are the only baseline")
