"""Tests of :mod:`infoops.coordination.result`."""

from __future__ import annotations

import pandas as pd

from infoops.coordination import CoordinationResult


def test_result_holds_the_run_and_defaults_are_independent(sample_result):
    _, res, _, _ = sample_result
    assert isinstance(res, CoordinationResult)
    assert set(res.null_weights) <= set(res.summary["signal"]) and set(res.edges["signal"]) <= set(res.summary["signal"])
    a = CoordinationResult(pd.Index([]), pd.Series(dtype=str), pd.DataFrame(), pd.DataFrame())
    b = CoordinationResult(pd.Index([]), pd.Series(dtype=str), pd.DataFrame(), pd.DataFrame())
    a.null_weights["x"] = pd.DataFrame()
    assert b.null_weights == {}
