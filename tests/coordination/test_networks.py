"""Tests of :mod:`infoops.coordination.networks`."""

from __future__ import annotations

import numpy as np
import pandas as pd

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


def test_windowed_counts_in_chunks_equal_every_pair_listed_by_hand():
    from itertools import combinations

    from infoops.coordination.networks import windowed_counts

    rng = np.random.default_rng(3)
    acct = rng.integers(0, 30, 600)
    item = rng.choice([5, 9, 11, 40, 41, 77, 300], 600)
    ts = rng.uniform(0, 5000, 600).round()
    group = pd.Series([0, 1, 0, 2, 1, 0, 2], index=[5, 9, 11, 40, 41, 77, 300])
    # by hand: distinct items each pair acted on within 120 s, per group; pairs met per item
    want, met = {}, {}
    for it in np.unique(item):
        ev = [(a, t) for a, i, t in zip(acct, item, ts) if i == it]
        if len({a for a, _ in ev}) > 25:
            continue  # over the cap
        pairs = {(min(a, b), max(a, b)) for (a, s), (b, t) in combinations(ev, 2) if a != b and abs(s - t) <= 120}
        met[it] = len(pairs)
        for pr in pairs:
            want[pr + (group[it],)] = want.get(pr + (group[it],), 0) + 1
    dropped_by_hand = sum(len(set(acct[item == it])) > 25 for it in np.unique(item))
    assert dropped_by_hand > 0 and len(want) > 100
    for chunk in (1, 7, 500, 10**9):  # one item at a time, a few, all at once
        wc = windowed_counts(acct, item, ts, 120, 25, group=group, chunk_pairs=chunk)
        long = wc.counts.stack()
        got = {(a, b, g): n for (a, b, g), n in long[long > 0].items()}
        assert got == want, chunk
        assert wc.met.to_dict() == met and wc.dropped == dropped_by_hand
        assert wc.counts.index.is_monotonic_increasing
