"""Tests of :mod:`infoops.coordination.nulls` (the optional permutation check)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from infoops import coordination as C
from infoops.coordination.nulls import null_events


def test_the_permutation_keeps_items_and_activity():
    ev = pd.DataFrame({"acct": [0, 0, 1, 1, 2], "ts": [10.0, 20.0, 30.0, 40.0, 50.0]})
    perm = null_events(ev, np.random.default_rng(0))
    assert sorted(perm["acct"]) == sorted(ev["acct"]) and perm["ts"].tolist() == ev["ts"].tolist()
    assert ev["acct"].tolist() == [0, 0, 1, 1, 2]  # the events themselves are left as they were


@pytest.mark.parametrize("name", ["co_retweet", "near_duplicate"])
def test_null_from_items_extracted_once_equals_permuting_every_event(sample_result, name):
    """The check redraws accounts on items extracted once (near-duplicate
    clusters found once): the same realizations as permuting the accounts of
    all events and extracting the items again each time."""
    ds, *_ = sample_result
    p = C.CoordParams(n_null=3)
    ev, users = C.prepare_events(ds.tweets, p.min_tweets)
    sig = next(s for s in C.all_signals(p) if s.name == name)
    fast = C.null_max_weights(sig, ev, p, np.random.default_rng(5))
    rng = np.random.default_rng(5)
    slow = []
    for _ in range(p.n_null):
        null = null_events(ev, rng)
        # the clusters of texts do not depend on who wrote them
        items = sig.items(ev).assign(acct=lambda d: null.loc[d.index, "acct"].to_numpy())
        edges, _ = C.signal_edges(sig, items, p)
        slow.append(float(edges["weight"].max()) if len(edges) else 0.0)
    assert fast.tolist() == slow and max(slow) > 0
