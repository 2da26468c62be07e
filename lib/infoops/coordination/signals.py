"""The coordination signals: what counts as a shared item for each, and how
its pairs are tested.

Every signal reduces to actions (account, time, item). Three kinds:

- ``window``: two accounts share an item when both acted on it within the
  signal's window (co-retweet, co-tweet, near-duplicate texts, co-URL,
  co-reply, hashtag sequences);
- ``any_time``: the same item at any time, where only its rarity speaks (a
  URL, linked domain, hashtag or mentioned account used by few accounts);
- ``rhythm``: activity in the same time bin, tested against a null that
  keeps each account's rhythm (:mod:`.rhythm`).

Near-duplicate texts and paraphrases become items by clustering: texts
linked by similarity within the window form one item, so they are tested
like identical ones. Paraphrases are compared through multilingual
sentence embeddings (:mod:`infoops.sentences`), or character n-gram TF-IDF
when the encoder is absent or the texts too many.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..text import url_domain
from .events import explode_items
from .networks import windowed_pairs
from .pair_dots import pair_dots
from .params import CoordParams


@dataclass
class Signal:
    """One coordination signal: its items, kind, window and null model."""
    name: str
    kind: str  # "window", "any_time" or "rhythm"
    description: str
    items: Callable[[pd.DataFrame], pd.DataFrame]  # events -> acct, ts, item (indexed by event row)
    window: float | None = None
    null: str = "bipartite configuration model (Chung-Lu), per popularity stratum"
    # Only items of few accounts count (CoordParams.rare_item_share). Without a
    # window, accounts of one language or interest share popular hashtags,
    # links and mentions far more often than a null that knows nothing of
    # interests expects (on the sample, English speakers on four English
    # hashtags); clusters of similar texts chain templated everyday texts
    # into one item per theme. A rare item is evidence, a popular one none.
    rare_only: bool = False


def text_items(ev: pd.DataFrame) -> pd.DataFrame:
    """Original texts of at least 20 characters (normalised) as items."""
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
    near = lambda ev: near_duplicate_items(text_items(ev), p.text_window, p.near_duplicate_threshold, p)
    bins = lambda ev: pd.DataFrame({"acct": ev["acct"], "ts": ev["ts"],
                                    "item": (ev["ts"] // (60 * p.activity_bin_minutes)).astype(np.int64)})
    return [
        Signal("co_retweet", "window", f"same tweet retweeted within {p.retweet_window:g} s", rt, p.retweet_window),
        Signal("fast_retweet", "window", f"same tweet retweeted by both within {p.fast_retweet_seconds:g} s of "
               "its posting", fast, p.fast_retweet_seconds,
               null="configuration model of all retweets; an item's chance of a fast pair from its fast retweeters"),
        Signal("co_tweet", "window", f"identical normalised text within {p.text_window:g} s", text_items,
               p.text_window),
        Signal("near_duplicate", "window", f"texts with word cosine >= {p.near_duplicate_threshold} (clusters, "
               f"identical texts aside) within {p.text_window:g} s", near, p.text_window, rare_only=True),
        Signal("paraphrase", "window", f"texts of the same meaning in other words (clusters, identical texts "
               f"aside) within {p.text_window:g} s", lambda ev: paraphrase_items(text_items(ev), p), p.text_window,
               rare_only=True),
        Signal("co_url", "window", f"same URL within {p.url_window:g} s", urls, p.url_window),
        Signal("co_url_any", "any_time", "same URL at any time", urls, rare_only=True),
        Signal("co_domain", "any_time", "same linked domain at any time",
               lambda ev: explode_items(ev[~ev["is_rt"]], "urls", url_domain), rare_only=True),
        Signal("co_reply", "window", f"replies to the same tweet within {p.reply_window:g} s", reply, p.reply_window),
        Signal("hashtag_sequence", "window", f"identical sequence of >= {p.hashtag_sequence_min} hashtags within "
               f"{p.hashtag_sequence_window:g} s", lambda ev: _hashtag_sequence(ev, p.hashtag_sequence_min),
               p.hashtag_sequence_window),
        Signal("co_hashtag", "any_time", "same hashtag at any time",
               lambda ev: explode_items(ev, "hashtags", lambda h: str(h).lower()), rare_only=True),
        Signal("co_mention", "any_time", "same account mentioned at any time",
               lambda ev: explode_items(ev[~ev["is_rt"]], "user_mentions"), rare_only=True),
        Signal("synchronized_activity", "rhythm", f"active in the same {p.activity_bin_minutes}-minute bin", bins,
               null="each account's active bins moved to the same time of day on the other days of its "
                    "4-week block, each day weighted by the data's volume that day; strata by expected busyness"),
    ]


def similar_pairs(ts: np.ndarray, X, text: np.ndarray, window: float, threshold: float,
                  chunk: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of rows (positions ``i`` < ``j``) whose vectors (rows of ``X``,
    L2-normalised, sparse or dense) have cosine >= ``threshold``, whose texts
    differ (identical ones are co_tweet) and whose times ``ts`` are within
    ``window`` seconds. Exact: rows are compared chunk by chunk in time
    order with those inside the window only, so the work grows with the
    window's density, not with all pairs, and the result does not depend on
    a random search. Sparse rows are first paired only when they share a
    feature of their prefixes (:func:`prefix_features`), then their cosine
    is computed."""
    order = np.argsort(ts, kind="stable")
    ts, text = ts[order], text[order]
    X = X[order]
    sparse = hasattr(X, "tocsr")
    if sparse:
        X = X.tocsr()
        P = prefix_features(X, threshold)
        X = sp.csr_matrix(X, dtype=np.float64)
        X.sum_duplicates()
    found_i, found_j = [], []
    for start in range(0, len(ts), chunk):
        stop = min(start + chunk, len(ts))
        hi = np.searchsorted(ts, ts[stop - 1] + window, side="right")
        if sparse:
            C = (P[start:stop] @ P[start:hi].T).tocoo()
            i, j = C.row + start, C.col + start
            keep = (j > i) & (np.abs(ts[j] - ts[i]) <= window) & (text[i] != text[j])
            i, j = i[keep], j[keep]
            sim = pair_dots(X, i, j)
        else:
            S = X[start:stop] @ X[start:hi].T
            i, j = np.nonzero(S >= threshold)
            sim = S[i, j]
            i, j = i + start, j + start
        keep = (j > i) & (sim >= threshold) & (np.abs(ts[j] - ts[i]) <= window) & (text[i] != text[j])
        found_i.append(order[i[keep]])
        found_j.append(order[j[keep]])
    return np.concatenate(found_i), np.concatenate(found_j)


def prefix_features(X, threshold: float):
    """The prefix filter of all-pairs similarity search (Bayardo, Ma and
    Srikant 2007): each row of ``X`` (L2-normalised, sparse) cut to its
    rarest features, up to where the rest of its norm falls below
    ``threshold``; returned as a 0/1 matrix of the same shape.

    With features in one global order (rarest first), two rows of cosine >=
    ``threshold`` always share a feature of both prefixes: if the first
    shared feature lies past the shorter prefix, their cosine is at most the
    norm of that row's suffix, < ``threshold``. So pairing rows by their
    prefixes misses no similar pair, while the common words that make
    nearly every pair of texts overlap stay out of the pairing."""
    from scipy.sparse import csr_matrix

    n, d = X.shape
    df = np.bincount(X.indices, minlength=d)
    rank = np.empty(d, dtype=np.int64)
    rank[np.argsort(df, kind="stable")] = np.arange(d)
    R = csr_matrix((X.data.copy(), rank[X.indices], X.indptr.copy()), shape=(n, d))  # sorted in place below
    R.sort_indices()
    counts = np.diff(R.indptr)
    if R.nnz == 0:
        return R
    sq = R.data.astype(np.float64) ** 2
    cum = np.cumsum(sq)
    row_end = np.repeat(cum[np.maximum(R.indptr[1:] - 1, 0)], counts)
    suffix = row_end - cum + sq  # norm^2 of the row from this feature on
    # a little below threshold^2: float32 rounding must not cut a prefix short
    keep = suffix >= threshold ** 2 - 1e-6
    indptr = np.r_[0, np.cumsum(np.bincount(np.repeat(np.arange(n), counts)[keep], minlength=n))]
    return csr_matrix((np.ones(int(keep.sum()), np.float32), R.indices[keep], indptr), shape=(n, d))


def minhash_similar_pairs(ts: np.ndarray, X, text: np.ndarray, window: float, threshold: float, *,
                          seed: int = 0, max_bucket: int = 2000) -> tuple[np.ndarray, np.ndarray, int]:
    """As :func:`similar_pairs` for sparse rows, with candidates from MinHash
    LSH over each text's word pairs (:mod:`.minhash`) instead of the
    exact search: a pair is found when one of its bands agrees (likely for
    near copies, see the module), then its cosine is checked, so every pair
    returned is a true one but some may be missed. Also returns the rows left
    in buckets of more than ``max_bucket`` rows, which were not paired."""
    from .minhash import lsh_candidates

    order = np.argsort(ts, kind="stable")
    ts, text = np.asarray(ts, dtype=float)[order], np.asarray(text)[order]
    X = X.tocsr()[order]
    X.sum_duplicates()
    codes = pd.factorize(text)[0]
    n, found, skipped = len(ts), [], 0
    for i, j, left in lsh_candidates(text, ts, codes, window, seed=seed, max_bucket=max_bucket):
        keep = pair_dots(X, i, j) >= threshold
        found.append(i[keep] * n + j[keep])
        skipped += left
    pairs = np.unique(np.concatenate(found)) if found else np.empty(0, np.int64)
    return order[pairs // n], order[pairs % n], skipped


def near_duplicate_pairs(items: pd.DataFrame, window: float, threshold: float, search: str = "exact",
                         seed: int = 0, max_bucket: int = 2000) -> pd.DataFrame:
    """Pairs of item rows (positions ``i`` < ``j``) whose texts are near
    duplicates: word TF-IDF cosine >= threshold, not identical, within
    ``window`` seconds; found by the exact search (:func:`similar_pairs`) or,
    with ``search="minhash"``, from MinHash candidates
    (:func:`minhash_similar_pairs`; ``attrs["rows_in_big_buckets"]``)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(items) < 2:
        return pd.DataFrame({"i": np.empty(0, np.int64), "j": np.empty(0, np.int64)})
    text = items["item"].to_numpy()
    X = TfidfVectorizer(token_pattern=r"(?u)#?\b\w\w+\b", min_df=1, dtype=np.float32).fit_transform(text)
    ts = items["ts"].to_numpy(dtype=float)
    skipped = 0
    if search == "minhash":
        i, j, skipped = minhash_similar_pairs(ts, X, text, window, threshold, seed=seed, max_bucket=max_bucket)
    else:
        i, j = similar_pairs(ts, X.tocsr(), text, window, threshold)
    out = pd.DataFrame({"i": np.minimum(i, j), "j": np.maximum(i, j)})
    out.attrs["rows_in_big_buckets"] = skipped
    return out


def cluster_items(items: pd.DataFrame, i: np.ndarray, j: np.ndarray) -> pd.DataFrame:
    """The rows of ``items`` linked by pairs (positions ``i``, ``j``), each
    labelled with its cluster (connected component): one item per cluster of
    similar texts. Rows linked to nothing are left out."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(items)
    if len(i) == 0:
        return items.iloc[:0].assign(item=np.empty(0, np.int64))
    _, label = connected_components(coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n)), directed=False)
    linked = np.zeros(n, dtype=bool)
    linked[i] = linked[j] = True
    out = items.iloc[np.flatnonzero(linked)].copy()
    out["item"] = label[linked].astype(np.int64)
    return out


def near_duplicate_items(items: pd.DataFrame, window: float, threshold: float,
                         p: CoordParams | None = None) -> pd.DataFrame:
    """Text actions grouped into clusters of near-duplicate texts (see
    :func:`near_duplicate_pairs`): acct, ts, item = cluster. With ``p``,
    the search follows :func:`near_duplicate_search`; ``attrs["method"]``
    says which was used."""
    search = near_duplicate_search(len(items), p) if p is not None else "exact"
    pairs = near_duplicate_pairs(items, window, threshold, search, seed=p.seed if p else 0,
                                 max_bucket=p.max_item_accounts if p else 2000)
    out = cluster_items(items, pairs["i"].to_numpy(), pairs["j"].to_numpy())
    out.attrs["method"] = (
        f"exact search (prefix filter), {len(items):,} texts" if search == "exact" else
        f"MinHash LSH candidates (word pairs, 24 bands of 4 hashes, seed {p.seed}) checked exactly, {len(items):,} texts"
        f" > near_duplicate_exact_max_texts = {p.near_duplicate_exact_max_texts:,}; pairs may be missed; "
        f"{pairs.attrs.get('rows_in_big_buckets', 0):,} rows in buckets of > {p.max_item_accounts:,} rows not paired")
    return out


def near_duplicate_search(n_texts: int, p: CoordParams) -> str:
    """"exact" or "minhash": ``p.near_duplicate_search``, where "auto" means
    the exact search for at most ``p.near_duplicate_exact_max_texts`` texts
    and MinHash beyond (the exact search's work grows with the square of the
    texts per window: 7 s at 1M tweets, over 4 minutes and 15 GB at 9M)."""
    if p.near_duplicate_search != "auto":
        return p.near_duplicate_search
    return "exact" if n_texts <= p.near_duplicate_exact_max_texts else "minhash"


def paraphrase_method(n_texts: int, p: CoordParams) -> str:
    """The representation the paraphrase signal uses for ``n_texts``
    distinct texts: ``p.paraphrase_embedding`` when set; "auto" means the
    multilingual sentence embeddings when installed, else character n-gram
    TF-IDF, for at most ``p.paraphrase_max_texts`` texts, and "skip" beyond
    (the encoder embeds about 500 texts a second on two cores; at 1M tweets
    the TF-IDF fallback links so many templated everyday texts that it
    flagged 5% of the organic accounts)."""
    from ..sentences import multilingual_available

    if p.paraphrase_embedding != "auto":
        return p.paraphrase_embedding
    if n_texts > p.paraphrase_max_texts:
        return "skip"
    return "multilingual" if multilingual_available() else "tfidf"


def text_vectors(texts: np.ndarray, method: str):
    """L2-normalised vectors of ``texts``: multilingual sentence embeddings
    (meaning across words and languages), or the fallback, TF-IDF of
    character 3- to 5-grams within words (shared stems and names: "sabotea",
    "saboteado"), which finds rewordings that keep their words' roots."""
    if method == "multilingual":
        from ..sentences import embed_multilingual

        return embed_multilingual([str(t) for t in texts])
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2,
                           dtype=np.float32).fit_transform(texts).tocsr()


def paraphrase_items(items: pd.DataFrame, p: CoordParams) -> pd.DataFrame:
    """Text actions grouped into clusters of texts with the same meaning in
    other words: cosine of their vectors (:func:`text_vectors`) >=
    the method's threshold, within ``p.text_window``, texts not identical;
    one item per connected cluster. Each distinct text is embedded once.
    ``attrs["method"]`` names the representation used, or says that the
    signal was not computed (:func:`paraphrase_method`)."""
    # factorize, not np.unique: a fixed-width string array of 5.6M texts
    # would take the length of the longest for each (23 GB at 9M tweets)
    codes, texts = pd.factorize(items["item"].astype(str), sort=True)
    texts = texts.to_numpy(dtype=object)
    method = paraphrase_method(len(texts), p)
    threshold = p.paraphrase_threshold if method == "multilingual" else p.paraphrase_tfidf_threshold
    i = j = np.empty(0, np.int64)
    if method != "skip" and len(items) >= 2:
        X = text_vectors(texts, method)[codes]
        i, j = similar_pairs(items["ts"].to_numpy(dtype=float), X, codes, p.text_window, threshold)
    out = cluster_items(items, i, j)
    out.attrs["method"] = (
        f"{method} (cosine >= {threshold:g}, {len(texts):,} distinct texts)" if method != "skip" else
        f"NOT COMPUTED: {len(texts):,} distinct texts > paraphrase_max_texts = {p.paraphrase_max_texts:,} (about "
        f"{len(texts) / 500 / 60:.0f} min to embed on two cores); "
        "set paraphrase_embedding='multilingual' to compute it")
    return out


def signal_edges(sig: Signal, items: pd.DataFrame, p: CoordParams) -> tuple[pd.DataFrame, int]:
    """Raw edges of a windowed signal (a, b, weight = distinct items shared
    within the window) and how many items were left out as too popular: the
    statistic of the permutation check."""
    codes, _ = pd.factorize(items["item"])
    return windowed_pairs(items["acct"].to_numpy(), codes, items["ts"].to_numpy(), sig.window, p.max_item_accounts)
