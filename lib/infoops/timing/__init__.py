"""Timing of activity around an event date: the analysis behind notebook 01.

Every function takes the reader's tidy tables (or tables made from them) and
returns a DataFrame. Claims about change at the event come with a baseline or
an interval; coverage comes first. Figures are in :mod:`infoops.timing.figures`.
"""

from .accounts import (
    MIN_CREATION_ACCOUNTS,
    MIN_CREATION_WEEKS,
    creation_days,
    creation_note,
    lifecycles,
    silence,
    weekly_creation,
)
from .its import (
    change_points,
    change_points_all,
    its_by_campaign,
    its_curves,
    its_fit,
    placebo_level_changes,
    placebo_summary,
    placebos_all,
)
from .latency import latency_summary, retweet_latency, snowflake_ms
from .params import KINDS, TIMING_COLUMNS, TimingParams, check_params, event_time, tweet_kind
from .rhythm import hour_weekday, second_of_minute, working_hours_share
from .summary import level_change_words, summary_table
from .volume import MIN_DAYS_EACH_SIDE, MIN_TWEETS_EACH_SIDE, coverage, coverage_note, daily_counts, window_series
from .zones import CAMPAIGN_TIME_ZONES, FALLBACK, campaign_time_zones, local_times, parse_local_tz, zone_of

__all__ = ["CAMPAIGN_TIME_ZONES", "FALLBACK", "KINDS", "MIN_CREATION_ACCOUNTS", "MIN_CREATION_WEEKS", "MIN_DAYS_EACH_SIDE", "MIN_TWEETS_EACH_SIDE", "TIMING_COLUMNS", "TimingParams", "campaign_time_zones", "change_points", "change_points_all", "check_params", "coverage", "coverage_note", "creation_days", "creation_note", "daily_counts", "event_time", "hour_weekday", "its_by_campaign", "its_curves", "its_fit", "latency_summary", "level_change_words", "lifecycles", "local_times", "parse_local_tz", "placebo_level_changes", "placebo_summary", "placebos_all", "retweet_latency", "second_of_minute", "silence", "snowflake_ms", "summary_table", "tweet_kind", "weekly_creation", "window_series", "working_hours_share", "zone_of"]
