"""The closed-form tests on the count signals: a group sharing rare URLs hours
apart is found at any time, decoys sharing viral URLs are not."""

from __future__ import annotations

import numpy as np
import pandas as pd

from infoops.coordination import CoordParams, all_signals
from infoops.coordination.closed_form import agreement, closed_form_tests


def _events(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for acct in range(60):
        for k in range(20):  # ordinary tweets: own links, some viral links everyone posts
            url = f"https://viral.example/{rng.integers(5)}" if rng.random() < 0.4 else \
                f"https://own{acct}.example/{k}"
            rows.append((acct, float(rng.integers(0, 90 * 86400)), [url]))
    for acct in range(5):  # the group: 4 rare URLs, each posted by every member hours to days apart
        for u in range(4):
            rows.append((acct, float(u * 86400 * 7 + acct * 5 * 3600), [f"https://rare.example/{u}"]))
    ev = pd.DataFrame(rows, columns=["acct", "ts", "urls"])
    ev["is_rt"] = False
    return ev


def test_rare_urls_shared_hours_apart_are_found_and_viral_ones_ignored():
    ev, p = _events(), CoordParams()
    co_url = next(s for s in all_signals(p) if s.name == "co_url")
    tests = closed_form_tests(ev, {"co_url": (co_url, co_url.items(ev))}, 60, p)
    anytime = tests[(tests["signal"] == "co_url_any") & tests["significant"]]
    assert set(zip(anytime["a"], anytime["b"])) == {(a, b) for a in range(5) for b in range(a + 1, 5)}
    assert (anytime["stratum"] == "items of 5-9 accounts").all()
    # within the one-hour window the group never meets: the windowed test finds nothing
    assert not tests.loc[tests["signal"] == "co_url", "significant"].any()
    # organic pairs sharing viral links were tested and none passed
    organic = tests[(tests["signal"] == "co_url_any") & (tests["a"] >= 5)]
    assert len(organic) > 1000 and not organic["significant"].any()


def test_agreement_counts_pairs_and_accounts():
    tests = pd.DataFrame({"signal": ["s"] * 3, "a": [0, 0, 2], "b": [1, 2, 3], "significant": [True, True, False]})
    kept = pd.DataFrame({"signal": ["s", "s"], "a": [0, 2], "b": [1, 3]})
    row = agreement(tests, kept).iloc[0]
    assert (row["pairs_tested"], row["pairs_closed_form"], row["pairs_permutation"], row["pairs_both"]) == (3, 2, 2, 1)
    assert (row["accounts_closed_form"], row["accounts_permutation"], row["accounts_both"]) == (3, 4, 3)
