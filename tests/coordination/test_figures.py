"""Tests of :mod:`infoops.coordination.figures`: each figure drawn from a real run on the sample."""

from __future__ import annotations

import matplotlib.pyplot as plt

from infoops import coordination as co
from infoops.coordination import figures as cf


def test_figures_show_signals_campaigns_and_groups(sample_result):
    _, res, _, _ = sample_result
    fig = cf.pair_tests(res, 0.01)
    labels = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert {"co_retweet", "synchronized_activity"} <= set(labels) and "creation_batch" not in labels
    # the dotted line at -log10(0.01) (seaborn's legend handles are lines without data)
    assert [list(ln.get_xdata()) for ln in fig.axes[0].lines if len(ln.get_xdata())] == [[2, 2]]
    flag = co.flagged_by_campaign(res, ["synthetic_control_201901"])
    fig = cf.flagged_share(flag)
    assert "share" in fig.axes[0].get_xlabel().lower() or "share" in fig.axes[0].get_ylabel().lower()
    pairs, member = co.fuse(res, seed=0)
    fig = cf.network(pairs, member, seed=0)
    assert fig is not None and len(fig.axes[0].collections) >= 1
    assert cf.network(pairs.iloc[:0], member.iloc[:0]) is None
    fig = cf.overlap_heatmap(co.signal_overlap(res))
    assert len(fig.axes[0].get_xticklabels()) == len(res.summary)
    plt.close("all")


def test_titles_say_when_there_is_no_control_set(sample_result):
    _, res, _, _ = sample_result
    fig = cf.flagged_share(co.flagged_by_campaign(res, []))
    assert "no control accounts" in fig.axes[0].get_title(loc="left")
    plt.close("all")


def test_the_pair_tests_figure_is_the_same_every_time(sample_result):
    """No jitter from the global random state: the same result draws the same picture."""
    import io

    import numpy as np

    _, res, _, _ = sample_result
    pngs = []
    for seed in (1, 2):
        np.random.seed(seed)
        buf = io.BytesIO()
        cf.pair_tests(res, 0.01).savefig(buf, format="png", dpi=50)
        pngs.append(buf.getvalue())
    assert pngs[0] == pngs[1]
    plt.close("all")
