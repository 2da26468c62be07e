"""Tests of :mod:`infoops.coordination.similar_texts` (the MinHash path is
tested in test_minhash.py)."""

from __future__ import annotations

import numpy as np

from infoops.coordination.similar_texts import prefix_features, similar_pairs, word_tfidf


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
    i, j = similar_pairs(ts, X, text, window=600.0, threshold=0.8, chunk=50)
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
        i, j = similar_pairs(ts, X, text, window=900.0, threshold=threshold, chunk=64)
        got = {(min(a, b), max(a, b)) for a, b in zip(i, j)}
        sim = (X @ X.T).toarray()
        want = {(a, b) for a in range(n) for b in range(a + 1, n)
                if sim[a, b] >= threshold and abs(ts[a] - ts[b]) <= 900 and text[a] != text[b]}
        assert got == want and len(want) >= 5
    P = prefix_features(X, 0.7)
    assert (P @ P.T).nnz < 0.5 * (X @ X.T).nnz and P.nnz < X.nnz


def test_word_tfidf_of_distinct_texts_equals_the_vectorizer_over_every_row():
    """Each distinct text vectorized once, weighted by its count, gives
    bit for bit the rows of scikit-learn's TfidfVectorizer over all rows."""
    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer

    rng = np.random.default_rng(5)
    words = ["voto", "#libertad", "hoy", "el", "pueblo", "calle", "a", "mañana", "país", "ya"]
    rows = [" ".join(rng.choice(words, int(rng.integers(1, 9)))) for _ in range(400)]
    rows += rows[:150]  # repeated texts
    want = TfidfVectorizer(token_pattern=r"(?u)#?\b\w\w+\b", min_df=1, dtype=np.float32).fit_transform(rows)
    code, texts = pd.factorize(pd.Series(rows))
    got = word_tfidf(texts.to_numpy(dtype=object), np.bincount(code))[code]
    assert got.dtype == np.float32 and got.shape == want.shape
    assert abs(got - want).max() == 0

