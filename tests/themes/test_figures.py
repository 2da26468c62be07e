"""Tests of :mod:`infoops.themes.figures`: each figure on small frames."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from infoops.themes import figures as thf


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_k_selection_marks_the_chosen_k_per_language():
    sel = pd.DataFrame({"k": [4, 5, 4, 5], "language": ["es", "es", "en", "en"], "chosen": [False, True, True, False],
                        "npmi_coherence": [0.1, 0.2, 0.3, 0.1], "diversity": [0.9, 0.8, 0.9, 0.7],
                        "quality": [0.09, 0.16, 0.27, 0.07]})
    fig = thf.k_selection(sel)
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert titles == ["language es: k = 5 chosen", "language en: k = 4 chosen"]


def test_prevalence_and_mix_show_every_campaign_and_topic():
    weeks = pd.date_range("2019-01-07", periods=4, freq="7D")
    prev = pd.DataFrame([(c, w, t, 5, 0.5) for c in ("a", "b") for w in weeks for t in (0, 1)],
                        columns=["campaign", "period", "topic", "documents", "share"])
    fig = thf.prevalence(prev, {0: "es: x", 1: "es: y"}, pd.Timestamp("2019-01-23", tz="UTC"))
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["a", "b"]
    assert len(fig.axes[0].collections) == 2  # one band per topic
    mix = pd.DataFrame([[0.7, 0.3], [0.2, 0.8]], index=pd.Index(["a", "b"], name="campaign"), columns=["es: x", "es: y"])
    fig = thf.topic_mix_heatmap(mix)  # topics as rows (long labels), campaigns as columns
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["a", "b"]
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["es: x", "es: y"]


def test_log_odds_map_and_top_items():
    lo = pd.DataFrame({"campaign": ["a"] * 4, "term": ["w", "x", "y", "z"], "z": [3.0, 1.0, -1.0, -3.0]})
    fig = thf.log_odds_bars(lo, n=2)
    assert fig is not None and thf.log_odds_bars(lo.iloc[:0]) is None
    assert {"w", "z"} <= {t.get_text() for t in fig.axes[0].get_yticklabels()}
    docs = pd.DataFrame({"campaign": ["a", "b"] * 15})
    fig = thf.topic_map(np.random.default_rng(0).normal(size=(30, 2)), docs, np.arange(30) % 3,
                        {0: "t0", 1: "t1", 2: "t2"}, "UMAP map (test)")
    assert len(fig.axes) >= 2 and "UMAP map (test)" in (fig._suptitle.get_text() if fig._suptitle else "")
    items = pd.DataFrame({"campaign": ["a", "a", "b"], "hashtags": ["#x", "#y", "#z"], "tweets": [5, 3, 2],
                          "accounts": [2, 1, 1]})
    fig = thf.top_items_bars(items, "hashtags")
    assert fig._suptitle.get_text() == "Top hashtags per campaign"
    assert thf.top_items_bars(items.rename(columns={"hashtags": "domain"}), "domain")._suptitle.get_text() == \
        "Top domains per campaign"
    assert len(fig.axes) == 2 and thf.top_items_bars(items.iloc[:0], "hashtags") is None
