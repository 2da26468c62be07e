"""Coordination signals between accounts, each judged against a baseline:
the analysis behind notebook 03.

Every signal is a weighted account x account network built from a sparse
account x item incidence (scipy.sparse), never a dense account x account
matrix:

- windowed co-actions (co-retweet, fast co-retweet, co-tweet, near-duplicate
  text, co-URL, co-reply, identical hashtag sequence): two accounts share an
  item when both acted on it within ``window`` seconds (exact seconds from the
  snowflake ids); the edge weight is the number of distinct items shared;
- profile similarities (co-hashtag, co-mention, co-domain, synchronized
  activity): TF-IDF weighted cosine similarity of account x item vectors
  (coordinationz, Pacheco et al. 2021);
- account-creation batches and shared rare automation clients.

Baselines: each network is recomputed on null realizations (accounts' times
shifted at random for windowed signals and activity; items permuted across
accounts, keeping each account's activity and each item's popularity, for
similarities). An edge is kept only when its weight exceeds the largest
weight any null realization produced (a max-statistic permutation test that
bounds false positives over all pairs), and its empirical p-value is
reported. Creation batches use a Poisson test against the local creation
rate; clients count only when rare. Control accounts, when present, get the
same treatment: a campaign that looks no more coordinated than its controls is
reported as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import scipy.sparse as sp

from .reader import query_tweets
from .themes import clean_text, url_domain

OFFICIAL_CLIENTS = {
    "twitter for android", "twitter for iphone", "twitter web client", "twitter web app", "twitter lite",
    "twitter for ipad", "tweetdeck", "mobile web (m2)", "mobile web", "twitter for windows phone",
    "twitter for mac", "twitter for blackberry", "twitter for android tablets",
}


@dataclass
class CoordParams:
    """Defaults follow the field: windows of one minute for retweets (CNT's
    documented default), an hour for texts and links, 30-minute activity bins
    (Pacheco et al. 2021)."""

    retweet_window: float = 60.0  # seconds: co-retweet
    fast_retweet_seconds: float = 300.0  # retweet within this of the original counts as fast
    text_window: float = 3600.0  # seconds: co-tweet and near-duplicate text
    near_duplicate_threshold: float = 0.7  # cosine of word TF-IDF, below identical
    url_window: float = 3600.0  # seconds: co-URL
    reply_window: float = 3600.0  # seconds: co-reply
    hashtag_sequence_min: int = 3  # hashtags in a sequence
    hashtag_sequence_window: float = 86400.0  # seconds
    activity_bin_minutes: int = 30  # synchronized activity bins
    min_similarity: float = 0.2  # cosine for similarity signals before the null test
    min_shared_items: int = 5  # similarity signals: pairs must share at least this many items
    min_tweets: int = 5  # accounts with fewer tweets are left out
    max_item_accounts: int = 2000  # items shared by more accounts are dropped (memory), reported
    max_client_accounts: int = 12  # a client is 'rare' when at most this many accounts use it
    creation_alpha: float = 0.01  # Bonferroni-corrected level for creation-day bursts
    n_null: int = 20  # null realizations per signal
    null_shift_seconds: float = 6 * 3600  # random shift of each account's times in the null
    seed: int = 0

    def check(self) -> "CoordParams":
        for name in ("retweet_window", "text_window", "url_window", "reply_window", "hashtag_sequence_window",
                     "fast_retweet_seconds", "null_shift_seconds"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be > 0 seconds, got {getattr(self, name)!r}")
        if not 0 < self.near_duplicate_threshold < 1:
            raise ValueError("near_duplicate_threshold must be between 0 and 1")
        if not 0 < self.min_similarity < 1:
            raise ValueError("min_similarity must be between 0 and 1")
        for name, low in (("n_null", 5), ("min_tweets", 1), ("min_shared_items", 1), ("activity_bin_minutes", 1), ("max_item_accounts", 2),
                          ("max_client_accounts", 2), ("hashtag_sequence_min", 2)):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < low:
                raise ValueError(f"{name} must be a whole number >= {low}, got {v!r}")
        return self


# --------------------------------------------------------------------------- events


def prepare_events(source, min_tweets: int) -> tuple[pd.DataFrame, pd.Index]:
    """One row per tweet of accounts with at least ``min_tweets`` tweets, with
    exact time in seconds and the items each signal uses; plus the account index.

    ``source`` is a loaded Dataset (read out of core: DuckDB filters, orders
    and computes times; only the columns the signals use reach pandas, list
    columns as compact Arrow lists) or a tweets DataFrame (same query).
    Rows follow the tweets table's order (campaign, time, id) or the frame's.
    """
    from .schema import snowflake_ms_sql

    if isinstance(source, pd.DataFrame):
        source = source.assign(_order=np.arange(len(source)))
        keys = ["_order"]
    else:
        keys = ["campaign", "tweet_time", "tweetid"]
    src_ms = f"({snowflake_ms_sql('retweet_tweetid')})::DOUBLE"
    table = query_tweets(source, f"""
        WITH kept AS (SELECT userid, row_number() OVER (ORDER BY userid) - 1 AS acct FROM tweets
                      GROUP BY userid HAVING count(*) >= {int(min_tweets)})
        SELECT {", ".join(k for k in keys if k != "campaign")}, acct, userid, campaign,
               epoch_us(coalesce(tweet_time_exact, tweet_time)) / 1e6 AS ts,
               coalesce(is_retweet, false) AS is_rt,
               retweet_tweetid, in_reply_to_tweetid, tweet_client_name,
               CASE WHEN coalesce(is_retweet, false) THEN NULL ELSE tweet_text END AS tweet_text,
               hashtags, urls, user_mentions,
               CASE WHEN coalesce(is_retweet, false) THEN {src_ms} END AS _src_ms
        FROM tweets JOIN kept USING (userid)""", arrow=True)
    # Sorted here rather than in DuckDB: a sort of wide rows (texts, lists)
    # does not fit DuckDB's memory budget on a full-size release.
    table = table.sort_by([(k, "ascending") for k in keys])
    users = pd.Index(table.column("userid").unique().to_pylist(), name="userid").sort_values()
    table = table.drop_columns(["userid"] + [k for k in keys if k != "campaign"])
    t = table.to_pandas(types_mapper=lambda ty: pd.ArrowDtype(ty) if pa.types.is_list(ty) else None)
    t["rt_latency"] = t["ts"] - t.pop("_src_ms") / 1000
    # Only texts of tweets that are not retweets are compared (co_tweet, near_duplicate).
    t["norm_text"] = [clean_text(x) if isinstance(x, str) else "" for x in t.pop("tweet_text")]
    return t.reset_index(drop=True), users


def _explode(ev: pd.DataFrame, column: str, transform: Callable | None = None) -> pd.DataFrame:
    e = ev[["acct", "ts", column]].explode(column).dropna(subset=[column])
    if transform is not None:
        e[column] = e[column].map(transform)
        e = e.dropna(subset=[column])
    return e.rename(columns={column: "item"})


# --------------------------------------------------------------------------- windowed pairs


def windowed_pairs(acct: np.ndarray, item: np.ndarray, ts: np.ndarray, window: float,
                   max_item_accounts: int) -> tuple[pd.DataFrame, int]:
    """Account pairs that acted on the same item within ``window`` seconds.

    Returns (edges with a, b, weight = distinct items shared, items dropped
    for exceeding ``max_item_accounts`` distinct accounts). Vectorised: sort by
    (item, time), find each event's window end by binary search, expand the
    index ranges; the number of pairs is bounded by the window, not by item
    popularity squared."""
    if len(acct) == 0:
        return pd.DataFrame(columns=["a", "b", "weight"]), 0
    df = pd.DataFrame({"acct": acct, "item": item, "ts": ts})
    n_acc = df.groupby("item")["acct"].nunique()
    too_big = n_acc.index[n_acc > max_item_accounts]
    if len(too_big):
        df = df[~df["item"].isin(too_big)]
    df = df.sort_values(["item", "ts"], kind="stable")
    a, it, t = df["acct"].to_numpy(), df["item"].to_numpy(), df["ts"].to_numpy(dtype=float)
    if len(a) < 2:
        return pd.DataFrame(columns=["a", "b", "weight"]), len(too_big)
    span = (t.max() - t.min()) + window * 4 + 1
    _, item_rank = np.unique(it, return_inverse=True)
    key = item_rank * span + (t - t.min())
    end = np.searchsorted(key, key + window, side="right")
    n = end - np.arange(len(key)) - 1
    total = int(n.sum())
    if total == 0:
        return pd.DataFrame(columns=["a", "b", "weight"]), len(too_big)
    i = np.repeat(np.arange(len(key)), n)
    offs = np.arange(total) - np.repeat(np.cumsum(n) - n, n)
    j = i + 1 + offs
    u, v = a[i], a[j]
    keep = u != v
    lo, hi, items = np.minimum(u, v)[keep], np.maximum(u, v)[keep], item_rank[i][keep]
    pairs = pd.DataFrame({"a": lo, "b": hi, "item": items}).drop_duplicates()
    edges = pairs.groupby(["a", "b"]).size().rename("weight").reset_index()
    return edges, len(too_big)


# --------------------------------------------------------------------------- similarity


def incidence(acct: np.ndarray, item: np.ndarray, n_accounts: int, max_item_accounts: int,
              tfidf: bool = True) -> sp.csr_matrix:
    """Sparse account x item matrix (counts, optionally TF-IDF weighted and
    L2-normalised rows); items shared by too many accounts are dropped."""
    codes, _ = pd.factorize(item)
    M = sp.coo_matrix((np.ones(len(acct), dtype=np.float32), (acct, codes)),
                      shape=(n_accounts, codes.max() + 1 if len(codes) else 0)).tocsr()
    M.sum_duplicates()
    df = np.asarray((M > 0).sum(axis=0)).ravel()
    M = M[:, np.flatnonzero((df >= 2) & (df <= max_item_accounts))]
    if tfidf and M.shape[1]:
        df = np.asarray((M > 0).sum(axis=0)).ravel()
        idf = np.log((1 + n_accounts) / (1 + df)) + 1
        M = M.multiply(idf[None, :]).tocsr()
        M.data = np.log1p(M.data)
    norms = np.sqrt(np.asarray(M.multiply(M).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sp.diags(1 / norms) @ M


def cosine_edges(M: sp.csr_matrix, min_similarity: float, B: sp.csr_matrix | None = None,
                 min_shared: int = 1, block: int = 2000) -> pd.DataFrame:
    """Pairs with cosine similarity >= ``min_similarity`` (sparse product,
    upper triangle only) that also share at least ``min_shared`` items (``B``
    the binary incidence): two accounts with one hashtag each are not
    'similar' in any useful sense. Computed ``block`` accounts at a time, so
    memory stays bounded when most accounts overlap a little (activity bins,
    popular hashtags): the full product would then be nearly dense."""
    M, MT = sp.csr_matrix(M), sp.csr_matrix(M.T)
    use_shared = B is not None and min_shared > 1
    if use_shared:
        B, BT = sp.csr_matrix(B), sp.csr_matrix(B.T)
    parts = []
    for start in range(0, M.shape[0], block):
        stop = min(start + block, M.shape[0])
        S = (M[start:stop] @ MT).tocoo()
        keep = (S.col > S.row + start) & (S.data >= min_similarity)
        S = sp.coo_matrix((S.data[keep], (S.row[keep], S.col[keep])), shape=S.shape).tocsr()
        if use_shared:
            C = (B[start:stop] @ BT).tocsr()
            C.data = (C.data >= min_shared).astype(np.float32)
            C.eliminate_zeros()
            S = S.multiply(C).tocsr()
        S = S.tocoo()
        keep = S.data >= min_similarity
        parts.append(pd.DataFrame({"a": S.row[keep] + start, "b": S.col[keep],
                                   "weight": S.data[keep].astype(float)}))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["a", "b", "weight"])
    return out.sort_values(["a", "b"], kind="stable").reset_index(drop=True)


def binary_incidence(acct: np.ndarray, item: np.ndarray, n_accounts: int, max_item_accounts: int) -> sp.csr_matrix:
    codes, _ = pd.factorize(item)
    B = sp.coo_matrix((np.ones(len(acct), dtype=np.float32), (acct, codes)),
                      shape=(n_accounts, codes.max() + 1 if len(codes) else 0)).tocsr()
    B.data[:] = 1
    df = np.asarray(B.sum(axis=0)).ravel()
    return B[:, np.flatnonzero((df >= 2) & (df <= max_item_accounts))]


# --------------------------------------------------------------------------- signals


@dataclass
class Signal:
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


def signals(p: CoordParams) -> list[Signal]:
    rt = lambda ev: ev.loc[ev["is_rt"] & ev["retweet_tweetid"].notna(), ["acct", "ts", "retweet_tweetid"]] \
        .rename(columns={"retweet_tweetid": "item"})
    fast = lambda ev: ev.loc[ev["is_rt"] & (ev["rt_latency"] <= p.fast_retweet_seconds), ["acct", "ts", "retweet_tweetid"]] \
        .rename(columns={"retweet_tweetid": "item"})
    reply = lambda ev: ev.loc[ev["in_reply_to_tweetid"].notna(), ["acct", "ts", "in_reply_to_tweetid"]] \
        .rename(columns={"in_reply_to_tweetid": "item"})
    urls = lambda ev: _explode(ev[~ev["is_rt"]], "urls")
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
               lambda ev: _explode(ev, "hashtags", lambda h: str(h).lower())),
        Signal("co_mention", "similarity", "TF-IDF cosine of accounts mentioned",
               lambda ev: _explode(ev[~ev["is_rt"]], "user_mentions")),
        Signal("co_domain", "similarity", "TF-IDF cosine of linked domains",
               lambda ev: _explode(ev[~ev["is_rt"]], "urls", url_domain)),
        Signal("synchronized_activity", "similarity",
               f"TF-IDF cosine of {p.activity_bin_minutes}-minute activity vectors",
               lambda ev: pd.DataFrame({"acct": ev["acct"], "ts": ev["ts"],
                                        "item": (ev["ts"] // (60 * p.activity_bin_minutes)).astype(np.int64)}),
               null="day-permute"),
    ]


def _near_duplicate_pairs(items: pd.DataFrame, window: float, threshold: float) -> pd.DataFrame:
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
            near_pairs = _near_duplicate_pairs(items, sig.window, p.near_duplicate_threshold)
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


def _null_events(ev: pd.DataFrame, mode: str, rng: np.random.Generator) -> pd.DataFrame:
    """One null realization of the events.

    ``account-permute``: account labels shuffled across all tweets, so every
    item keeps its times and popularity and every account its number of
    tweets, but who acted with whom is random. ``day-permute``: each account's
    active days are moved, independently, to random days of the data span,
    keeping the time of day of every tweet: a shared daily rhythm (an office
    schedule) survives, the synchrony of particular bursts does not."""
    # Shallow: only acct or ts is replaced (pandas copy-on-write keeps ev intact).
    out = ev.copy(deep=False)
    if mode == "account-permute":
        out["acct"] = rng.permutation(out["acct"].to_numpy())
    elif mode == "day-permute":
        day = np.floor(out["ts"].to_numpy() / 86400).astype(np.int64)
        keys = pd.DataFrame({"acct": out["acct"].to_numpy(), "day": day})
        uniq = keys.drop_duplicates().reset_index(drop=True)
        uniq["new"] = rng.integers(day.min(), day.max() + 1, len(uniq))
        new = keys.merge(uniq, on=["acct", "day"], how="left")["new"].to_numpy()
        out["ts"] = out["ts"].to_numpy() + (new - day) * 86400
    else:  # pragma: no cover
        raise ValueError(mode)
    return out


def null_max_weights(sig: Signal, ev: pd.DataFrame, n_accounts: int, p: CoordParams,
                     rng: np.random.Generator, items: pd.DataFrame | None = None,
                     near_pairs: pd.DataFrame | None = None) -> np.ndarray:
    """The largest edge weight in each null realization of one signal.

    Under account permutation a signal's items keep their times and contents,
    so they are extracted once and only their accounts are redrawn (the same
    draw as permuting the accounts of all events; items are indexed by event
    row). Near-duplicate text pairs are likewise found once."""
    items = sig.items(ev) if items is None else items
    # Text pairs survive only a permutation of accounts (times stay put).
    near = near_pairs if sig.null == "account-permute" else None
    if near is None and sig.name == "near_duplicate" and sig.null == "account-permute":
        near = _near_duplicate_pairs(items, sig.window, p.near_duplicate_threshold)
    rows = items.index.to_numpy()
    out = []
    for _ in range(p.n_null):
        if sig.null == "account-permute":
            perm = rng.permutation(ev["acct"].to_numpy())
            null_items = items.assign(acct=perm[rows])
        else:
            null_items = sig.items(_null_events(ev, sig.null, rng))
        edges, _ = signal_edges(sig, null_items, n_accounts, p, near)
        out.append(float(edges["weight"].max()) if len(edges) else 0.0)
    return np.asarray(out)


# --------------------------------------------------------------------------- creation and clients


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


def _clique_edges(groups: list[list[int]]) -> pd.DataFrame:
    rows = [(min(x, y), max(x, y)) for g in groups for i, x in enumerate(g) for y in g[i + 1:]]
    e = pd.DataFrame(rows, columns=["a", "b"]).drop_duplicates()
    e["weight"] = 1.0
    return e


# --------------------------------------------------------------------------- the whole analysis


@dataclass
class CoordinationResult:
    accounts: pd.Index  # account index (userid by position)
    campaign_of: pd.Series  # userid -> campaign
    summary: pd.DataFrame  # per signal: observed vs null
    edges: pd.DataFrame  # significant edges of all signals (a, b as userids)
    all_edges: dict[str, pd.DataFrame] = field(default_factory=dict)  # raw edges per signal (indices)
    batches: pd.DataFrame | None = None
    clients: pd.DataFrame | None = None
    null_weights: dict[str, np.ndarray] = field(default_factory=dict)  # largest edge weight per null realization


def run(tweets, accounts: pd.DataFrame, p: CoordParams,
        progress: Callable[[str], None] | None = None) -> CoordinationResult:
    """Every signal, its null model and the edges kept above it.

    ``tweets``: a loaded Dataset (preferred at full size: only the columns the
    signals use are read, in DuckDB) or a tweets DataFrame. ``accounts``: the
    accounts table (creation dates). ``progress`` is called with each signal's
    name as it starts (the slow ones at full size are near_duplicate and the
    similarity signals).
    """
    p.check()
    rng = np.random.default_rng(p.seed)
    ev, users = prepare_events(tweets, p.min_tweets)
    n = len(users)
    # each account's campaign: that of its first tweet in table order
    first = ev.drop_duplicates("acct")
    camp = pd.Series(first["campaign"].to_numpy(), index=users[first["acct"].to_numpy()],
                     name="campaign").reindex(users)
    rows, sig_edges, raw, nulls = [], [], {}, {}
    for sig in signals(p):
        if progress:
            progress(sig.name)
        # Items and near-duplicate text pairs are extracted once, for the
        # observed network and for every null realization.
        items = sig.items(ev)
        near = (_near_duplicate_pairs(items, sig.window, p.near_duplicate_threshold)
                if sig.name == "near_duplicate" else None)
        edges, info = compute_signal(sig, ev, n, p, items, near)
        raw[sig.name] = edges
        null = null_max_weights(sig, ev, n, p, rng, items, near)
        nulls[sig.name] = null
        threshold = float(null.max()) if len(null) else 0.0
        kept = edges[edges["weight"] > threshold].copy()
        # Empirical p-value of an edge: share of null realizations whose largest
        # edge reached its weight (max statistic over all pairs).
        kept["p_value"] = [(1 + (null >= w).sum()) / (1 + len(null)) for w in kept["weight"]]
        kept["signal"] = sig.name
        sig_edges.append(kept)
        flagged = np.unique(np.r_[kept["a"].to_numpy(), kept["b"].to_numpy()]).astype(int)
        rows.append({"signal": sig.name, "description": sig.description, "null_model": sig.null,
                     "events": info["events"], "items": info["items"], "items_dropped_too_popular": info["items_dropped"],
                     "observed_edges": len(edges), "observed_max_weight": float(edges["weight"].max()) if len(edges) else 0.0,
                     "observed_p99_weight": float(edges["weight"].quantile(0.99)) if len(edges) else 0.0,
                     "null_mean_max_weight": float(null.mean()), "null_max_weight": threshold,
                     "significant_edges": len(kept), "accounts_flagged": len(flagged),
                     "flagged_set": set(users[flagged])})
    # Creation batches and rare clients: frequency baselines instead of a null network.
    batches = creation_batches(accounts, users, p.creation_alpha)
    b_groups = [list(users.get_indexer(m)) for m in batches["members"]]
    be = _clique_edges(b_groups) if b_groups else pd.DataFrame(columns=["a", "b", "weight"])
    be["p_value"] = np.nan
    be["signal"] = "creation_batch"
    clients = rare_clients(ev, users, p.max_client_accounts)
    c_groups = [list(users.get_indexer(m)) for m in clients["members"]]
    ce = _clique_edges(c_groups) if c_groups else pd.DataFrame(columns=["a", "b", "weight"])
    ce["p_value"] = np.nan
    ce["signal"] = "shared_client"
    for name, e, desc, base in (
            ("creation_batch", be, "accounts created the same day", "Poisson vs local daily creation rate"),
            ("shared_client", ce, f"main client used by 2-{p.max_client_accounts} accounts (not official apps)",
             "rarity of the client")):
        fl = set(users[np.unique(np.r_[e["a"].to_numpy(), e["b"].to_numpy()]).astype(int)]) if len(e) else set()
        rows.append({"signal": name, "description": desc, "null_model": base, "events": np.nan, "items": np.nan,
                     "items_dropped_too_popular": 0, "observed_edges": len(e), "observed_max_weight": np.nan,
                     "observed_p99_weight": np.nan, "null_mean_max_weight": np.nan, "null_max_weight": np.nan,
                     "significant_edges": len(e), "accounts_flagged": len(fl), "flagged_set": fl})
        sig_edges.append(e)
    summary = pd.DataFrame(rows)
    allsig = pd.concat([e for e in sig_edges if len(e)], ignore_index=True) if any(len(e) for e in sig_edges) \
        else pd.DataFrame(columns=["a", "b", "weight", "p_value", "signal"])
    allsig["a"] = users[allsig["a"].astype(int)]
    allsig["b"] = users[allsig["b"].astype(int)]
    return CoordinationResult(users, camp, summary, allsig, raw, batches, clients, nulls)


# --------------------------------------------------------------------------- baselines by campaign


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


# --------------------------------------------------------------------------- fusion and groups


def fuse(res: CoordinationResult, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Combined network over signals: edge weight = number of signals linking
    the pair, plus each signal's weight relative to its null threshold; then
    Louvain communities (networkx, seeded). Returns (pairs, membership)."""
    import networkx as nx

    e = res.edges
    if e.empty:
        return (pd.DataFrame(columns=["a", "b", "signals", "n_signals", "score", "evidence"]),
                pd.DataFrame(columns=["userid", "group"]))
    thr = res.summary.set_index("signal")["null_max_weight"].fillna(0)
    rel = e["weight"] / e["signal"].map(thr).replace(0, np.nan).fillna(1).clip(lower=1)
    e = e.assign(rel=rel.clip(upper=10))
    pairs = (e.groupby(["a", "b"])
             .agg(signals=("signal", lambda s: ", ".join(sorted(set(s)))), n_signals=("signal", "nunique"),
                  score=("rel", "sum"),
                  evidence=("signal", lambda s: "; ".join(
                      f"{sg}: {w:g}" for sg, w in zip(s, e.loc[s.index, "weight"]))))
             .reset_index())
    pairs["score"] = pairs["score"] + pairs["n_signals"]
    pairs = pairs.sort_values(["score", "a", "b"], ascending=[False, True, True]).reset_index(drop=True)
    G = nx.Graph()
    G.add_weighted_edges_from(pairs[["a", "b", "score"]].itertuples(index=False))
    comms = nx.community.louvain_communities(G, weight="weight", seed=seed)
    comms = sorted((sorted(c) for c in comms), key=lambda c: (-len(c), c[0]))
    member = pd.DataFrame([(u, i) for i, c in enumerate(comms) for u in c], columns=["userid", "group"])
    return pairs, member


def group_table(member: pd.DataFrame, pairs: pd.DataFrame, tweets) -> pd.DataFrame:
    """Per detected group: members, size, signals, campaigns, first and last
    activity, main clients. ``tweets``: a Dataset (only the members' tweets
    are read) or a tweets DataFrame."""
    ids = sorted(set(member["userid"])) if len(member) else []
    if ids:
        values = ", ".join("('" + u.replace("'", "''") + "')" for u in ids)
        tweets = query_tweets(tweets, "SELECT userid, campaign, tweet_time, tweet_client_name FROM tweets "
                                      f"WHERE userid IN (SELECT * FROM (VALUES {values})) "
                                      "ORDER BY campaign, tweet_time, tweetid")
    rows = []
    for g, m in member.groupby("group"):
        users = set(m["userid"])
        inside = pairs[pairs["a"].isin(users) & pairs["b"].isin(users)]
        sigs = sorted({s for x in inside["signals"] for s in x.split(", ")})
        tw = tweets[tweets["userid"].isin(users)]
        clients = tw["tweet_client_name"].value_counts().head(3)
        rows.append({"group": g, "size": len(users), "signals": ", ".join(sigs),
                     "campaigns": ", ".join(sorted(tw["campaign"].unique())),
                     "first_activity": tw["tweet_time"].min(), "last_activity": tw["tweet_time"].max(),
                     "main_clients": ", ".join(f"{k} ({v})" for k, v in clients.items()),
                     "members": ", ".join(sorted(users))})
    return pd.DataFrame(rows)


def signal_overlap(res: CoordinationResult) -> pd.DataFrame:
    """Jaccard overlap of the account sets flagged by each pair of signals."""
    s = res.summary.set_index("signal")["flagged_set"]
    names = list(s.index)
    m = np.zeros((len(names), len(names)))
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            u = s[a] | s[b]
            m[i, j] = len(s[a] & s[b]) / len(u) if u else np.nan
    return pd.DataFrame(m, index=names, columns=names)


# --------------------------------------------------------------------------- ground truth


PRIMARY_SIGNAL = {"co_retweet": "co_retweet", "co_tweet": "co_tweet", "near_duplicate_text": "near_duplicate",
                  "co_url": "co_url", "hashtag_sequence": "hashtag_sequence",
                  "synchronized_activity": "synchronized_activity", "creation_batch": "creation_batch",
                  "shared_client": "shared_client", "fast_retweet": "fast_retweet", "co_domain": "co_domain",
                  "co_hashtag": "co_hashtag"}


def recovery(res: CoordinationResult, truth: dict, roles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per planted group: precision and recall of the connected component of
    its planted signal's significant network that overlaps it most; and the
    share of organic and control accounts flagged by any signal."""
    import networkx as nx

    rows = []
    for g in truth["planted_groups"]:
        members = set(g["members"])
        sig = PRIMARY_SIGNAL[g["behaviours"][0]]
        e = res.edges[res.edges["signal"] == sig]
        G = nx.Graph()
        G.add_edges_from(e[["a", "b"]].itertuples(index=False))
        best, best_overlap = set(), 0
        for comp in nx.connected_components(G):
            ov = len(comp & members)
            if ov > best_overlap:
                best, best_overlap = comp, ov
        rows.append({"group": g["group_id"], "planted_signal": sig, "planted_size": len(members),
                     "detected_size": len(best), "overlap": best_overlap,
                     "precision": best_overlap / len(best) if best else 0.0,
                     "recall": best_overlap / len(members)})
    rec = pd.DataFrame(rows)
    flagged = set(res.edges["a"]) | set(res.edges["b"])
    fp = []
    for role in ("organic", "control"):
        ids = set(roles.loc[roles["role"] == role, "userid"])
        fp.append({"role": role, "accounts": len(ids), "flagged": len(ids & flagged),
                   "share_flagged": len(ids & flagged) / max(len(ids), 1)})
    both = set(roles.loc[roles["role"].isin(["organic", "control"]), "userid"])
    fp.append({"role": "organic + control", "accounts": len(both), "flagged": len(both & flagged),
               "share_flagged": len(both & flagged) / max(len(both), 1)})
    return rec, pd.DataFrame(fp)


def summary_table(res: CoordinationResult, ver: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Per signal: edges kept, accounts flagged, and the verdict per campaign."""
    s = res.summary[["signal", "significant_edges", "accounts_flagged", "null_max_weight"]].copy()
    if len(ver):
        v = ver.assign(text=ver["campaign"] + ": " + ver["verdict"]).groupby("signal")["text"].agg(" | ".join)
        s["verdict"] = s["signal"].map(v).fillna("frequency baseline (see tables)")
    s["groups_detected"] = len(groups)
    return s
