"""Tests of :mod:`infoops.coordination.nulls`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from infoops import coordination as C
from infoops.coordination.nulls import null_events


def test_null_models_keep_what_they_should():
    rng = np.random.default_rng(0)
    ev = pd.DataFrame({"acct": [0, 0, 1, 1, 2], "ts": [86400 * 3 + 10, 86400 * 5 + 20, 86400 * 3 + 30, 86400 * 4,
                                                        86400 * 9 + 5]})
    perm = null_events(ev, "account-permute", rng)
    assert sorted(perm["acct"]) == sorted(ev["acct"]) and perm["ts"].tolist() == ev["ts"].tolist()
    days = null_events(ev, "day-permute", rng)
    assert ((days["ts"] % 86400).round(6) == (ev["ts"] % 86400).round(6)).all()  # time of day kept
    assert days["acct"].tolist() == ev["acct"].tolist()


@pytest.mark.parametrize("name", ["co_retweet", "near_duplicate", "co_hashtag", "synchronized_activity"])
def test_null_from_items_extracted_once_equals_permuting_every_event(sample_result, name):
    """The nulls redraw accounts on items extracted once (and reuse the
    near-duplicate text pairs): the same realizations as permuting the
    accounts of all events and extracting the items again each time."""
    ds, *_ = sample_result
    p = C.CoordParams(n_null=3)
    ev, users = C.prepare_events(ds.tweets, p.min_tweets)
    sig = next(s for s in C.all_signals(p) if s.name == name)
    fast = C.null_max_weights(sig, ev, len(users), p, np.random.default_rng(5))
    rng = np.random.default_rng(5)
    slow = []
    for _ in range(p.n_null):
        edges, _ = C.compute_signal(sig, null_events(ev, sig.null, rng), len(users), p)
        slow.append(float(edges["weight"].max()) if len(edges) else 0.0)
    assert fast.tolist() == slow
    # the events themselves are left as they were
    assert (ev["acct"].to_numpy() == C.prepare_events(ds.tweets, p.min_tweets)[0]["acct"].to_numpy()).all()
