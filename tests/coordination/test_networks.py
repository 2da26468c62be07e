"""Tests of :mod:`infoops.coordination.networks`."""

from __future__ import annotations

import numpy as np

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
