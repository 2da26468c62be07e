"""A seeded synthetic release in the archive's exact format, with planted signals.

The real archive cannot be redistributed, so the project ships this instead. It
imitates the 31 January 2019 release (a large Spanish "domestic" campaign, a
smaller English one) and adds a control set of ordinary accounts, from July
2018 to a few weeks after the 23 January 2019 event. It plants, and writes down
in ``ground_truth/``:

- an activity shift at the event date (level ratio and slope change);
- six themes in Spanish and English whose mix changes after the event;
- coordinated groups hidden among organic accounts, each with known behaviours
  (fast co-retweets, identical texts, near-identical texts, shared URLs,
  identical hashtag sequences, synchronized bursts, a creation batch, a shared
  automation client);

while organic accounts share popular retweets, hashtags and links by chance.
Everything it writes is marked synthetic: file names start with
``synthetic_``, the folder holds ``SYNTHETIC_DATA.txt`` and a README, and the
reader exposes ``Dataset.is_synthetic``.

The same config (seed included) gives byte-identical files.
"""

from __future__ import annotations

import csv
import hashlib
import json
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..schema import SNOWFLAKE_EPOCH_MS, TWEET_COLUMNS, USER_COLUMNS
from . import vocab

GENERATOR_VERSION = "1"
RENDER_CHUNK = 200_000
LABEL_COLUMNS = ["tweetid", "userid", "campaign", "theme", "language", "kind", "group_id", "event_id",
                 "behaviour"]
EVENT_DATE = "2019-01-23"
LOCAL_TZ = "America/Caracas"
DAY_MS = 86_400_000


# --------------------------------------------------------------------------- config


@dataclass
class CampaignSpec:
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
    group_id: str
    campaign: str
    behaviours: list[str]
    size: int
    events: int
    window_seconds: int  # members act within this many seconds of each other


def default_groups() -> list[GroupSpec]:
    return [
        GroupSpec("G1_fast_coretweet", "venezuela_201901_1", ["co_retweet", "fast_retweet"], 12, 30, 30),
        GroupSpec("G2_identical_text", "venezuela_201901_1", ["co_tweet", "co_url"], 10, 25, 180),
        GroupSpec("G3_near_duplicate", "venezuela_201901_1", ["near_duplicate_text"], 10, 25, 600),
        GroupSpec("G4_shared_url", "venezuela_201901_2", ["co_url", "co_domain"], 8, 30, 1800),
        GroupSpec("G5_hashtag_sequence", "venezuela_201901_1", ["hashtag_sequence", "co_hashtag"], 10, 25, 3600),
        GroupSpec("G6_sync_bursts", "venezuela_201901_1", ["synchronized_activity"], 10, 40, 1800),
        GroupSpec("G7_creation_batch", "venezuela_201901_1", ["creation_batch"], 15, 0, 86400),
        GroupSpec("G8_shared_client", "venezuela_201901_1", ["shared_client"], 8, 0, 0),
    ]


@dataclass
class SyntheticConfig:
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


# --------------------------------------------------------------------------- helpers


def _ms(ts: str) -> int:
    return int(pd.Timestamp(ts, tz="UTC").value // 1_000_000)


def _fmt_minutes(ms: np.ndarray) -> np.ndarray:
    """Archive time format: UTC to the minute, ``2018-11-02 14:05``."""
    return pd.to_datetime(ms, unit="ms", utc=True).strftime("%Y-%m-%d %H:%M").to_numpy(dtype=object)


def _snowflakes(ms: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Unique snowflake ids whose decoded time is exactly ``ms``."""
    ms = np.asarray(ms, dtype=np.int64)
    worker = rng.integers(0, 1024, size=len(ms), dtype=np.int64)
    order = np.lexsort((worker, ms))
    seq = np.zeros(len(ms), dtype=np.int64)
    # Same millisecond and worker: number them so ids never collide.
    key = ms[order] * 1024 + worker[order]
    if len(key):
        starts = np.r_[True, key[1:] != key[:-1]]
        idx = np.arange(len(key))
        run_start = np.maximum.accumulate(np.where(starts, idx, 0))
        seq[order] = idx - run_start
    return ((ms - SNOWFLAKE_EPOCH_MS) << 22) | (worker << 12) | (seq & 4095)


def _hash_id(seed: int, *parts: Any) -> str:
    # 64 hex characters, like the 2018-2019 releases' hashed ids. Derived from
    # the generator's own counters: there is no real identity behind it.
    return hashlib.sha256(":".join(map(str, (seed, *parts))).encode()).hexdigest()


def _tco(rng: np.random.Generator) -> str:
    chars = string.ascii_letters + string.digits
    return "https://t.co/" + "".join(chars[i] for i in rng.integers(0, len(chars), 10))


def _py_list(items: list[str], empty: str) -> str:
    """List fields as the 2019 files write them: ``['a', 'b']``, ``[]`` or empty."""
    if not items:
        return empty
    return "[" + ", ".join(repr(str(i)) for i in items) + "]"


# --------------------------------------------------------------------------- accounts


def _make_accounts(cfg: SyntheticConfig, rng: np.random.Generator) -> pd.DataFrame:
    frames = []
    start_ms, event_ms = _ms(cfg.start), _ms(cfg.event_date)
    for ci, c in enumerate(cfg.campaigns):
        n = int(round(c.n_accounts * cfg.scale))
        # Creation: spread over years, most in the two years before the data.
        years = rng.choice(np.arange(2009, 2019), size=n,
                           p=np.array([1, 1, 2, 2, 3, 4, 6, 9, 14, 10], float) / 52)
        created = (pd.to_datetime(years.astype(str)) + pd.to_timedelta(rng.integers(0, 365, n), unit="D"))
        latest = pd.Timestamp(cfg.start) - pd.Timedelta(days=30)
        created = created.to_numpy(dtype="datetime64[ns]")
        # Drawn past the last allowed day: spread over the preceding year
        # (clipping would pile them on one day: a fake creation burst).
        late = created > latest.to_datetime64()
        created[late] = (latest - pd.to_timedelta(rng.integers(0, 365, late.sum()), unit="D")).to_numpy()
        if not c.is_control:
            # Two small creation batches of the campaign's own, beside the
            # planted batch group (listed in the truth as creation_batches).
            for _ in range(2):
                idx = rng.choice(n, size=3, replace=False)
                created[idx] = created[idx[0]]
        created = pd.DatetimeIndex(created)
        followers = np.floor(np.exp(rng.normal(5.0, 1.7, n))).astype(np.int64)
        following = np.floor(np.exp(rng.normal(5.6, 1.0, n))).astype(np.int64)
        weight = np.exp(rng.normal(0, 1.25, n))
        silent = rng.random(n) < (0.03 if not c.is_control else 0.0)
        weight[silent] = 0.0
        lang_other = "en" if c.language == "es" else "es"
        acct_lang = np.where(rng.random(n) < c.other_language_share, lang_other, c.language)
        end_ms = _ms(c.data_end) + DAY_MS - 1
        last_active = np.full(n, end_ms, dtype=np.int64)
        quit_ = rng.random(n) < c.attrition
        last_active[quit_] = rng.integers(start_ms + 30 * DAY_MS, event_ms + 10 * DAY_MS, quit_.sum())
        created_ms = created.values.astype("datetime64[ms]").astype(np.int64)
        first_active = np.maximum(start_ms, created_ms + DAY_MS)
        late = rng.random(n) < 0.15
        first_active[late] = rng.integers(start_ms, event_ms - 20 * DAY_MS, late.sum())
        auto = rng.random(n) < c.automation_share
        main_client = np.where(auto, rng.choice(vocab.CLIENTS_AUTOMATION, n),
                               rng.choice(vocab.CLIENTS_COMMON, n, p=[0.45, 0.25, 0.15, 0.08, 0.05, 0.02]))
        frames.append(pd.DataFrame({
            "campaign": c.name, "campaign_index": ci, "n_in_campaign": np.arange(n),
            "created": created.normalize(), "followers": followers, "following": following,
            "weight": weight, "lang": acct_lang, "first_active": first_active,
            "last_active": last_active, "main_client": main_client, "is_control": c.is_control,
        }))
    acc = pd.concat(frames, ignore_index=True)
    acc["group_id"] = ""
    acc["role"] = np.where(acc["is_control"], "control", "organic")
    # Planted groups: disjoint members, drawn from their campaign's active accounts.
    for g in cfg.groups:
        in_campaign = acc["campaign"] == g.campaign
        # Operators keep their accounts busy: members come from the more active half.
        busy = acc["weight"] >= acc.loc[in_campaign, "weight"].median()
        pool = acc.index[in_campaign & (acc["group_id"] == "") & busy
                         & (acc["last_active"] > _ms(cfg.event_date))]
        members = rng.choice(pool, size=g.size, replace=False)
        acc.loc[members, "group_id"] = g.group_id
        acc.loc[members, "role"] = "coordinated"
        acc.loc[members, "first_active"] = np.minimum(acc.loc[members, "first_active"], _ms(cfg.start) + 20 * DAY_MS)
        if "creation_batch" in g.behaviours:
            batch_day = pd.Timestamp(cfg.creation_batch_date)
            # Keep the planted batch day to the group alone.
            acc.loc[acc["created"] == batch_day, "created"] = batch_day - pd.Timedelta(days=1)
            acc.loc[members, "created"] = batch_day
            acc.loc[members, "followers"] = rng.integers(20, 400, g.size)
        if "shared_client" in g.behaviours:
            acc.loc[members, "main_client"] = vocab.PLANTED_CLIENT
    _name_accounts(acc, cfg, rng)
    return acc


def _name_accounts(acc: pd.DataFrame, cfg: SyntheticConfig, rng: np.random.Generator) -> None:
    n = len(acc)
    hashed = acc["followers"].to_numpy() < 5000
    created_ms = acc["created"].values.astype("datetime64[ms]").astype(np.int64)
    numeric = np.where(
        created_ms < _ms("2016-01-01"),
        rng.integers(10_000_000, 4_800_000_000, n),
        ((created_ms + rng.integers(0, DAY_MS, n) - SNOWFLAKE_EPOCH_MS) << 22) | rng.integers(0, 1 << 22, n))
    userid, display, screen = [], [], []
    for i in range(n):
        if hashed[i]:
            h = _hash_id(cfg.seed, "account", acc.at[i, "campaign"], acc.at[i, "n_in_campaign"])
            userid.append(h), display.append(h), screen.append(h)
        else:
            if rng.random() < 0.5:
                first = vocab.FIRST_NAMES[rng.integers(len(vocab.FIRST_NAMES))]
                last = vocab.LAST_NAMES[rng.integers(len(vocab.LAST_NAMES))]
                name = f"{first} {last}"
                handle = f"{first[:4]}{last[:5]}{rng.integers(10, 999)}"
            else:
                w = rng.choice(vocab.OUTLET_WORDS, 2, replace=False)
                name = f"{w[0]} {w[1]} {rng.integers(1, 99)}"
                handle = f"{w[0]}{w[1]}{rng.integers(1, 99)}"
            userid.append(str(int(numeric[i]))), display.append(name)
            screen.append(handle.encode("ascii", "ignore").decode()[:15])
    acc["userid"], acc["display_name"], acc["screen_name"], acc["hashed"] = userid, display, screen, hashed
    lang = acc["lang"].to_numpy()
    acc["location"] = [vocab.LOCATIONS[l][rng.integers(len(vocab.LOCATIONS[l]))] for l in lang]
    acc["description"] = [
        " | ".join(rng.choice(vocab.BIO_WORDS[l], size=int(rng.integers(0, 4)), replace=False)) for l in lang]
    acc["profile_url"] = [_tco(rng) if rng.random() < 0.3 else "" for _ in range(n)]


# --------------------------------------------------------------------------- schedule


def _daily_expected(cfg: SyntheticConfig, c: CampaignSpec, total: float) -> tuple[pd.DatetimeIndex, np.ndarray]:
    days = pd.date_range(cfg.start, c.data_end, freq="D")
    t = (days - pd.Timestamp(cfg.event_date)).days.to_numpy() / 30.0
    after = t >= 0
    log_rate = np.where(after, np.log(c.level_ratio) + (c.slope_pre + c.slope_change) * t, c.slope_pre * t)
    local_dow = days.day_of_week.to_numpy()
    rate = np.exp(log_rate) * np.where(local_dow >= 5, c.weekend_factor, 1.0)
    return days, rate / rate.sum() * total


def _local_times(day: pd.Timestamp, n: int, c: CampaignSpec, rng: np.random.Generator) -> np.ndarray:
    hours = rng.choice(24, size=n, p=np.asarray(c.hour_weights) / np.sum(c.hour_weights))
    secs = hours * 3600 + rng.integers(0, 3600, n)
    local = pd.Timestamp(day).tz_localize(None) + pd.to_timedelta(secs, unit="s")
    # Through the time-zone database: Caracas was UTC-4:30 until 2016-05-01.
    utc = pd.DatetimeIndex(local).tz_localize(c.tz, ambiguous="NaT", nonexistent="shift_forward").tz_convert("UTC")
    ms = utc.as_unit("ms").asi8 + rng.integers(0, 1000, n)
    return np.where(utc.isna(), (pd.Timestamp(day, tz="UTC").value // 1_000_000) + secs * 1000, ms)


def _organic_schedule(cfg: SyntheticConfig, acc: pd.DataFrame, rng: np.random.Generator,
                      n_organic: int) -> pd.DataFrame:
    parts = []
    event = pd.Timestamp(cfg.event_date)
    for ci, c in enumerate(cfg.campaigns):
        members = acc.index[acc["campaign"] == c.name].to_numpy()
        days, expected = _daily_expected(cfg, c, n_organic * c.tweet_share)
        p = cfg.dispersion / (cfg.dispersion + expected)
        counts = rng.negative_binomial(cfg.dispersion, p)
        w = acc.loc[members, "weight"].to_numpy()
        fa, la = acc.loc[members, "first_active"].to_numpy(), acc.loc[members, "last_active"].to_numpy()
        mix_pre, mix_post = np.asarray(c.theme_mix_pre), np.asarray(c.theme_mix_post)
        for day, n in zip(days, counts):
            if n == 0:
                continue
            d_ms = int(day.value // 1_000_000)
            active = (fa <= d_ms + DAY_MS) & (la >= d_ms) & (w > 0)
            if not active.any():
                continue
            ww = w * active
            who = members[rng.choice(len(members), size=n, p=ww / ww.sum())]
            ms = _local_times(day, n, c, rng)
            ms = np.clip(ms, acc.loc[who, "first_active"].to_numpy(), acc.loc[who, "last_active"].to_numpy())
            mix = mix_post if day >= event else mix_pre
            theme = rng.choice(len(vocab.THEMES), size=n, p=mix / mix.sum())
            kind = rng.choice(4, size=n, p=[1 - c.share_retweet - c.share_reply - c.share_quote,
                                            c.share_retweet, c.share_reply, c.share_quote])
            parts.append(pd.DataFrame({"acct": who, "ms": ms, "theme": theme, "kind": kind}))
    sched = pd.concat(parts, ignore_index=True)
    sched["coord"] = -1
    return sched


# --------------------------------------------------------------------------- texts


class TextMaker:
    """Renders tweets from the theme phrase banks (seeded by its generator)."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng

    def pick(self, seq: list[str]) -> str:
        return seq[int(self.rng.integers(len(seq)))]

    def body(self, theme: str, lang: str) -> str:
        r = self.rng
        parts = [self.pick(vocab.PHRASES[theme][lang])]
        # Phrases of one theme often come together: that co-occurrence is
        # what makes a theme a theme rather than ten unrelated slogans.
        if r.random() < 0.7:
            second = self.pick(vocab.PHRASES[theme][lang])
            if second != parts[0]:
                parts.append(second)
        if r.random() < 0.6:
            parts.append(self.pick(vocab.TAGLINES[theme][lang]))
        text = ". ".join(p[0].upper() + p[1:] for p in parts if p)
        opener, closer = self.pick(vocab.OPENERS[lang]), self.pick(vocab.CLOSERS[lang])
        # Line breaks inside quoted fields: 18% and 34% of the texts in the two
        # real samples of shared/realdata have one.
        if r.random() < 0.25:
            text = text.replace(". ", ".\n", 1)
        if r.random() < 0.03:
            text += ' "' + self.pick(vocab.PHRASES[theme][lang]).split()[0] + '", dicen &amp; repiten'
        return " ".join(x for x in (opener, text, closer) if x)

    def hashtags(self, theme: str, lang: str) -> list[str]:
        r = self.rng
        n = int(r.choice([0, 1, 1, 1, 2, 2, 3]))
        tags = []
        for _ in range(n):
            pool = vocab.THEME_HASHTAGS[theme][lang] if r.random() < 0.7 else vocab.POPULAR_HASHTAGS[lang]
            t = self.pick(pool)
            if t not in tags:
                tags.append(t)
        return tags

    def url(self, campaign: str) -> str:
        r = self.rng
        domains = vocab.CAMPAIGN_DOMAINS.get(campaign, []) if r.random() < 0.5 else vocab.POPULAR_DOMAINS
        domain = self.pick(domains or vocab.POPULAR_DOMAINS)
        return f"https://{domain}/{self.pick(vocab.URL_SLUGS)}/{int(r.integers(10_000, 9_999_999))}"


# --------------------------------------------------------------------------- generation


@dataclass
class _World:
    cfg: SyntheticConfig
    rng: np.random.Generator
    acc: pd.DataFrame
    influencers: pd.DataFrame
    sources: pd.DataFrame
    rows: tuple[list[dict], list[dict], list[dict]] | None = None


def _influencers(cfg: SyntheticConfig, rng: np.random.Generator) -> pd.DataFrame:
    """Big outside accounts whose tweets everyone retweets (not in the data)."""
    n = int(60 * cfg.scale)
    lang = np.where(rng.random(n) < 0.65, "es", "en")
    names = [f"{rng.choice(vocab.OUTLET_WORDS)}{rng.choice(vocab.OUTLET_WORDS)}{i}" for i in range(n)]
    ids = rng.integers(10_000_000, 3_000_000_000, n)
    return pd.DataFrame({"userid": ids.astype(str), "screen_name": names, "lang": lang,
                         "popularity": rng.pareto(1.2, n) + 1})


def _source_pool(cfg: SyntheticConfig, rng: np.random.Generator, infl: pd.DataFrame,
                 texts: TextMaker, n_sources: int) -> pd.DataFrame:
    start, end = _ms(cfg.start) - 3 * DAY_MS, max(_ms(c.data_end) for c in cfg.campaigns) + DAY_MS
    ms = np.sort(rng.integers(start, end, n_sources))
    author = rng.choice(len(infl), n_sources, p=infl["popularity"] / infl["popularity"].sum())
    lang = infl["lang"].to_numpy()[author]
    event = _ms(cfg.event_date)
    pre, post = (np.asarray(cfg.campaigns[0].theme_mix_pre), np.asarray(cfg.campaigns[0].theme_mix_post))
    theme = np.where(ms >= event, rng.choice(len(vocab.THEMES), n_sources, p=post / post.sum()),
                     rng.choice(len(vocab.THEMES), n_sources, p=pre / pre.sum()))
    # Zipf-like popularity: a few sources get most retweets (chance co-retweets).
    weight = (rng.pareto(1.1, n_sources) + 1) * infl["popularity"].to_numpy()[author]
    rows = []
    for i in range(n_sources):
        th, lg = vocab.THEMES[theme[i]], lang[i]
        tags = texts.hashtags(th, lg)
        urls = [texts.url("")] if rng.random() < 0.3 else []
        rows.append((texts.body(th, lg), tags, urls))
    pool = pd.DataFrame({"ms": ms, "author": author, "lang": lang, "theme": theme, "weight": weight})
    pool["text"], pool["hashtags"], pool["urls"] = zip(*rows) if rows else ([], [], [])
    pool["tweetid"] = _snowflakes(ms, rng).astype(str)
    return pool


def _pick_sources(sched_ms: np.ndarray, theme: np.ndarray, lang: np.ndarray, pool: pd.DataFrame,
                  rng: np.random.Generator) -> np.ndarray:
    """For each retweet, a source of the same theme and language posted in the
    three days before it, drawn by popularity; -1 when none exists."""
    out = np.full(len(sched_ms), -1, dtype=np.int64)
    for (lg, th), idx in pd.DataFrame({"lang": lang, "theme": theme}).groupby(["lang", "theme"]).indices.items():
        cand = pool.index[(pool["lang"] == lg) & (pool["theme"] == th)].to_numpy()
        if len(cand) == 0:
            continue
        cms = pool["ms"].to_numpy()[cand]
        cw = np.cumsum(pool["weight"].to_numpy()[cand])
        t = sched_ms[idx]
        lo = np.searchsorted(cms, t - 3 * DAY_MS)
        hi = np.searchsorted(cms, t - 30_000)
        ok = hi > lo
        base = np.where(lo > 0, cw[np.maximum(lo - 1, 0)], 0.0)
        target = base + rng.random(len(idx)) * (cw[np.maximum(hi - 1, 0)] - base)
        pick = np.clip(np.searchsorted(cw, target, side="left"), lo, np.maximum(hi - 1, lo))
        out[idx[ok]] = cand[pick[ok]]
    return out


def _coordination(world: _World, texts: TextMaker) -> tuple[pd.DataFrame, list[dict], list[dict]]:
    """Planted coordinated actions: schedule rows plus pre-rendered content."""
    cfg, rng, acc = world.cfg, world.rng, world.acc
    rows, content, events = [], [], []
    start, event_ms = _ms(cfg.start) + 25 * DAY_MS, _ms(cfg.event_date)
    camp_by_name = {c.name: c for c in cfg.campaigns}
    for g in cfg.groups:
        members = acc.index[acc["group_id"] == g.group_id].to_numpy()
        c = camp_by_name[g.campaign]
        end = min(_ms(c.data_end), int(acc.loc[members, "last_active"].min())) - DAY_MS
        n_events = int(round(g.events * cfg.scale))
        lang = c.language
        for e in range(n_events):
            # Working hours in the campaign's zone, on any day of the data.
            day = pd.Timestamp(int(rng.integers(start, end)) // DAY_MS * DAY_MS, unit="ms")
            t0 = int(_local_times(day, 1, c, rng)[0])
            theme_p = np.asarray(c.theme_mix_post if t0 >= event_ms else c.theme_mix_pre)
            theme = int(rng.choice(len(vocab.THEMES), p=theme_p / theme_p.sum()))
            th = vocab.THEMES[theme]
            eid = f"{g.group_id}-e{e:03d}"
            item: str = ""
            base_text = texts.body(th, lang)
            if "near_duplicate_text" in g.behaviours:
                # Long enough that a one-word edit leaves it a near duplicate.
                base_text += ". " + texts.pick(vocab.PHRASES[th][lang]).capitalize()
            url = f"https://{vocab.CAMPAIGN_DOMAINS[g.campaign][0]}/{texts.pick(vocab.URL_SLUGS)}/{eid.lower()}"
            seq = [str(x) for x in rng.choice(vocab.THEME_HASHTAGS[th][lang] + vocab.POPULAR_HASHTAGS[lang],
                                              size=int(rng.integers(3, 5)), replace=False)]
            src = None
            if "co_retweet" in g.behaviours:
                # The group amplifies one outside account's tweets within seconds.
                src = {"text": base_text, "hashtags": texts.hashtags(th, lang), "urls": [],
                       "tweetid": str(int(_snowflakes(np.array([t0 - 60_000]), rng)[0])),
                       "author": _hash_id(cfg.seed, "amplified", g.group_id)}
                item = src["tweetid"]
            elif "co_tweet" in g.behaviours:
                item = base_text
            elif "co_url" in g.behaviours:
                item = url
            elif "hashtag_sequence" in g.behaviours:
                item = " ".join(seq)
            took = []
            lag = 20_000 if src else 0  # the amplified tweet comes first
            for m in members:
                if rng.random() > 0.85:
                    continue
                reps = int(rng.integers(1, 4)) if "synchronized_activity" in g.behaviours else 1
                for _ in range(reps):
                    ms = t0 + lag + int(rng.integers(0, max(g.window_seconds, 1) * 1000))
                    rec: dict[str, Any] = {"theme": theme, "behaviour": "+".join(g.behaviours)}
                    if src:
                        rec.update(kind=1, source=src)
                    elif "co_tweet" in g.behaviours:
                        rec.update(kind=0, text=base_text, urls=[url], hashtags=[])
                    elif "near_duplicate_text" in g.behaviours:
                        words = base_text.split(" ")
                        pos = int(rng.integers(1, len(words) + 1))
                        words.insert(pos, texts.pick(vocab.NEAR_DUP_SWAPS[lang]))
                        if rng.random() < 0.5:
                            words.append(texts.pick(["🇻🇪", "!!", "👇", "✊"]))
                        rec.update(kind=0, text=" ".join(words), urls=[], hashtags=[])
                    elif "co_url" in g.behaviours:
                        rec.update(kind=0, text=texts.body(th, lang), urls=[url], hashtags=[])
                    elif "hashtag_sequence" in g.behaviours:
                        rec.update(kind=0, text=texts.body(th, lang), urls=[], hashtags=list(seq))
                    else:  # synchronized activity: ordinary content, shared timing
                        rec.update(kind=0, text=None, urls=None, hashtags=None)
                    rows.append({"acct": m, "ms": ms, "theme": theme, "kind": rec["kind"],
                                 "coord": len(content)})
                    rec.update(group_id=g.group_id, event_id=eid)
                    content.append(rec)
                    took.append(int(m))
            events.append({"group_id": g.group_id, "event_id": eid, "behaviours": g.behaviours,
                           "time_utc": str(pd.Timestamp(t0, unit="ms", tz="UTC")),
                           "window_seconds": g.window_seconds, "item": item,
                           "members": [acc.at[i, "userid"] for i in sorted(set(took))]})
    sched = pd.DataFrame(rows, columns=["acct", "ms", "theme", "kind", "coord"])
    return sched, content, events


def _render(world: _World, sched: pd.DataFrame, content: list[dict], texts: TextMaker,
            tweetids: np.ndarray) -> tuple[list[list[str]], list[dict]]:
    """Rows in archive column order, plus ground-truth labels per tweet."""
    cfg, rng, acc, infl, pool = world.cfg, world.rng, world.acc, world.influencers, world.sources
    times = _fmt_minutes(sched["ms"].to_numpy())
    acct = sched["acct"].to_numpy()
    same_campaign = {c: acc.index[acc["campaign"] == c].to_numpy() for c in acc["campaign"].unique()}
    out, labels = [], []
    created = acc["created"].dt.strftime("%Y-%m-%d").to_numpy()
    # Plain dicts, made once per release: pandas row access is too slow here.
    if world.rows is None:
        world.rows = (acc.to_dict("records"), pool.to_dict("records"), infl.to_dict("records"))
    acc_rows, pool_rows, infl_rows = world.rows
    for i, row in enumerate(sched.itertuples(index=False)):
        a = acc_rows[row.acct]
        lang = a["lang"] if rng.random() > 0.03 else ("en" if a["lang"] == "es" else "es")
        th = vocab.THEMES[row.theme]
        rec = content[row.coord] if row.coord >= 0 else None
        kind = row.kind
        client = a["main_client"] if (rng.random() < 0.85 or a["main_client"] == vocab.PLANTED_CLIENT) \
            else texts.pick(vocab.CLIENTS_COMMON)
        in_reply_user = in_reply_tweet = quoted = rt_user = rt_tweet = ""
        mentions: list[str] = []
        counts = ["0", "0", "0", "0"]
        empty_list = "" if rng.random() < 0.3 else "[]"
        if kind == 1:  # retweet
            if rec is not None:
                src = rec["source"]
                stext, stags, surls, sid, suser, sname = (src["text"], src["hashtags"], src["urls"],
                                                          src["tweetid"], src["author"], src["author"])
            else:
                s = pool_rows[row.source]
                inf = infl_rows[int(s["author"])]
                stext, stags, surls, sid, suser, sname = (s["text"], s["hashtags"], s["urls"], s["tweetid"],
                                                          inf["userid"], inf["screen_name"])
                th = vocab.THEMES[int(s["theme"])]
            body = stext + "".join(f" #{t}" for t in stags) + "".join(f" {_tco(rng)}" for _ in surls)
            text = (f"RT @{sname}: {body}")[:160]
            tags, urls, mentions = list(stags), list(surls), [suser]
            rt_user, rt_tweet = suser, sid
        else:
            if rec is not None and rec.get("text") is not None:
                body, tags, urls = rec["text"], rec["hashtags"], rec["urls"]
            else:
                body, tags = texts.body(th, lang), texts.hashtags(th, lang)
                urls = [texts.url(a["campaign"])] if rng.random() < 0.3 else []
            prefix = ""
            if kind == 2:  # reply, to an outside account or a fellow account
                if rng.random() < 0.6:
                    inf = infl_rows[int(rng.integers(len(infl_rows)))]
                    in_reply_user, handle = inf["userid"], inf["screen_name"]
                else:
                    other = acc_rows[int(rng.choice(same_campaign[a["campaign"]]))]
                    in_reply_user, handle = other["userid"], other["screen_name"]
                in_reply_tweet = str(int(_snowflakes(np.array([row.ms - int(rng.integers(60_000, 7 * DAY_MS))]),
                                                     rng)[0]))
                prefix, mentions = f"@{handle} ", [in_reply_user]
            elif rec is None and rng.random() < 0.12:  # a mention inside an original tweet
                inf = infl_rows[int(rng.integers(len(infl_rows)))]
                body, mentions = f"{body} @{inf['screen_name']}", [inf["userid"]]
            text = prefix + body + "".join(f" #{t}" for t in tags) + "".join(f" {_tco(rng)}" for _ in urls)
            if kind == 3:  # quote: the quoted tweet's link ends the text
                quoted = pool_rows[int(rng.integers(len(pool_rows)))]["tweetid"]
                text += f" {_tco(rng)}"
            likes = int(rng.negative_binomial(1, 1 / (1 + 0.01 * a["followers"] ** 0.7 + 0.2)))
            counts = [str(int(rng.binomial(likes, 0.05))), str(int(rng.binomial(likes, 0.15))), str(likes),
                      str(int(rng.binomial(likes, 0.4)))]
        out.append([
            tweetids[i], a["userid"], a["display_name"], a["screen_name"], a["location"], a["description"],
            a["profile_url"], str(a["followers"]), str(a["following"]), created[row.acct], a["lang"], lang,
            text, times[i], client, in_reply_user, in_reply_tweet, quoted, "true" if kind == 1 else "false",
            rt_user, rt_tweet, "absent", "absent", *counts,
            _py_list(tags, empty_list), _py_list(urls, empty_list), _py_list(mentions, empty_list), "",
        ])
        labels.append({"tweetid": tweetids[i], "userid": a["userid"], "campaign": a["campaign"],
                       "theme": th, "language": lang,
                       "kind": ("original", "retweet", "reply", "quote")[kind],
                       "group_id": rec["group_id"] if rec else "", "event_id": rec["event_id"] if rec else "",
                       "behaviour": rec["behaviour"] if rec else ""})
    return out, labels


def _write_csv(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> None:
    # The 2019 release quotes every field and ends lines with \n.
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


README_TEXT = """# SYNTHETIC DATA: not a real release

Every file in this folder was made by `infoops.synthetic` (seed {seed},
generator version {version}). No row describes a real account or a real tweet;
ids, hashes, names, handles, domains and texts are invented. It imitates the
format of Twitter's 31 January 2019 information-operations release so that the
notebooks can be shown and tested, with signals planted on purpose and written
down in `ground_truth/`.

Do not cite anything computed from these files as a finding about Venezuela,
Twitter or any account.

Campaigns: {campaigns}.
Tweets: {n_tweets:,}. Accounts: {n_accounts:,}. Event date planted: {event}.
"""


def generate_release(out_dir: str | Path, cfg: SyntheticConfig | None = None) -> dict[str, Any]:
    """Write a synthetic release folder and its ground truth; return the truth."""
    cfg = cfg or SyntheticConfig()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "ground_truth").mkdir(exist_ok=True)
    rng = np.random.default_rng(cfg.seed)
    texts = TextMaker(rng)
    acc = _make_accounts(cfg, rng)
    infl = _influencers(cfg, rng)

    world = _World(cfg, rng, acc, infl, pd.DataFrame())
    coord, content, events = _coordination(world, texts)
    coord["source"] = -1
    # Organic volume fills the rest, so the release has about n_tweets rows.
    organic = _organic_schedule(cfg, acc, rng, cfg.n_tweets - len(coord))
    rt_mask = organic["kind"].to_numpy() == 1
    world.sources = pool = _source_pool(cfg, rng, infl, texts, max(300, int(rt_mask.sum() / 6)))
    lang_of = acc["lang"].to_numpy()[organic["acct"].to_numpy()]
    src = _pick_sources(organic["ms"].to_numpy(), organic["theme"].to_numpy(), lang_of, pool, rng)
    organic["source"] = np.where(rt_mask, src, -1)
    organic.loc[rt_mask & (src < 0), "kind"] = 0  # no source in range: post instead
    sched = pd.concat([organic, coord], ignore_index=True)
    # Per-account dumps, each in time order, as the suspended-account files are.
    sched = sched.sort_values(["acct", "ms"], kind="stable").reset_index(drop=True)
    tweetids = _snowflakes(sched["ms"].to_numpy(), rng).astype(str)

    # Rendered and written a chunk at a time, so a 10M-tweet release never
    # holds all its rows in memory. Rows are rendered in schedule order either
    # way, so the bytes do not depend on the chunk size.
    files: list[str] = []
    counts: dict[str, int] = {}
    camp_of_row = acc["campaign"].to_numpy()[sched["acct"].to_numpy()]
    with open(out / "ground_truth" / "tweet_labels.csv", "w", newline="", encoding="utf-8") as lf:
        labels_out = csv.writer(lf, lineterminator="\n")
        labels_out.writerow(LABEL_COLUMNS)
        for c in cfg.campaigns:
            users = acc[acc["campaign"] == c.name]
            user_rows = [[u.userid, u.display_name, u.screen_name, u.location, u.description, u.profile_url,
                          str(u.followers), str(u.following), u.created.strftime("%Y-%m-%d"), u.lang]
                         for u in users.itertuples()]
            name = f"synthetic_{c.users_file}"
            _write_csv(out / name, USER_COLUMNS, user_rows)
            files.append(name)
            idx = np.flatnonzero(camp_of_row == c.name)
            counts[c.name] = len(idx)
            for k, part in enumerate(np.array_split(idx, len(c.tweets_files))):
                name = f"synthetic_{c.tweets_files[k]}"
                with open(out / name, "w", newline="", encoding="utf-8") as fh:
                    w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n")
                    w.writerow(TWEET_COLUMNS)
                    for start in range(0, len(part), RENDER_CHUNK):
                        sl = part[start:start + RENDER_CHUNK]
                        rows, labels = _render(world, sched.iloc[sl], content, texts, tweetids[sl])
                        w.writerows(rows)
                        labels_out.writerows([lab[col] for col in LABEL_COLUMNS] for lab in labels)
                files.append(name)

    truth = _truth(cfg, acc, counts, events, files)
    (out / "ground_truth" / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n")
    acc_out = acc.assign(created=acc["created"].dt.strftime("%Y-%m-%d"),
                         first_active=pd.to_datetime(acc["first_active"], unit="ms", utc=True).dt.strftime("%Y-%m-%d"),
                         last_active=pd.to_datetime(acc["last_active"], unit="ms", utc=True).dt.strftime("%Y-%m-%d"))
    acc_out[["userid", "campaign", "role", "group_id", "hashed", "created", "first_active", "last_active",
             "main_client", "lang", "followers"]].to_csv(
        out / "ground_truth" / "accounts.csv", index=False, lineterminator="\n")
    (out / "SYNTHETIC_DATA.txt").write_text(
        "This folder holds SYNTHETIC data made by infoops.synthetic; it describes no real account.\n")
    (out / "README.md").write_text(README_TEXT.format(
        seed=cfg.seed, version=GENERATOR_VERSION, campaigns=", ".join(f"synthetic_{c.name}" for c in cfg.campaigns),
        n_tweets=sum(counts.values()), n_accounts=len(acc), event=cfg.event_date))
    return truth


def _truth(cfg: SyntheticConfig, acc: pd.DataFrame, counts: dict[str, int], events: list[dict],
           files: list[str]) -> dict[str, Any]:
    camps = {}
    for c in cfg.campaigns:
        camps[f"synthetic_{c.name}"] = {
            "role": "control" if c.is_control else "campaign",
            "language": c.language, "accounts": int((acc["campaign"] == c.name).sum()),
            "tweets": int(counts[c.name]), "data_end": c.data_end,
            "timing": {"event_date": cfg.event_date, "level_ratio": c.level_ratio,
                       "log_level_change": round(float(np.log(c.level_ratio)), 6),
                       "slope_pre_per_30d": c.slope_pre, "slope_change_per_30d": c.slope_change,
                       "weekend_factor": c.weekend_factor, "local_time_zone": c.tz},
            "themes": {"names": list(vocab.THEMES), "mix_before_event": c.theme_mix_pre,
                       "mix_after_event": c.theme_mix_post},
        }
    groups = []
    for g in cfg.groups:
        members = acc[acc["group_id"] == g.group_id]
        groups.append({"group_id": g.group_id, "campaign": f"synthetic_{g.campaign}",
                       "behaviours": g.behaviours, "window_seconds": g.window_seconds,
                       "members": sorted(members["userid"]),
                       "events": sum(e["group_id"] == g.group_id for e in events)})
    batches = (acc[acc["role"] != "control"].groupby(["campaign", "created"])["userid"]
               .agg(list).loc[lambda s: s.map(len) >= 3])
    return {
        "synthetic": True,
        "generator_version": GENERATOR_VERSION,
        "config": {"seed": cfg.seed, "n_tweets": cfg.n_tweets, "start": cfg.start,
                   "event_date": cfg.event_date, "scale": cfg.scale},
        "files": files,
        "campaigns": camps,
        "planted_groups": groups,
        "coordination_events": events,
        "creation_batches": [{"campaign": f"synthetic_{c}", "date": d.strftime("%Y-%m-%d"), "members": sorted(m)}
                             for (c, d), m in batches.items()],
        "shared_client": vocab.PLANTED_CLIENT,
    }

