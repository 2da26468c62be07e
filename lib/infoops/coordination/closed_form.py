"""The closed-form per-pair tests of ``pair_tests`` applied to the count
signals, beside the permutation null they are to replace (issue #14).

Tested: every windowed count signal (co-retweet, fast retweet, co-tweet,
co-URL, co-reply, hashtag sequence) on the pairs that share an item within
its window, and two signals at any time, where only the rarity of what is
shared speaks: the same URL (``co_url_any``) and the same linked domain
(``co_domain_any``). Near-duplicate texts and the similarity signals keep
the permutation null for now.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..text import url_domain
from .events import explode_items
from .networks import windowed_shared
from .pair_tests import item_profile, pair_significance, shared_items
from .params import CoordParams
from .signals import Signal

#: The windowed signals whose weight is a count of shared items.
COUNT_SIGNALS = ("co_retweet", "fast_retweet", "co_tweet", "co_url", "co_reply", "hashtag_sequence")

COLUMNS = ["signal", "a", "b", "observed", "expected", "p_value", "stratum", "q_value", "significant"]


def any_time_items(ev: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The actions of the any-time signals: URLs and linked domains of
    original tweets (acct, ts, item)."""
    originals = ev[~ev["is_rt"]]
    return {"co_url_any": explode_items(originals, "urls"),
            "co_domain_any": explode_items(originals, "urls", url_domain)}


def _tested(name: str, shared: pd.DataFrame, acct: np.ndarray, item: np.ndarray, n: int, p: CoordParams,
            **null) -> pd.DataFrame:
    out = pair_significance(shared, acct, item, n, **null)
    out.insert(0, "signal", name)
    out["significant"] = out["q_value"] <= p.fdr_q
    return out


def _fast_retweets(fast: pd.DataFrame, retweets: pd.DataFrame, window: float, n: int, p: CoordParams) -> pd.DataFrame:
    """Fast retweets tested inside the universe of all retweets: degrees and
    popularities count every retweet, and an item's chance of a fast pair is
    the share of its retweeter pairs that both retweeted it fast. Tested on
    fast retweets alone, a group that makes most of them looks expected."""
    uniques = pd.Index(pd.unique(retweets["item"]))
    codes, all_codes = uniques.get_indexer(fast["item"]), uniques.get_indexer(retweets["item"])
    shared, _ = windowed_shared(fast["acct"].to_numpy(), codes, fast["ts"].to_numpy(), window, p.max_item_accounts)
    profile = item_profile(retweets["acct"].to_numpy(), all_codes)
    k_fast = pd.DataFrame({"acct": fast["acct"].to_numpy(), "item": codes}).drop_duplicates().groupby("item").size()
    k, f = profile["popularity"], k_fast.reindex(profile.index, fill_value=0)
    profile["window_share"] = np.where(k > 1, f * (f - 1) / np.maximum(k * (k - 1), 1), 0.0)
    return _tested("fast_retweet", shared, retweets["acct"].to_numpy(), all_codes, n, p, profile=profile)


def closed_form_tests(signals: dict[str, tuple[Signal, pd.DataFrame]], any_time: dict[str, pd.DataFrame], n: int,
                      p: CoordParams) -> pd.DataFrame:
    """Every tested pair of every count signal (``signals``: name -> (signal,
    its items)) and of the any-time signals (``any_time``: name -> items, from
    :func:`any_time_items`), with observed, expected, p_value, stratum,
    q_value and ``significant`` (q <= ``p.fdr_q``)."""
    parts = []
    for name in COUNT_SIGNALS:
        if name not in signals:
            continue
        sig, items = signals[name]
        if items.empty:
            continue
        if name == "fast_retweet" and "co_retweet" in signals:
            parts.append(_fast_retweets(items, signals["co_retweet"][1], sig.window, n, p))
            continue
        acct, codes, ts = items["acct"].to_numpy(), pd.factorize(items["item"])[0], items["ts"].to_numpy(dtype=float)
        shared, _ = windowed_shared(acct, codes, ts, sig.window, p.max_item_accounts)
        parts.append(_tested(name, shared, acct, codes, n, p, ts=ts, window=sig.window))
    for name, items in any_time.items():
        if items.empty:
            continue
        # An item of more than max_item_accounts accounts is expected for
        # every pair that shares it: no evidence, and k^2 rows.
        k = items.groupby("item")["acct"].nunique()
        kept = items[items["item"].isin(k.index[k <= p.max_item_accounts])]
        shared = shared_items(kept["acct"].to_numpy(), kept["item"].to_numpy())
        parts.append(_tested(name, shared, items["acct"].to_numpy(), items["item"].to_numpy(), n, p))
    parts = [x for x in parts if len(x)]
    return pd.concat(parts, ignore_index=True)[COLUMNS] if parts else pd.DataFrame(columns=COLUMNS)


def agreement(tests: pd.DataFrame, kept: pd.DataFrame) -> pd.DataFrame:
    """Per tested signal: pairs and accounts significant in closed form,
    kept by the permutation null (``kept``: significant edges with signal,
    a, b), and in both."""
    rows = []
    for name, g in tests.groupby("signal", sort=False):
        closed = set(zip(g.loc[g["significant"], "a"], g.loc[g["significant"], "b"]))
        k = kept[kept["signal"] == name]
        perm = set(zip(k["a"], k["b"]))
        acc_c = {x for pair in closed for x in pair}
        acc_p = {x for pair in perm for x in pair}
        rows.append({"signal": name, "pairs_tested": len(g), "pairs_closed_form": len(closed),
                     "pairs_permutation": len(perm) if name in set(kept["signal"]) else np.nan,
                     "pairs_both": len(closed & perm), "accounts_closed_form": len(acc_c),
                     "accounts_permutation": len(acc_p) if name in set(kept["signal"]) else np.nan,
                     "accounts_both": len(acc_c & acc_p)})
    return pd.DataFrame(rows)


def pair_evidence(tests: pd.DataFrame, ev: pd.DataFrame, items_of: dict[str, pd.DataFrame],
                  max_items: int = 10) -> pd.DataFrame:
    """The tweets behind each significant pair of ``tests`` (a, b as account
    indices): for every item both accounts used (at most ``max_items`` per
    pair and signal, the rarest first, then the closest in time), the item,
    how many accounts used it, each account's tweet id and time, and the
    seconds between them. ``items_of``: each tested signal's items (rows
    indexed by event row); ``ev``: the events."""
    cols = ["signal", "a", "b", "item", "item_accounts", "tweetid_a", "time_a", "tweetid_b", "time_b",
            "seconds_apart"]
    parts = []
    for name, g in tests[tests["significant"]].groupby("signal", sort=False):
        items = items_of[name]
        items = items.assign(tweetid=ev.loc[items.index, "tweetid"].to_numpy(), item=items["item"].astype(str))
        items["item_accounts"] = items.groupby("item")["acct"].transform("nunique")
        wanted = set(g["a"]) | set(g["b"])
        mine = items[items["acct"].isin(wanted)]
        m = g[["a", "b"]].merge(mine, left_on="a", right_on="acct").merge(
            mine, left_on=["b", "item"], right_on=["acct", "item"], suffixes=("_a", "_b"))
        if m.empty:
            continue
        m["seconds_apart"] = (m["ts_b"] - m["ts_a"]).abs()
        m = m.rename(columns={"item_accounts_a": "item_accounts"})
        m = m.sort_values(["a", "b", "item_accounts", "seconds_apart", "item"], kind="stable")
        m = m.drop_duplicates(["a", "b", "item"])
        m = m.groupby(["a", "b"], sort=False).head(max_items)
        parts.append(pd.DataFrame({
            "signal": name, "a": m["a"].to_numpy(), "b": m["b"].to_numpy(), "item": m["item"].to_numpy(),
            "item_accounts": m["item_accounts"].to_numpy(), "tweetid_a": m["tweetid_a"].to_numpy(), "time_a": pd.to_datetime(m["ts_a"], unit="s", utc=True).to_numpy(),
            "tweetid_b": m["tweetid_b"].to_numpy(), "time_b": pd.to_datetime(m["ts_b"], unit="s", utc=True).to_numpy(),
            "seconds_apart": m["seconds_apart"].round(0).to_numpy()}))
    return pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)


def strongest_evidence(tests: pd.DataFrame, evidence: pd.DataFrame, n_pairs: int = 3) -> pd.DataFrame:
    """The evidence rows of the ``n_pairs`` pairs with the smallest q-values
    (ties: the most items shared), for a reader to check by eye: account ids
    cut to their first 12 characters and the second tweet's time given by
    ``seconds_apart`` (the full ids and both times are in the CSV)."""
    if tests.empty or evidence.empty:
        return evidence.head(0)
    top = tests.sort_values(["q_value", "observed", "signal", "a", "b"], ascending=[True, False, True, True, True])
    top = top.drop_duplicates(["a", "b"]).head(n_pairs)[["signal", "a", "b"]]
    out = top.merge(evidence, on=["signal", "a", "b"])
    out = out.assign(a=out["a"].astype(str).str[:12], b=out["b"].astype(str).str[:12])
    if "time_a" in out:
        out["time_a"] = pd.to_datetime(out["time_a"]).dt.strftime("%Y-%m-%d %H:%M:%S")
    return out.drop(columns=[c for c in ("time_b",) if c in out])
