"""Tests of :mod:`infoops.style`: one theme for every figure."""

from __future__ import annotations

import matplotlib.pyplot as plt

from infoops import style


def test_theme_sets_the_shared_look():
    style.theme()
    assert plt.rcParams["savefig.dpi"] == 130 and plt.rcParams["axes.titlesize"] == 11
    assert style.EVENT_STYLE["linestyle"] == "--" and style.WEEKDAYS[0] == "Mon" and len(style.WEEKDAYS) == 7
