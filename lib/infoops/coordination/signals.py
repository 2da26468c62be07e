"""The coordination signals: what counts as a shared item for each, and the
edges each gives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from ..text import url_domain
from .events import explode_items
from .networks import binary_incidence, cosine_edges, incidence, windowed_pairs
from .params import CoordParams


@dataclass
class Signal:
    """One coordination signal: its items, window (or similarity) and null model."""
    name: str
    kind: str  # "window" or "similarity"
    description: str
    items: Callable[[pd.DataFrame], pd.DataFrame]  # events -> acct, ts, item
    window: float | None = None
    null: str = "account-permute"


def _text_items(ev: pd.DataFrame) -> pd.DataFrame:
    o = ev[~ev["is_rt"] & (ev["norm_text"].str.len() >= 20)]
    return pd.DataFrame({"acct": o["acct"], "ts": o["ts"], "item": o["norm_text"]})


def _hashtag_sequence(ev: pd.DataFrame, min_len: int) -> pd.DataFrame:
    o = ev[~ev["is_rt"]]
    o = o[_list_lengths(o["hashtags"]) >= min_len]
    seq = o["hashtags"].map(lambda h: " ".join(str(x).lower() for x in h))
    return pd.DataFrame({"acct": o["acct"], "ts": o["ts"], "item": seq})


def _list_lengths(s: pd.Series) -> np.ndarray:
    """Lengths of a list column (Arrow lists or Python sequences), 0 for missing."""
    if isinstance(s.dtype, pd.ArrowDtype):
        return s.list.len().fillna(0).to_numpy(dtype=np.int64)
    return s.map(lambda h: len(h) if h is not None and not isinstance(h, float) else 0).to_numpy(dtype=np.int64)


def all_signals(p: CoordParams) -> list[Signal]:
    """The signals computed on every run, with their windows from ``p``."""
    rt = lambda ev: ev.loc[ev["is_rt"] & ev["retweet_tweetid"].notna(), ["acct", "ts", "retweet_tweetid"]] \
        .rename(columns={"retweet_tweetid": "item"})
    fast = lambda ev: ev.loc[ev["is_rt"] & (ev["rt_latency"] <= p.fast_retweet_seconds), ["acct", "ts", "retweet_tweetid"]] \
        .rename(columns={"retweet_tweetid": "item"})
    reply = lambda ev: ev.loc[ev["in_reply_to_tweetid"].notna(), ["acct", "ts", "in_reply_to_tweetid"]] \
        .rename(columns={"in_reply_to_tweetid": "item"})
    urls = lambda ev: explode_items(ev[~ev["is_rt"]], "urls")
    return [
        Signal("co_retweet", "window", f"same tweet retweeted within {p.retweet_window:g} s", rt, p.retweet_window),
        Signal("fast_retweet", "window", f"same tweet retweeted by both within {p.fast_retweet_seconds:g} s of "
               "its posting", fast, p.fast_retweet_seconds),
        Signal("co_tweet", "window", f"identical normalised text within {p.text_window:g} s", _text_items,
               p.text_window),
        Signal("near_duplicate", "window", f"texts with cosine >= {p.near_duplicate_threshold} (not identical) "
               f"within {p.text_window:g} s", _text_items, p.text_window),
        Signal("co_url", "window", f"same URL within {p.url_window:g} s", urls, p.url_window),
        Signal("co_reply", "window", f"replies to the same tweet within {p.reply_window:g} s", reply, p.reply_window),
        Signal("hashtag_sequence", "window", f"identical sequence of >= {p.hashtag_sequence_min} hashtags within "
               f"{p.hashtag_sequence_window:g} s", lambda ev: _hashtag_sequence(ev, p.hashtag_sequence_min),
               p.hashtag_sequence_window),
        Signal("co_hashtag", "similarity", "TF-IDF cosine of hashtag use",
               lambda ev: explode_items(ev, "hashtags", lambda h: str(h).lower())),
        Signal("co_mention", "similarity", "TF-IDF cosine of accounts mentioned",
               lambda ev: explode_items(ev[~ev["is_rt"]], "user_mentions")),
        Signal("co_domain", "similarity", "TF-IDF cosine of linked domains",
               lambda ev: explode_items(ev[~ev["is_rt"]], "urls", url_domain)),
        Signal("synchronized_activity", "similarity",
               f"TF-IDF cosine of {p.activity_bin_minutes}-minute activity vectors",
               lambda ev: pd.DataFrame({"acct": ev["acct"], "ts": ev["ts"],
                                        "item": (ev["ts"] // (60 * p.activity_bin_minutes)).astype(np.int64)}),
               null="day-permute"),
    ]


def near_duplicate_pairs(items: pd.DataFrame, window: float, threshold: float) -> pd.DataFrame:
    """Pairs of item rows (positions ``i`` < ``j``) whose texts are near
    duplicates: word TF-IDF cosine >= threshold, not identical (that is
    co_tweet), within ``window`` seconds. Compared chunk by chunk in time so the
    similarity matrix stays small. Accounts play no part here, so the pairs are
    found once and reused by every null realization."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(items) < 2:
        return pd.DataFrame({"i": np.empty(0, np.int64), "j": np.empty(0, np.int64)})
    order = np.argsort(items["ts"].to_numpy(), kind="stable")
    ts, text = items["ts"].to_numpy()[order], items["item"].to_numpy()[order]
    X = TfidfVectorizer(token_pattern=r"(?u)#?\b\w\w+\b", min_df=1, dtype=np.float32).fit_transform(text)
    found = []
    chunk = 2000
    for start in range(0, len(ts), chunk):
        stop = min(start + chunk, len(ts))
        hi = np.searchsorted(ts, ts[stop - 1] + window, side="right")
        S = (X[start:stop] @ X[start:hi].T).tocoo()
        i, j = S.row + start, S.col + start
        keep = (j > i) & (S.data >= threshold) & (np.abs(ts[j] - ts[i]) <= window) & (text[i] != text[j])
        found.append((order[i[keep]], order[j[keep]]))
    return pd.DataFrame({"i": np.concatenate([f[0] for f in found]), "j": np.concatenate([f[1] for f in found])})


def _near_duplicate_edges(pairs: pd.DataFrame, acct: np.ndarray, ts: np.ndarray) -> pd.DataFrame:
    """Account edges from near-duplicate text pairs; weight = distinct 'events'
    (a tweet and its near copies: the earlier tweet of the pair) per account pair."""
    i, j = pairs["i"].to_numpy(), pairs["j"].to_numpy()
    first = np.where(ts[i] <= ts[j], i, j)
    keep = acct[i] != acct[j]
    p = pd.DataFrame({"a": np.minimum(acct[i], acct[j])[keep], "b": np.maximum(acct[i], acct[j])[keep],
                      "event": first[keep]})
    if p.empty:
        return pd.DataFrame(columns=["a", "b", "weight"])
    return p.drop_duplicates(["a", "b", "event"]).groupby(["a", "b"]).size().rename("weight").reset_index()


def signal_edges(sig: Signal, items: pd.DataFrame, n_accounts: int, p: CoordParams,
                 near_pairs: pd.DataFrame | None = None) -> tuple[pd.DataFrame, int]:
    """Edges of one signal from its items (acct, ts, item); and how many items
    were left out as too popular."""
    if sig.name == "near_duplicate":
        if near_pairs is None:
            near_pairs = near_duplicate_pairs(items, sig.window, p.near_duplicate_threshold)
        return _near_duplicate_edges(near_pairs, items["acct"].to_numpy(), items["ts"].to_numpy()), 0
    if sig.kind == "window":
        codes, _ = pd.factorize(items["item"])
        return windowed_pairs(items["acct"].to_numpy(), codes, items["ts"].to_numpy(), sig.window,
                              p.max_item_accounts)
    a, it = items["acct"].to_numpy(), items["item"].to_numpy()
    M = incidence(a, it, n_accounts, p.max_item_accounts)
    B = binary_incidence(a, it, n_accounts, p.max_item_accounts)
    return cosine_edges(M, p.min_similarity, B, p.min_shared_items), 0


def compute_signal(sig: Signal, ev: pd.DataFrame, n_accounts: int, p: CoordParams,
                   items: pd.DataFrame | None = None,
                   near_pairs: pd.DataFrame | None = None) -> tuple[pd.DataFrame, dict]:
    """Observed edges of one signal and counts of its events and items
    (``items`` / ``near_pairs``: already extracted, to reuse them)."""
    items = sig.items(ev) if items is None else items
    edges, dropped = signal_edges(sig, items, n_accounts, p, near_pairs)
    info = {"events": len(items), "items": items["item"].nunique() if len(items) else 0, "items_dropped": dropped}
    return edges, info
