"""Pairs of similar texts within a time window, the search behind the
near-duplicate and paraphrase signals: exact (all-pairs search with the
prefix filter for sparse vectors, chunked products for dense ones) or, past
a size, from MinHash candidates (:mod:`.minhash`); every pair returned has
been checked against the threshold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .pair_dots import canonical_csr, pair_dots
from .word_counts import word_counts


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
        X = canonical_csr(sp.csr_matrix(X, dtype=np.float64))
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


def minhash_similar_pairs(ts: np.ndarray, X, code: np.ndarray, texts, window: float, threshold: float, *,
                          seed: int = 0, max_bucket: int = 2000) -> tuple[np.ndarray, np.ndarray, int]:
    """As :func:`similar_pairs` for sparse rows, with candidates from MinHash
    LSH over each text's word pairs (:mod:`.minhash`) instead of the
    exact search: a pair is found when one of its bands agrees (likely for
    near copies, see the module), then its cosine is checked, so every pair
    returned is a true one but some may be missed. Rows are given as
    distinct texts: row r (time ``ts[r]``) holds ``texts[code[r]]``, whose
    vector is row ``code[r]`` of ``X``. Also returns the rows left in
    buckets of more than ``max_bucket`` rows, which were not paired."""
    from .minhash import lsh_candidates

    order = np.argsort(ts, kind="stable")
    ts, code = np.asarray(ts, dtype=float)[order], np.asarray(code, dtype=np.int64)[order]
    X = canonical_csr(X.tocsr())
    n, found, skipped = len(ts), [], 0
    for i, j, left in lsh_candidates(texts, code, ts, window, seed=seed, max_bucket=max_bucket):
        keep = pair_dots(X, code[i], code[j]) >= threshold
        found.append(i[keep] * n + j[keep])
        skipped += left
    # a pair agrees on several bands: hashed, not sorted, unique (np.unique took 10 s at 9M tweets)
    pairs = np.sort(pd.unique(np.concatenate(found))) if found else np.empty(0, np.int64)
    return order[pairs // n], order[pairs % n], skipped


def word_tfidf(texts, weights: np.ndarray | None = None):
    """Word TF-IDF (scikit-learn's TfidfVectorizer: words of 2+ characters
    or hashtags, smoothed idf, L2 rows, float32) of distinct lower-cased
    ``texts``, each standing for ``weights[k]`` documents (default 1): the
    same rows as the vectorizer over every document, without tokenizing a
    repeated text again (the idf counts each text as often as it occurs;
    arithmetic as scikit-learn's TfidfTransformer, in float32). Words are
    counted by :func:`.word_counts.word_counts`, the vectorizer's tokens in
    one compiled pass."""
    from sklearn.preprocessing import normalize

    C, _ = word_counts(texts)
    weights = np.ones(C.shape[0]) if weights is None else np.asarray(weights, dtype=np.float64)
    counts = C.data.copy()
    C.data[:] = 1.0  # the pattern of C: df = its column sums weighted by the rows' counts
    df = (C.T @ weights).astype(np.float32)
    C.data = counts
    df += 1.0
    idf = np.full_like(df, fill_value=float(weights.sum()) + 1, dtype=np.float32)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    C.data *= idf[C.indices]
    return normalize(C, norm="l2", copy=False)
