"""Tests of :mod:`infoops.timing.summary`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from infoops import timing
from infoops import timing as T

P = timing.check_params("2019-01-23", 60, 28, "UTC")


def test_one_row_per_campaign_in_words_and_numbers():
    cov = pd.DataFrame({"campaign": ["a", "b"], "first_tweet": pd.to_datetime(["2018-10-01", "2018-01-01"], utc=True),
                        "last_tweet": pd.to_datetime(["2019-02-20", "2018-06-01"], utc=True),
                        "event_covered": [True, False], "verdict": ["event covered", "data ends before"]})
    its = pd.DataFrame({"campaign": ["a"], "term": ["level_change"], "estimate": [0.4], "rate_ratio": [np.exp(0.4)],
                        "rr_ci_low": [1.2], "rr_ci_high": [1.8], "p_value": [0.001]})
    cps = pd.DataFrame({"campaign": ["a"], "days_from_event": [-1]})
    plac = pd.DataFrame({"campaign": ["a"], "empirical_p": [0.04]})
    sil = pd.DataFrame({"campaign": ["a", "b"], "share_silent_before_event": [0.1, 1.0]})
    wh = pd.DataFrame({"campaign": ["a", "b"], "working_hours_share": [0.5, 0.3]})
    bursts = pd.DataFrame({"campaign": ["b"], "week": pd.to_datetime(["2017-03-13"])})
    s = timing.summary_table(cov, its, cps, plac, sil, wh, bursts).set_index("campaign")
    assert s.loc["a", "level_change_at_event"] == "x1.49 (95% CI 1.20-1.80, p=0.001)"
    assert s.loc["b", "level_change_at_event"] == "not estimable: data ends before"
    assert s.loc["a", "change_points_days_from_event"] == "-1" and s.loc["b", "creation_burst_weeks"] == "2017-03-13"
    assert s.loc["a", "data_span"] == "2018-10-01 to 2019-02-20"


def test_a_model_that_did_not_converge_or_has_no_interval_is_said_in_words():
    base = {"rate_ratio": 1.5, "rr_ci_low": 1.1, "rr_ci_high": 2.0, "p_value": 0.01, "converged": True}
    assert T.level_change_words(pd.Series(base)) == "x1.50 (95% CI 1.10-2.00, p=0.01)"
    assert T.level_change_words(pd.Series({**base, "converged": False})) == \
        "model did not converge: no estimate is reported"
    assert "interval is undefined" in T.level_change_words(pd.Series({**base, "rr_ci_low": np.nan}))
