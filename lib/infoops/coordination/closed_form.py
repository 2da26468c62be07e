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
from .pair_tests import pair_significance, shared_items
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


def _tested(name: str, shared: pd.DataFrame, items: pd.DataFrame, n: int, p: CoordParams,
            window: float | None) -> pd.DataFrame:
    ts = items["ts"].to_numpy(dtype=float) if window is not None else None
    codes = pd.factorize(items["item"])[0] if window is not None else items["item"].to_numpy()
    out = pair_significance(shared, items["acct"].to_numpy(), codes, n, ts=ts, window=window)
    out.insert(0, "signal", name)
    out["significant"] = out["q_value"] <= p.fdr_q
    return out


def closed_form_tests(ev: pd.DataFrame, signals: dict[str, tuple[Signal, pd.DataFrame]], n: int,
                      p: CoordParams) -> pd.DataFrame:
    """Every tested pair of every count signal (``signals``: name -> (signal,
    its items)) and of the any-time signals, with observed, expected,
    p_value, stratum, q_value and ``significant`` (q <= ``p.fdr_q``)."""
    parts = []
    for name in COUNT_SIGNALS:
        if name not in signals:
            continue
        sig, items = signals[name]
        if items.empty:
            continue
        codes = pd.factorize(items["item"])[0]
        shared, _ = windowed_shared(items["acct"].to_numpy(), codes, items["ts"].to_numpy(), sig.window,
                                    p.max_item_accounts)
        parts.append(_tested(name, shared, items, n, p, sig.window))
    for name, items in any_time_items(ev).items():
        if items.empty:
            continue
        # An item of more than max_item_accounts accounts is expected for
        # every pair that shares it: no evidence, and k^2 rows.
        k = items.groupby("item")["acct"].nunique()
        kept = items[items["item"].isin(k.index[k <= p.max_item_accounts])]
        parts.append(_tested(name, shared_items(kept["acct"].to_numpy(), kept["item"].to_numpy()), items, n, p,
                             None))
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
