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
when the encoder is absent; past a number of distinct texts (a parameter per
method) the signal is not computed, and the summary says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from ..text import url_domain
from .events import explode_items, map_items
from .minhash import BANDS, ROWS
from .networks import windowed_pairs
from .params import CoordParams
from .similar_texts import minhash_similar_pairs, similar_pairs, word_tfidf


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
    # the columns first: a filtered copy of every column is about 1.6 GB at full size
    o = ev.loc[~ev["is_rt"].to_numpy() & (ev["norm_len"].to_numpy() >= 20), ["acct", "ts", "norm_text"]]
    return o.rename(columns={"norm_text": "item"})


def _originals(ev: pd.DataFrame, column: str) -> pd.DataFrame:
    """Tweets that are not retweets: acct, ts and ``column`` only (a filtered
    copy of every column would be several GB at full size)."""
    return ev.loc[~ev["is_rt"], ["acct", "ts", column]]


def _hashtag_sequence(ev: pd.DataFrame, min_len: int) -> pd.DataFrame:
    o = _originals(ev, "hashtags")
    o = o[_list_lengths(o["hashtags"]) >= min_len]
    # built as text whatever the rows: map() on no rows would keep the list type
    seq = pd.Series([" ".join(str(x).lower() for x in h) for h in o["hashtags"]], index=o.index, dtype="str")
    return pd.DataFrame({"acct": o["acct"], "ts": o["ts"], "item": seq})


def _list_lengths(s: pd.Series) -> np.ndarray:
    """Lengths of a list column (Arrow lists or Python sequences), 0 for missing."""
    if isinstance(s.dtype, pd.ArrowDtype):
        return s.list.len().fillna(0).to_numpy(dtype=np.int64)
    return s.map(lambda h: len(h) if h is not None and not isinstance(h, float) else 0).to_numpy(dtype=np.int64)


def _last_events(f: Callable[[pd.DataFrame], pd.DataFrame]) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """``f`` computed once for the same events frame (the last one given):
    three text signals start from the same texts, 5.6 million at full size."""
    memo: dict = {}

    def once(ev: pd.DataFrame) -> pd.DataFrame:
        if memo.get("ev") is not ev:
            memo.clear()
            memo.update(ev=ev, out=f(ev))
        return memo["out"]
    return once


def all_signals(p: CoordParams) -> list[Signal]:
    """The signals computed on every run, with their windows from ``p``."""
    texts = _last_events(text_items)
    rt = lambda ev: ev.loc[ev["is_rt"] & ev["retweet_tweetid"].notna(), ["acct", "ts", "retweet_tweetid"]] \
        .rename(columns={"retweet_tweetid": "item"})
    fast = lambda ev: ev.loc[ev["is_rt"] & (ev["rt_latency"] <= p.fast_retweet_seconds), ["acct", "ts", "retweet_tweetid"]] \
        .rename(columns={"retweet_tweetid": "item"})
    reply = lambda ev: ev.loc[ev["in_reply_to_tweetid"].notna(), ["acct", "ts", "in_reply_to_tweetid"]] \
        .rename(columns={"in_reply_to_tweetid": "item"})
    # co_url, co_url_any and co_domain start from the same URLs (8M rows at full size)
    urls = _last_events(lambda ev: explode_items(_originals(ev, "urls"), "urls"))
    near = lambda ev: near_duplicate_items(texts(ev), p.text_window, p.near_duplicate_threshold, p)
    bins = lambda ev: pd.DataFrame({"acct": ev["acct"], "ts": ev["ts"],
                                    "item": (ev["ts"] // (60 * p.activity_bin_minutes)).astype(np.int64)})
    return [
        Signal("co_retweet", "window", f"same tweet retweeted within {p.retweet_window:g} s", rt, p.retweet_window),
        Signal("fast_retweet", "window", f"same tweet retweeted by both within {p.fast_retweet_seconds:g} s of "
               "its posting", fast, p.fast_retweet_seconds,
               null="configuration model of all retweets; an item's chance of a fast pair from its fast retweeters"),
        Signal("co_tweet", "window", f"identical normalised text within {p.text_window:g} s", texts,
               p.text_window),
        Signal("near_duplicate", "window", f"texts with word cosine >= {p.near_duplicate_threshold} (clusters, "
               f"identical texts aside) within {p.text_window:g} s", near, p.text_window, rare_only=True),
        Signal("paraphrase", "window", f"texts of the same meaning in other words (clusters, identical texts "
               f"aside) within {p.text_window:g} s", lambda ev: paraphrase_items(texts(ev), p), p.text_window,
               rare_only=True),
        Signal("co_url", "window", f"same URL within {p.url_window:g} s", urls, p.url_window),
        Signal("co_url_any", "any_time", "same URL at any time", urls, rare_only=True),
        Signal("co_domain", "any_time", "same linked domain at any time",
               lambda ev: map_items(urls(ev), url_domain), rare_only=True),
        Signal("co_reply", "window", f"replies to the same tweet within {p.reply_window:g} s", reply, p.reply_window),
        Signal("hashtag_sequence", "window", f"identical sequence of >= {p.hashtag_sequence_min} hashtags within "
               f"{p.hashtag_sequence_window:g} s", lambda ev: _hashtag_sequence(ev, p.hashtag_sequence_min),
               p.hashtag_sequence_window),
        Signal("co_hashtag", "any_time", "same hashtag at any time",
               lambda ev: explode_items(ev, "hashtags", lambda h: str(h).lower()), rare_only=True),
        Signal("co_mention", "any_time", "same account mentioned at any time",
               lambda ev: explode_items(_originals(ev, "user_mentions"), "user_mentions"), rare_only=True),
        Signal("synchronized_activity", "rhythm", f"active in the same {p.activity_bin_minutes}-minute bin", bins,
               null="each account's active bins moved to the same time of day on the other days of its "
                    "4-week block, each day weighted by its population's volume that day or evenly over its "
                    "population's active days, whichever expects more; strata by expected busyness"),
    ]


def near_duplicate_pairs(items: pd.DataFrame, window: float, threshold: float, search: str = "exact",
                         seed: int = 0, max_bucket: int = 2000) -> pd.DataFrame:
    """Pairs of item rows (positions ``i`` < ``j``) whose texts are near
    duplicates: word TF-IDF cosine >= threshold, not identical, within
    ``window`` seconds; found by the exact search (:func:`similar_pairs`) or,
    with ``search="minhash"``, from MinHash candidates
    (:func:`minhash_similar_pairs`; ``attrs["rows_in_big_buckets"]``)."""
    if len(items) < 2:
        return pd.DataFrame({"i": np.empty(0, np.int64), "j": np.empty(0, np.int64)})
    # each distinct text vectorized (and hashed) once: a third of the texts
    # repeat at full size; kept as pandas' Arrow strings, no Python object per text
    text = items["item"] if pd.api.types.is_string_dtype(items["item"]) else items["item"].astype(str)
    code, texts = pd.factorize(text)
    X = word_tfidf(texts, np.bincount(code))
    ts = items["ts"].to_numpy(dtype=float)
    skipped = 0
    if search == "minhash":
        i, j, skipped = minhash_similar_pairs(ts, X, code, texts, window, threshold, seed=seed,
                                              max_bucket=max_bucket)
    else:
        i, j = similar_pairs(ts, X[code], code, window, threshold)
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
        f"MinHash LSH candidates (word pairs, {BANDS} bands of {ROWS} hashes, seed {p.seed}) checked exactly, "
        f"{len(items):,} texts"
        f" > near_duplicate_exact_max_texts = {p.near_duplicate_exact_max_texts:,}; pairs may be missed; "
        f"{pairs.attrs.get('rows_in_big_buckets', 0):,} (row, band) entries in buckets of > {p.max_item_accounts:,} "
        f"rows (templates) not paired")
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
    TF-IDF, each for at most its limit (:func:`paraphrase_limit`), and
    "skip" beyond."""
    if p.paraphrase_embedding != "auto":
        return p.paraphrase_embedding
    method = _auto_representation()
    return method if n_texts <= paraphrase_limit(method, p)[1] else "skip"


def _auto_representation() -> str:
    """What "auto" compares texts with: the encoder when installed, else TF-IDF."""
    from ..sentences import multilingual_available

    return "multilingual" if multilingual_available() else "tfidf"


def paraphrase_limit(method: str, p: CoordParams) -> tuple[str, int]:
    """The parameter that bounds how many distinct texts "auto" compares
    with ``method``, and its value: the encoder's by its time (about 500
    texts a second on two cores), the TF-IDF fallback's by its precision (at
    1M tweets it chained so many templated everyday texts that 5% of the
    organic accounts were flagged)."""
    name = "paraphrase_max_texts" if method == "multilingual" else "paraphrase_tfidf_max_texts"
    return name, int(getattr(p, name))


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
    n_texts = items["item"].nunique()
    method = paraphrase_method(n_texts, p)
    threshold = p.paraphrase_threshold if method == "multilingual" else p.paraphrase_tfidf_threshold
    i = j = np.empty(0, np.int64)
    if method != "skip" and len(items) >= 2:
        # factorize, not np.unique: a fixed-width string array of 5.6M texts
        # would take the length of the longest for each (23 GB at 9M tweets)
        codes, texts = pd.factorize(items["item"].astype(str), sort=True)
        X = text_vectors(texts.to_numpy(dtype=object), method)[codes]
        i, j = similar_pairs(items["ts"].to_numpy(dtype=float), X, codes, p.text_window, threshold)
    out = cluster_items(items, i, j)
    out.attrs["method"] = (f"{method} (cosine >= {threshold:g}, {n_texts:,} distinct texts)" if method != "skip"
                           else _not_computed(n_texts, p))
    return out


def _not_computed(n_texts: int, p: CoordParams) -> str:
    """Why "auto" left the paraphrase signal out, and how to compute it."""
    method = _auto_representation()
    name, limit = paraphrase_limit(method, p)
    why = (f"about {n_texts / 500 / 60:.0f} min to embed on two cores; set paraphrase_embedding='multilingual' "
           "to compute it" if method == "multilingual" else
           "the TF-IDF fallback chains templated everyday texts at this size; install the multilingual extra, "
           "or set paraphrase_embedding='tfidf' to compute it anyway")
    return f"NOT COMPUTED: {n_texts:,} distinct texts > {name} = {limit:,} ({why})"


def signal_edges(sig: Signal, items: pd.DataFrame, p: CoordParams) -> tuple[pd.DataFrame, int]:
    """Raw edges of a windowed signal (a, b, weight = distinct items shared
    within the window) and how many items were left out as too popular: the
    statistic of the permutation check."""
    codes, _ = pd.factorize(items["item"])
    return windowed_pairs(items["acct"].to_numpy(), codes, items["ts"].to_numpy(), sig.window, p.max_item_accounts)
