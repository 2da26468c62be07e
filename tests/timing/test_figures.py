"""Tests of :mod:`infoops.timing.figures`: every figure from the analyses of the sample."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from infoops import timing
from infoops.timing import figures as tf

P = timing.check_params("2019-01-23", 60, 28, "America/Caracas")


@pytest.fixture(scope="module")
def tables(loaded):
    ds = loaded[0]
    tweets, accounts = ds.tweets_frame(timing.TIMING_COLUMNS), ds.accounts
    daily = timing.daily_counts(tweets)
    cov = timing.coverage(tweets, accounts, P)
    its = timing.its_by_campaign(daily, cov, P)
    return tweets, accounts, daily, its


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_volume_and_model_figures_have_a_panel_per_campaign(tables):
    tweets, accounts, daily, its = tables
    camps = sorted(daily["campaign"].unique())
    fig = tf.daily_volume(daily, P)
    assert [ax.get_title(loc="left") for ax in fig.axes] == camps
    assert all(any(l.get_linestyle() == "--" for l in ax.get_lines()) for ax in fig.axes)  # the event line
    fig = tf.its_fit_figure(daily, its, P)
    assert len(fig.axes) == len(camps) and fig.axes[0].get_title(loc="left").split(":")[1].startswith(" level x")
    placebos = timing.placebos_all(daily, camps, P)
    fig = tf.placebo_figure(placebos, its)
    assert len(fig.axes[0].get_yticklabels()) == len(camps)
    assert tf.placebo_figure(placebos.iloc[:0], its) is None


def test_rhythm_accounts_and_latency_figures(tables):
    tweets, accounts, daily, its = tables
    hw = timing.hour_weekday(tweets, P.tz)
    fig = tf.hour_weekday_heatmap(hw, P.tz)
    heatmaps = [ax for ax in fig.axes if ax.get_xlabel()]
    assert len(heatmaps) == hw["campaign"].nunique() and heatmaps[0].get_xlabel() == "hour (America/Caracas)"
    assert [t.get_text() for t in heatmaps[0].get_yticklabels()] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert all(t.get_rotation() == 0 for t in heatmaps[0].get_yticklabels())  # readable side by side
    wc = timing.weekly_creation(accounts)
    fig = tf.creation_figure(wc, P)
    assert len(fig.axes) == wc["campaign"].nunique() and fig.axes[0].get_ylabel() == "accounts / week"
    bursts = sum(len(c.get_offsets()) for ax in fig.axes for c in ax.collections if c.get_offsets().shape[0] and
                 tuple(c.get_facecolor()[0][:3]) == (0.7529411764705882, 0.2235294117647059, 0.16862745098039217))
    assert bursts == int(wc["burst"].sum())  # every burst week drawn as a visible red dot
    fig = tf.lifecycle_figure(timing.lifecycles(accounts), P, max_accounts=50, seed=0)
    assert all("accounts)" in ax.get_title(loc="left") for ax in fig.axes)
    fig = tf.silence_figure(accounts, P)
    assert "days from the event" in fig.axes[0].get_xlabel()
    lat = timing.retweet_latency(tweets)
    fig = tf.latency_figure(lat)
    assert fig.axes[0].get_xscale() == "log" and tf.latency_figure(lat.iloc[:0]) is None
