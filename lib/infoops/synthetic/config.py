"""What a synthetic release looks like: campaigns, planted groups and the
seeded configuration."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

GENERATOR_VERSION = "3"


RENDER_CHUNK = 200_000


LABEL_COLUMNS = ["tweetid", "userid", "campaign", "theme", "language", "kind", "group_id", "event_id",
                 "behaviour"]


EVENT_DATE = "2019-01-23"


LOCAL_TZ = "America/Caracas"


DAY_MS = 86_400_000


@dataclass
class CampaignSpec:
    """One synthetic campaign: file names, language, size, rhythm and planted shift."""
    name: str  # real-release name; files get the synthetic_ prefix
    users_file: str
    tweets_files: list[str]
    language: str  # main language, "es" or "en"
    other_language_share: float
    n_accounts: int
    tweet_share: float
    level_ratio: float  # volume just after / just before the event
    slope_pre: float  # log-volume change per 30 days before the event
    slope_change: float  # added to the slope after the event
    data_end: str  # last day with tweets (suspension)
    hour_weights: list[float]  # local-time hour profile, weekdays
    weekend_factor: float
    tz: str
    theme_mix_pre: list[float]
    theme_mix_post: list[float]
    share_retweet: float
    share_reply: float
    share_quote: float
    automation_share: float  # accounts whose main client is an automation app
    attrition: float  # share of accounts going silent before data_end
    is_control: bool = False


def _hours(peaks: list[tuple[int, int, float]], floor: float) -> list[float]:
    w = np.full(24, floor)
    for start, end, value in peaks:
        w[start:end] = value
    return list(np.round(w / w.sum(), 6))


def default_campaigns() -> list[CampaignSpec]:
    """The campaigns of the default release (two Venezuelan sets and a control set)."""
    return [
        CampaignSpec(
            name="venezuela_201901_1", users_file="venezuela_201901_1_users_csv_hashed.csv",
            tweets_files=["venezuela_201901_1_tweets_csv_hashed_1.csv",
                          "venezuela_201901_1_tweets_csv_hashed_2.csv"],
            language="es", other_language_share=0.03, n_accounts=420, tweet_share=0.60,
            level_ratio=1.8, slope_pre=0.05, slope_change=-0.25, data_end="2019-02-15",
            # Office hours in Caracas, a lunch dip, little at night.
            hour_weights=_hours([(8, 12, 8.0), (12, 13, 4.0), (13, 18, 8.0), (18, 21, 3.0)], 0.4),
            weekend_factor=0.45, tz=LOCAL_TZ,
            theme_mix_pre=[0.24, 0.10, 0.26, 0.15, 0.03, 0.22],
            theme_mix_post=[0.14, 0.34, 0.12, 0.13, 0.20, 0.07],
            share_retweet=0.42, share_reply=0.07, share_quote=0.03, automation_share=0.25,
            attrition=0.12),
        CampaignSpec(
            name="venezuela_201901_2", users_file="venezuela_201901_2_users_csv_hashed.csv",
            tweets_files=["venezuela_linked_tweets_csv_hashed.csv"],
            language="en", other_language_share=0.02, n_accounts=140, tweet_share=0.17,
            level_ratio=1.6, slope_pre=0.0, slope_change=0.0, data_end="2019-02-10",
            hour_weights=_hours([(9, 23, 5.0)], 1.0), weekend_factor=0.85, tz="America/New_York",
            theme_mix_pre=[0.28, 0.14, 0.16, 0.14, 0.03, 0.25],
            theme_mix_post=[0.18, 0.36, 0.08, 0.12, 0.18, 0.08],
            share_retweet=0.35, share_reply=0.06, share_quote=0.04, automation_share=0.15,
            attrition=0.10),
        CampaignSpec(
            name="control_201901", users_file="control_201901_users_csv_hashed.csv",
            tweets_files=["control_201901_tweets_csv_hashed.csv"],
            language="es", other_language_share=0.25, n_accounts=300, tweet_share=0.23,
            level_ratio=1.0, slope_pre=0.0, slope_change=0.0, data_end="2019-02-20",
            # Ordinary users: evenings and weekends.
            hour_weights=_hours([(7, 9, 3.0), (12, 14, 4.0), (18, 24, 6.0), (0, 1, 3.0)], 1.5),
            weekend_factor=1.15, tz=LOCAL_TZ,
            theme_mix_pre=[0.10, 0.05, 0.06, 0.05, 0.02, 0.72],
            theme_mix_post=[0.10, 0.08, 0.05, 0.05, 0.04, 0.68],
            share_retweet=0.30, share_reply=0.12, share_quote=0.03, automation_share=0.03,
            attrition=0.05, is_control=True),
    ]


@dataclass
class GroupSpec:
    """One planted coordinated group: campaign, size and behaviours."""
    group_id: str
    campaign: str
    behaviours: list[str]
    size: int
    events: int
    window_seconds: int  # members act within this many seconds of each other
    role: str = "coordinated"  # or "decoy": ordinary accounts that look alike by chance


def default_groups() -> list[GroupSpec]:
    """The coordinated groups planted in the default release: eight plain ones,
    four harder ones (co-retweets diluted in ordinary activity, rare links
    shared days apart, a few bursts in quiet night hours, the same messages
    in other words) and a decoy group
    of ordinary accounts retweeting the same viral tweets hours apart."""
    return [
        GroupSpec("G1_fast_coretweet", "venezuela_201901_1", ["co_retweet", "fast_retweet"], 12, 30, 30),
        GroupSpec("G2_identical_text", "venezuela_201901_1", ["co_tweet", "co_url"], 10, 25, 180),
        GroupSpec("G3_near_duplicate", "venezuela_201901_1", ["near_duplicate_text"], 10, 25, 600),
        GroupSpec("G4_shared_url", "venezuela_201901_2", ["co_url", "co_domain"], 8, 30, 1800),
        GroupSpec("G5_hashtag_sequence", "venezuela_201901_1", ["hashtag_sequence", "co_hashtag"], 10, 25, 3600),
        GroupSpec("G6_sync_bursts", "venezuela_201901_1", ["synchronized_activity"], 10, 40, 1800),
        GroupSpec("G7_creation_batch", "venezuela_201901_1", ["creation_batch"], 15, 0, 86400),
        GroupSpec("G8_shared_client", "venezuela_201901_1", ["shared_client"], 8, 0, 0),
        GroupSpec("G9_diluted_coretweet", "venezuela_201901_1", ["diluted_coretweet"], 10, 10, 45),
        GroupSpec("G10_rare_url_days_apart", "venezuela_201901_2", ["co_url_any"], 8, 10, 3 * 86400),
        GroupSpec("G11_sparse_night_bursts", "venezuela_201901_1", ["sparse_bursts"], 8, 10, 600),
        GroupSpec("G12_paraphrase", "venezuela_201901_2", ["paraphrase"], 8, 12, 1800),
        GroupSpec("D1_viral_retweet_decoys", "venezuela_201901_1", ["viral_retweets"], 20, 15, 8 * 3600,
                  role="decoy"),
    ]


@dataclass
class SyntheticConfig:
    """Everything that decides a synthetic release (seed included)."""
    seed: int = 20190123
    n_tweets: int = 36_000
    start: str = "2018-07-01"
    event_date: str = EVENT_DATE
    campaigns: list[CampaignSpec] = field(default_factory=default_campaigns)
    groups: list[GroupSpec] = field(default_factory=default_groups)
    dispersion: float = 25.0  # negative-binomial size of daily counts (smaller = noisier)
    creation_batch_date: str = "2018-03-14"

    @property
    def scale(self) -> float:
        """Accounts and coordination events grow with the square root of size."""
        return max(1.0, (self.n_tweets / 36_000) ** 0.5)
