"""Tests of :mod:`infoops.themes.shift`."""

from __future__ import annotations

import pandas as pd
import pytest

from infoops import themes as TH


def test_log_odds_finds_the_term_that_changed():
    # shares: golpe 0.4 vs 0.2 (up), patria 0.4 vs 0.6 (down), hoy 0.2 in both
    a = pd.Series({"golpe": 200, "patria": 200, "hoy": 100})
    b = pd.Series({"golpe": 50, "patria": 150, "hoy": 50})
    lo = TH.log_odds_dirichlet(a, b).set_index("term")
    assert lo["z"].idxmax() == "golpe" and lo.loc["golpe", "z"] > 3
    assert lo.loc["patria", "z"] < -3 and abs(lo.loc["hoy", "z"]) < 1
    # symmetric: swapping groups flips the sign
    lo2 = TH.log_odds_dirichlet(b, a).set_index("term")
    assert lo2.loc["golpe", "z"] == pytest.approx(-lo.loc["golpe", "z"])
