"""Tests of :mod:`infoops.synthetic.truth`."""

from __future__ import annotations

import pandas as pd

import infoops
from infoops import timing as T
from infoops.synthetic import truth as planted

P = T.check_params("2019-01-23", 60, 28, "America/Caracas")


def test_sample_timing_signal_is_recovered(sample_release):
    """The notebook's must-show, checked directly: a change point within two
    days of the planted date and a level change whose interval excludes 0."""
    import json

    ds = infoops.load(sample_release, progress=False)
    truth = json.loads((sample_release / "ground_truth" / "truth.json").read_text())
    daily = T.daily_counts(ds.tweets)
    cov = T.coverage(ds.tweets, ds.accounts, P)
    its = T.its_by_campaign(daily, cov, P)
    cps = pd.concat([T.change_points(daily, c, P) for c in cov["campaign"]])
    rec = planted.compare_with_truth(its, cps, truth).set_index("campaign")
    for camp in ("synthetic_venezuela_201901_1", "synthetic_venezuela_201901_2"):
        assert rec.loc[camp, "change_point_within_2_days"], camp
        assert rec.loc[camp, "ci_excludes_zero"] and rec.loc[camp, "ci_holds_planted"], camp
    ctrl = rec.loc["synthetic_control_201901"]
    assert not ctrl["ci_excludes_zero"] and not ctrl["change_point_within_2_days"]


def test_group_pairs_counts_a_groups_own_pairs_and_its_nearest_miss():
    t = pd.DataFrame({"signal": ["s", "s", "s", "s", "other"],
                      "a": ["x", "x", "y", "x", "x"], "b": ["y", "z", "z", "w", "y"],
                      "q_value": [0.001, 0.03, 0.2, 0.0001, 0.5], "significant": [True, False, False, True, False]})
    # pairs inside {x, y, z}: x-y kept, x-z (q 0.03) and y-z (q 0.2) not; x-w is outside; "other" is another signal
    assert planted.group_pairs(t, "s", {"x", "y", "z"}) == {"group_pairs": 3, "pairs_tested": 3,
                                                            "pairs_significant": 1, "q_closest_miss": 0.03}
    out = planted.group_pairs(t, "s", {"x", "y"})
    assert out["pairs_significant"] == 1 and out["q_closest_miss"] != out["q_closest_miss"]  # none missed: NaN
