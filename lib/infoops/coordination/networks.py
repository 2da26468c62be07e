"""Account x account networks from sparse account x item incidence: windowed
co-actions and cosine similarities, never a dense account x account matrix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp


def windowed_pairs(acct: np.ndarray, item: np.ndarray, ts: np.ndarray, window: float,
                   max_item_accounts: int) -> tuple[pd.DataFrame, int]:
    """Account pairs that acted on the same item within ``window`` seconds.

    Returns (edges with a, b, weight = distinct items shared, items dropped
    for exceeding ``max_item_accounts`` distinct accounts)."""
    shared, dropped = windowed_shared(acct, item, ts, window, max_item_accounts)
    if shared.empty:
        return pd.DataFrame(columns=["a", "b", "weight"]), dropped
    return shared.groupby(["a", "b"]).size().rename("weight").reset_index(), dropped


def windowed_shared(acct: np.ndarray, item: np.ndarray, ts: np.ndarray, window: float,
                    max_item_accounts: int) -> tuple[pd.DataFrame, int]:
    """Every (a, b, item) with a < b acting on the same item within
    ``window`` seconds (``item`` as given), and the number of items dropped
    for exceeding ``max_item_accounts`` distinct accounts. Vectorised: sort
    by (item, time), find each event's window end by binary search, expand
    the index ranges; the number of pairs is bounded by the window, not by
    item popularity squared."""
    empty = pd.DataFrame({"a": np.empty(0, np.int64), "b": np.empty(0, np.int64), "item": np.empty(0, np.int64)})
    if len(acct) == 0:
        return empty, 0
    df = pd.DataFrame({"acct": acct, "item": item, "ts": ts})
    n_acc = df.groupby("item")["acct"].nunique()
    too_big = n_acc.index[n_acc > max_item_accounts]
    if len(too_big):
        df = df[~df["item"].isin(too_big)]
    df = df.sort_values(["item", "ts"], kind="stable")
    a, it, t = df["acct"].to_numpy(), df["item"].to_numpy(), df["ts"].to_numpy(dtype=float)
    if len(a) < 2:
        return empty, len(too_big)
    uniq, item_rank = np.unique(it, return_inverse=True)
    n = later_within(item_rank, t, window)
    total = int(n.sum())
    if total == 0:
        return empty, len(too_big)
    i = np.repeat(np.arange(len(n)), n)
    offs = np.arange(total) - np.repeat(np.cumsum(n) - n, n)
    j = i + 1 + offs
    u, v = a[i], a[j]
    keep = u != v
    out = pd.DataFrame({"a": np.minimum(u, v)[keep], "b": np.maximum(u, v)[keep], "item": uniq[item_rank[i][keep]]})
    return out.drop_duplicates().reset_index(drop=True), len(too_big)


def later_within(item_rank: np.ndarray, t: np.ndarray, window: float) -> np.ndarray:
    """For events sorted by (item, time): how many later events of the same
    item fall within ``window`` seconds of each. One binary search over a key
    that keeps items apart (their times offset by more than the window)."""
    if len(t) == 0:
        return np.zeros(0, dtype=np.int64)
    t = np.asarray(t, dtype=float)
    key = item_rank * ((t.max() - t.min()) + window * 4 + 1) + (t - t.min())
    return np.searchsorted(key, key + window, side="right") - np.arange(len(key)) - 1


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
    """Account x item 0/1 matrix of items used by 2 to ``max_item_accounts`` accounts."""
    codes, _ = pd.factorize(item)
    B = sp.coo_matrix((np.ones(len(acct), dtype=np.float32), (acct, codes)),
                      shape=(n_accounts, codes.max() + 1 if len(codes) else 0)).tocsr()
    B.data[:] = 1
    df = np.asarray(B.sum(axis=0)).ravel()
    return B[:, np.flatnonzero((df >= 2) & (df <= max_item_accounts))]
