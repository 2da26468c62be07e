"""Tests of :mod:`infoops.coordination.networks`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from infoops import coordination as C


def test_windowed_pairs_are_exact():
    # item 0: accounts 0,1 within 30 s, account 2 at +100 s; item 1: 0 and 1 at +500 s apart.
    acct = np.array([0, 1, 2, 0, 1, 1])
    item = np.array([0, 0, 0, 1, 1, 1])
    ts = np.array([0.0, 30.0, 130.0, 1000.0, 1500.0, 1010.0])
    e, dropped = C.windowed_pairs(acct, item, ts, window=60, max_item_accounts=100)
    assert dropped == 0
    assert e.sort_values(["a", "b"]).values.tolist() == [[0, 1, 2]]  # items 0 (0-30 s) and 1 (1000-1010 s)
    e2, _ = C.windowed_pairs(acct, item, ts, window=200, max_item_accounts=100)
    got = {(a, b): w for a, b, w in e2.values.tolist()}
    assert got == {(0, 1): 2, (0, 2): 1, (1, 2): 1}
    # a popular item beyond the cap is dropped and counted, not silently used
    e3, dropped3 = C.windowed_pairs(acct, item, ts, window=200, max_item_accounts=2)
    assert dropped3 == 1 and e3.values.tolist() == [[0, 1, 1]]


def test_cosine_edges_need_enough_shared_items():
    acct = np.array([0, 0, 0, 1, 1, 1, 2])
    item = np.array(["a", "b", "c", "a", "b", "c", "a"])
    M = C.incidence(acct, item, 3, 100)
    B = C.binary_incidence(acct, item, 3, 100)
    e = C.cosine_edges(M, 0.1, B, min_shared=3)
    assert e[["a", "b"]].values.tolist() == [[0, 1]] and e["weight"].iloc[0] == pytest.approx(1.0)
    assert len(C.cosine_edges(M, 0.1, B, min_shared=4)) == 0


def test_cosine_edges_by_blocks_equal_the_full_product():
    import scipy.sparse as sp

    rng = np.random.default_rng(0)
    acct, item = rng.integers(0, 700, 20000), rng.integers(0, 300, 20000).astype(str)
    M, B = C.incidence(acct, item, 700, 10**6), C.binary_incidence(acct, item, 700, 10**6)
    S = sp.triu(M @ M.T, k=1).tocsr()
    shared = sp.triu(B @ B.T, k=1).tocsr()
    shared.data = (shared.data >= 5).astype(np.float32)
    S = S.multiply(shared).tocoo()
    keep = S.data >= 0.2
    full = pd.DataFrame({"a": S.row[keep], "b": S.col[keep], "weight": S.data[keep].astype(float)})
    full = full.sort_values(["a", "b"]).reset_index(drop=True)
    got = C.cosine_edges(M, 0.2, B, 5, block=97)
    assert len(got) > 1000
    assert got[["a", "b"]].values.tolist() == full[["a", "b"]].values.tolist()
    assert np.array_equal(got["weight"].to_numpy(), full["weight"].to_numpy())
