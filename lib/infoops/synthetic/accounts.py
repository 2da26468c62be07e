"""Synthetic accounts and the organic schedule of their tweets."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..archive.schema import SNOWFLAKE_EPOCH_MS
from . import vocab
from .config import DAY_MS, CampaignSpec, SyntheticConfig
from .encoding import hash_id, tco, to_ms


def make_accounts(cfg: SyntheticConfig, rng: np.random.Generator) -> pd.DataFrame:
    """Every synthetic account: campaign, role, group, creation date, followers, language, client."""
    frames = []
    start_ms, event_ms = to_ms(cfg.start), to_ms(cfg.event_date)
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
        end_ms = to_ms(c.data_end) + DAY_MS - 1
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
                         & (acc["last_active"] > to_ms(cfg.event_date))]
        members = rng.choice(pool, size=g.size, replace=False)
        acc.loc[members, "group_id"] = g.group_id
        acc.loc[members, "role"] = g.role
        acc.loc[members, "first_active"] = np.minimum(acc.loc[members, "first_active"], to_ms(cfg.start) + 20 * DAY_MS)
        if "creation_batch" in g.behaviours:
            batch_day = pd.Timestamp(cfg.creation_batch_date)
            # Keep the planted batch day to the group alone.
            acc.loc[acc["created"] == batch_day, "created"] = batch_day - pd.Timedelta(days=1)
            acc.loc[members, "created"] = batch_day
            acc.loc[members, "followers"] = rng.integers(20, 400, g.size)
        if "shared_client" in g.behaviours:
            acc.loc[members, "main_client"] = vocab.PLANTED_CLIENT
    name_accounts(acc, cfg, rng)
    return acc


def name_accounts(acc: pd.DataFrame, cfg: SyntheticConfig, rng: np.random.Generator) -> None:
    """Ids and names: hashed below 5,000 followers (as the archive does), numeric ids and names above."""
    n = len(acc)
    hashed = acc["followers"].to_numpy() < 5000
    created_ms = acc["created"].values.astype("datetime64[ms]").astype(np.int64)
    numeric = np.where(
        created_ms < to_ms("2016-01-01"),
        rng.integers(10_000_000, 4_800_000_000, n),
        ((created_ms + rng.integers(0, DAY_MS, n) - SNOWFLAKE_EPOCH_MS) << 22) | rng.integers(0, 1 << 22, n))
    userid, display, screen = [], [], []
    for i in range(n):
        if hashed[i]:
            h = hash_id(cfg.seed, "account", acc.at[i, "campaign"], acc.at[i, "n_in_campaign"])
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
    acc["profile_url"] = [tco(rng) if rng.random() < 0.3 else "" for _ in range(n)]


def daily_expected(cfg: SyntheticConfig, c: CampaignSpec, total: float) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Expected tweets per day of a campaign, with the planted shift at the event."""
    days = pd.date_range(cfg.start, c.data_end, freq="D")
    t = (days - pd.Timestamp(cfg.event_date)).days.to_numpy() / 30.0
    after = t >= 0
    log_rate = np.where(after, np.log(c.level_ratio) + (c.slope_pre + c.slope_change) * t, c.slope_pre * t)
    local_dow = days.day_of_week.to_numpy()
    rate = np.exp(log_rate) * np.where(local_dow >= 5, c.weekend_factor, 1.0)
    return days, rate / rate.sum() * total


def local_times(day: pd.Timestamp, n: int, c: CampaignSpec, rng: np.random.Generator) -> np.ndarray:
    """``n`` times of day on ``day`` following the campaign's local rhythm, in UTC milliseconds."""
    hours = rng.choice(24, size=n, p=np.asarray(c.hour_weights) / np.sum(c.hour_weights))
    secs = hours * 3600 + rng.integers(0, 3600, n)
    local = pd.Timestamp(day).tz_localize(None) + pd.to_timedelta(secs, unit="s")
    # Through the time-zone database: Caracas was UTC-4:30 until 2016-05-01.
    utc = pd.DatetimeIndex(local).tz_localize(c.tz, ambiguous="NaT", nonexistent="shift_forward").tz_convert("UTC")
    ms = utc.as_unit("ms").asi8 + rng.integers(0, 1000, n)
    return np.where(utc.isna(), (pd.Timestamp(day, tz="UTC").value // 1_000_000) + secs * 1000, ms)


def organic_schedule(cfg: SyntheticConfig, acc: pd.DataFrame, rng: np.random.Generator,
                      n_organic: int) -> pd.DataFrame:
    """When each account tweets and what kind of tweet, before planting."""
    parts = []
    event = pd.Timestamp(cfg.event_date)
    for ci, c in enumerate(cfg.campaigns):
        members = acc.index[acc["campaign"] == c.name].to_numpy()
        days, expected = daily_expected(cfg, c, n_organic * c.tweet_share)
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
            ms = local_times(day, n, c, rng)
            ms = np.clip(ms, acc.loc[who, "first_active"].to_numpy(), acc.loc[who, "last_active"].to_numpy())
            mix = mix_post if day >= event else mix_pre
            theme = rng.choice(len(vocab.THEMES), size=n, p=mix / mix.sum())
            kind = rng.choice(4, size=n, p=[1 - c.share_retweet - c.share_reply - c.share_quote,
                                            c.share_retweet, c.share_reply, c.share_quote])
            parts.append(pd.DataFrame({"acct": who, "ms": ms, "theme": theme, "kind": kind}))
    sched = pd.concat(parts, ignore_index=True)
    sched["coord"] = -1
    return sched
