"""Figures for notebook 01 (timing); :mod:`infoops.outputs` saves them."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ..style import EVENT_STYLE, WEEKDAYS
from .its import its_curves
from .params import KINDS, TimingParams
from .volume import window_series
from .zones import zone_of


def _event_line(ax: plt.Axes, p: TimingParams, label: bool = True) -> None:
    ev = p.event_date.tz_localize(None)
    ax.axvline(ev, **EVENT_STYLE, label=f"event {ev:%Y-%m-%d}" if label else None)


def daily_volume(daily: pd.DataFrame, p: TimingParams, *, zoom: bool = False, smooth: int = 7) -> plt.Figure:
    """Tweets per day per campaign by kind (a rolling mean of ``smooth`` days
    over the raw counts), the event marked; ``zoom`` restricts to the window."""
    camps = list(dict.fromkeys(daily["campaign"]))
    fig, axes = plt.subplots(len(camps), 1, figsize=(11, 2.6 * len(camps) + 0.6), sharex=True, squeeze=False)
    for ax, camp in zip(axes[:, 0], camps):
        g = daily[daily["campaign"] == camp].set_index("day")
        if zoom:
            g = g[(g.index >= p.window_start.tz_localize(None)) & (g.index < p.window_end.tz_localize(None))]
        if g.empty:
            ax.text(0.5, 0.5, "no data in the window", ha="center", transform=ax.transAxes)
        else:
            long = g[["all", *KINDS]].rolling(smooth if not zoom else 1, min_periods=1).mean()
            long = long.reset_index().melt("day", var_name="kind", value_name="tweets")
            sns.lineplot(data=long, x="day", y="tweets", hue="kind", ax=ax, linewidth=1.1,
                         hue_order=["all", *KINDS], legend=ax is axes[0, 0])
        _event_line(ax, p, label=ax is axes[0, 0])
        ax.set_title(camp, loc="left")
        ax.set_ylabel("tweets / day" + ("" if zoom else f" ({smooth}-day mean)"))
    axes[-1, 0].set_xlabel("UTC day")
    # concise dates: a year, a month or a day only where it changes, never overlapping
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    axes[-1, 0].xaxis.set_major_locator(locator)
    axes[-1, 0].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if axes[0, 0].get_legend():
        sns.move_legend(axes[0, 0], "upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    fig.suptitle(("Daily volume in the event window" if zoom else "Daily volume per campaign"), y=1.02)
    fig.tight_layout()
    return fig


def its_fit_figure(daily: pd.DataFrame, its: pd.DataFrame, p: TimingParams) -> plt.Figure | None:
    """Observed daily counts in the window with the fitted segmented trend
    (day-of-week averaged) and the pre-event trend carried forward
    (counterfactual), for campaigns where the model was fitted."""

    fitted = its.dropna(subset=["estimate"])
    camps = list(dict.fromkeys(fitted["campaign"]))
    if not camps:
        return None
    fig, axes = plt.subplots(len(camps), 1, figsize=(11, 2.8 * len(camps) + 0.4), squeeze=False)
    for ax, camp in zip(axes[:, 0], camps):
        c = its_curves(window_series(daily, camp, p), p.event_date)
        after = c["after"] == 1
        ax.plot(c["day"], c["count"], "o", ms=3, color="0.45", label="observed")
        ax.plot(c["day"], c["trend"], color="#1f77b4", lw=2, label="fitted trend (NB, weekday-averaged)")
        ax.plot(c["day"][after], c["counterfactual"][after], color="#1f77b4", lw=1.5, ls=":",
                label="pre-event trend continued")
        _event_line(ax, p)
        lv = fitted[(fitted["campaign"] == camp) & (fitted["term"] == "level_change")].iloc[0]
        ax.set_title(f"{camp}: level x{lv.rate_ratio:.2f} (95% CI {lv.rr_ci_low:.2f}-{lv.rr_ci_high:.2f})",
                     loc="left")
        ax.set_ylabel("tweets / day")
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
    axes[0, 0].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    fig.suptitle("Interrupted time series around the event", y=1.02)
    fig.tight_layout()
    return fig


def placebo_figure(placebos: pd.DataFrame, its: pd.DataFrame) -> plt.Figure | None:
    """Level changes at placebo dates beside the real one, per campaign."""
    if placebos.empty:
        return None
    fig, ax = plt.subplots(figsize=(8, 0.9 * placebos["campaign"].nunique() + 1.6))
    # no jitter: it is random, and figures must be reproducible byte for byte
    sns.stripplot(data=placebos, x="level_change", y="campaign", color="0.5", alpha=0.7, ax=ax, jitter=False)
    real = its[its["term"] == "level_change"].dropna(subset=["estimate"])
    real = real[real["campaign"].isin(placebos["campaign"])]
    order = list(dict.fromkeys(placebos["campaign"]))
    for r in real.itertuples():
        y = order.index(r.campaign)
        ax.errorbar(r.estimate, y, xerr=[[r.estimate - r.ci_low], [r.ci_high - r.estimate]], fmt="D",
                    color="#c0392b", capsize=4, label="at the event (95% CI)" if y == 0 else None)
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_xlabel("log level change (placebo dates in grey)")
    ax.set_ylabel("")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)  # never over a campaign's point
    ax.set_title("Level change at the event vs placebo dates before it", loc="left")
    fig.tight_layout()
    return fig


def hour_weekday_heatmap(hw: pd.DataFrame, tz: str | pd.DataFrame) -> plt.Figure:
    """Share of tweets by local hour and weekday, per campaign."""
    camps = list(dict.fromkeys(hw["campaign"]))
    zone = zone_of(tz)
    fig, axes = plt.subplots(1, len(camps), figsize=(5.2 * len(camps), 3.4), squeeze=False)
    for ax, camp in zip(axes[0], camps):
        m = (hw[hw["campaign"] == camp].pivot_table(index="weekday", columns="hour", values="share", fill_value=0)
             .reindex(index=range(7), columns=range(24), fill_value=0))
        sns.heatmap(m * 100, ax=ax, cmap="rocket_r", cbar_kws={"label": "% of tweets"},
                    yticklabels=WEEKDAYS, xticklabels=2)
        ax.tick_params(axis="y", rotation=0)  # weekday names side by side read as one word
        ax.set_title(camp, loc="left", fontsize=10)
        ax.set_xlabel(f"hour ({zone[camp] if isinstance(zone, dict) else zone})")
        ax.set_ylabel("")
    fig.suptitle("When tweets were posted, in each campaign's local time", y=1.04)
    fig.tight_layout()
    return fig


def creation_figure(wc: pd.DataFrame, p: TimingParams) -> plt.Figure:
    """Accounts created per week, bursts highlighted, per campaign."""
    camps = list(dict.fromkeys(wc["campaign"]))
    fig, axes = plt.subplots(len(camps), 1, figsize=(11, 2.2 * len(camps) + 0.5), sharex=True, squeeze=False)
    for ax, camp in zip(axes[:, 0], camps):
        g = wc[wc["campaign"] == camp]
        # weekly counts as a filled step (bars of one week are hairlines over years); bursts as red dots
        ax.fill_between(g["week"], g["created"], step="post", color="0.6", lw=0, label="accounts created")
        ax.plot(g["week"], g["expected"], color="#1f77b4", lw=1, label="expected")
        b = g[g["burst"]]
        ax.scatter(b["week"], b["created"], color="#c0392b", s=40, zorder=3, label="burst")
        _event_line(ax, p, label=False)
        for r in g[g["burst"]].itertuples():
            ax.annotate(f"{r.week:%Y-%m-%d}: {r.created}", (r.week, r.created), xytext=(3, 2),
                        textcoords="offset points", fontsize=8, color="#c0392b")
        ax.set_title(camp, loc="left")
        ax.set_ylabel("accounts / week")
    axes[0, 0].legend(loc="upper left", frameon=False)
    fig.suptitle("Account creation per week (bursts in red, Bonferroni-corrected Poisson test)", y=1.02)
    fig.tight_layout()
    return fig


def lifecycle_figure(lc: pd.DataFrame, p: TimingParams, max_accounts: int = 400, seed: int = 0) -> plt.Figure:
    """One horizontal line per account from first to last tweet, ordered by
    first tweet; at most ``max_accounts`` per campaign (seeded sample)."""
    camps = list(dict.fromkeys(lc["campaign"]))
    fig, axes = plt.subplots(1, len(camps), figsize=(5.2 * len(camps), 4.8), squeeze=False, sharex=True)
    for ax, camp in zip(axes[0], camps):
        g = lc[lc["campaign"] == camp]
        if len(g) > max_accounts:
            g = g.sample(max_accounts, random_state=seed).sort_values(["first_tweet_time", "userid"])
        y = np.arange(len(g))
        ax.hlines(y, g["first_tweet_time"].dt.tz_localize(None), g["last_tweet_time"].dt.tz_localize(None),
                  color="0.35", lw=0.7)
        _event_line(ax, p, label=False)
        ax.set_title(f"{camp} ({len(g)} accounts)", loc="left", fontsize=10)
        ax.set_yticks([])
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
        ax.tick_params(axis="x", rotation=45)
    axes[0, 0].set_ylabel("accounts, by first tweet")
    fig.suptitle("Account lifecycles: first to last tweet (event dashed)", y=1.02)
    fig.tight_layout()
    return fig


def silence_figure(accounts: pd.DataFrame, p: TimingParams) -> plt.Figure:
    """When accounts fell silent (last tweet) relative to the event."""
    a = accounts[accounts["n_tweets"] > 0].copy()
    a["days"] = (a["last_tweet_time"] - p.event_date).dt.total_seconds() / 86400
    fig, ax = plt.subplots(figsize=(8, 3.6))
    sns.ecdfplot(data=a, x="days", hue="campaign", ax=ax)
    ax.axvline(0, **EVENT_STYLE)
    ax.set_xlabel("last tweet, days from the event (negative = fell silent before it)")
    ax.set_ylabel("share of accounts")
    ax.set_title("When accounts fell silent (last tweet as a proxy for suspension)", loc="left")
    fig.tight_layout()
    return fig


def latency_figure(lat: pd.DataFrame) -> plt.Figure | None:
    """Distribution of retweet latency (seconds, log scale) per campaign."""
    if lat.empty:
        return None
    d = lat[lat["latency_s"] > 0]
    fig, ax = plt.subplots(figsize=(8, 3.6))
    sns.ecdfplot(data=d, x="latency_s", hue="campaign", ax=ax, log_scale=True)
    for x, lab in ((60, "1 min"), (3600, "1 h"), (86400, "1 day")):
        ax.axvline(x, color="0.6", lw=0.8, ls=":")
        ax.text(x, 0.02, lab, fontsize=8, color="0.4")
    ax.set_xlabel("seconds from original tweet to retweet (from snowflake ids)")
    ax.set_ylabel("share of retweets")
    ax.set_title("Retweet latency", loc="left")
    fig.tight_layout()
    return fig
