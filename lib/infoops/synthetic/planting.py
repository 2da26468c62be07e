"""Where the planted signals are made: sources to retweet and the
coordinated groups' content."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import vocab
from .accounts import local_times
from .config import DAY_MS, SyntheticConfig
from .encoding import hash_id, snowflakes, to_ms
from .texts import TextMaker


@dataclass
class World:
    """The release being made: config, random generator, accounts and sources."""
    cfg: SyntheticConfig
    rng: np.random.Generator
    acc: pd.DataFrame
    influencers: pd.DataFrame
    sources: pd.DataFrame
    rows: tuple[list[dict], list[dict], list[dict]] | None = None


def influencers(cfg: SyntheticConfig, rng: np.random.Generator) -> pd.DataFrame:
    """Big outside accounts whose tweets everyone retweets (not in the data)."""
    n = int(60 * cfg.scale)
    lang = np.where(rng.random(n) < 0.65, "es", "en")
    names = [f"{rng.choice(vocab.OUTLET_WORDS)}{rng.choice(vocab.OUTLET_WORDS)}{i}" for i in range(n)]
    ids = rng.integers(10_000_000, 3_000_000_000, n)
    return pd.DataFrame({"userid": ids.astype(str), "screen_name": names, "lang": lang,
                         "popularity": rng.pareto(1.2, n) + 1})


def source_pool(cfg: SyntheticConfig, rng: np.random.Generator, infl: pd.DataFrame,
                 texts: TextMaker, n_sources: int) -> pd.DataFrame:
    """Tweets that accounts retweet, reply to and quote (popular ones shared by chance)."""
    start, end = to_ms(cfg.start) - 3 * DAY_MS, max(to_ms(c.data_end) for c in cfg.campaigns) + DAY_MS
    ms = np.sort(rng.integers(start, end, n_sources))
    author = rng.choice(len(infl), n_sources, p=infl["popularity"] / infl["popularity"].sum())
    lang = infl["lang"].to_numpy()[author]
    event = to_ms(cfg.event_date)
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
    pool["tweetid"] = snowflakes(ms, rng).astype(str)
    return pool


def pick_sources(sched_ms: np.ndarray, theme: np.ndarray, lang: np.ndarray, pool: pd.DataFrame,
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


def plant_coordination(world: World, texts: TextMaker) -> tuple[pd.DataFrame, list[dict], list[dict]]:
    """Planted coordinated actions: schedule rows plus pre-rendered content."""
    cfg, rng, acc = world.cfg, world.rng, world.acc
    rows, content, events = [], [], []
    start, event_ms = to_ms(cfg.start) + 25 * DAY_MS, to_ms(cfg.event_date)
    camp_by_name = {c.name: c for c in cfg.campaigns}
    for g in cfg.groups:
        if g.role == "decoy":
            continue  # planted by plant_decoys, once the retweeted sources exist
        members = acc.index[acc["group_id"] == g.group_id].to_numpy()
        c = camp_by_name[g.campaign]
        end = min(to_ms(c.data_end), int(acc.loc[members, "last_active"].min())) - DAY_MS
        n_events = int(round(g.events * cfg.scale))
        lang = c.language
        for e in range(n_events):
            # Working hours in the campaign's zone, on any day of the data;
            # sparse bursts at night (02:00-05:00 local), when few accounts tweet.
            day = pd.Timestamp(int(rng.integers(start, end)) // DAY_MS * DAY_MS, unit="ms")
            t0 = int(local_times(day, 1, c, rng)[0])
            if "sparse_bursts" in g.behaviours:
                t0 = t0 - t0 % DAY_MS + int(rng.integers(2 * 3600, 5 * 3600)) * 1000 - _utc_offset_ms(c, day)
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
            if "co_retweet" in g.behaviours or "diluted_coretweet" in g.behaviours:
                # The group amplifies one outside account's tweets within seconds
                # of each other: G1 within seconds of its posting, the diluted
                # group half an hour after it (not fast retweets).
                before = 60_000 if "co_retweet" in g.behaviours else 1_800_000
                src = {"text": base_text, "hashtags": texts.hashtags(th, lang), "urls": [],
                       "tweetid": str(int(snowflakes(np.array([t0 - before]), rng)[0])),
                       "author": hash_id(cfg.seed, "amplified", g.group_id)}
                item = src["tweetid"]
            elif "co_tweet" in g.behaviours:
                item = base_text
            elif "co_url" in g.behaviours or "co_url_any" in g.behaviours:
                item = url
            elif "hashtag_sequence" in g.behaviours:
                item = " ".join(seq)
            elif "paraphrase" in g.behaviours:
                # One message per event, each member in its own words (the
                # variants in turn, so the same wording is rare in one event).
                message = vocab.PARAPHRASES[lang][e % len(vocab.PARAPHRASES[lang])]
                item = message[0]
                turn = int(rng.integers(len(message)))
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
                    elif "co_url" in g.behaviours or "co_url_any" in g.behaviours:
                        rec.update(kind=0, text=texts.body(th, lang), urls=[url], hashtags=[])
                    elif "hashtag_sequence" in g.behaviours:
                        rec.update(kind=0, text=texts.body(th, lang), urls=[], hashtags=list(seq))
                    elif "paraphrase" in g.behaviours:
                        said = message[turn % len(message)]
                        turn += 1
                        words = (texts.pick(vocab.OPENERS[lang]), said[0].upper() + said[1:],
                                 texts.pick(vocab.CLOSERS[lang]))
                        rec.update(kind=0, text=" ".join(w for w in words if w), urls=[], hashtags=[])
                    else:  # synchronized activity, sparse bursts: ordinary content, shared timing
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


def _utc_offset_ms(c, day: pd.Timestamp) -> int:
    """The campaign's local time zone's offset from UTC on ``day``, in ms."""
    return int(pd.Timestamp(day).tz_localize(c.tz).utcoffset().total_seconds() * 1000)


def plant_decoys(world: World) -> tuple[pd.DataFrame, list[dict]]:
    """Decoy groups: ordinary accounts that each retweet the most popular
    source of the last three days, hours apart (``window_seconds``), as fans
    of an outlet do. Schedule rows (ordinary retweets of the source pool)
    and their events for the truth file."""
    cfg, rng, acc, pool = world.cfg, world.rng, world.acc, world.sources
    rows, events = [], []
    start = to_ms(cfg.start) + 25 * DAY_MS
    ms_pool, weight = pool["ms"].to_numpy(), pool["weight"].to_numpy()
    camp_by_name = {c.name: c for c in cfg.campaigns}
    for g in (g for g in cfg.groups if g.role == "decoy"):
        members = acc.index[acc["group_id"] == g.group_id].to_numpy()
        c = camp_by_name[g.campaign]
        end = min(to_ms(c.data_end), int(acc.loc[members, "last_active"].min())) - DAY_MS
        for e in range(int(round(g.events * cfg.scale))):
            day = pd.Timestamp(int(rng.integers(start, end)) // DAY_MS * DAY_MS, unit="ms")
            t0 = int(local_times(day, 1, c, rng)[0])
            cand = np.flatnonzero((ms_pool < t0 - 60_000) & (ms_pool > t0 - 3 * DAY_MS))
            if len(cand) == 0:
                continue
            src = int(cand[np.argmax(weight[cand])])
            took = [int(m) for m in members if rng.random() <= 0.85]
            for m in took:
                rows.append({"acct": m, "ms": t0 + int(rng.integers(0, g.window_seconds * 1000)),
                             "theme": int(pool.at[src, "theme"]), "kind": 1, "coord": -1, "source": src})
            events.append({"group_id": g.group_id, "event_id": f"{g.group_id}-e{e:03d}",
                           "behaviours": g.behaviours, "time_utc": str(pd.Timestamp(t0, unit="ms", tz="UTC")),
                           "window_seconds": g.window_seconds, "item": str(pool.at[src, "tweetid"]),
                           "members": [acc.at[i, "userid"] for i in sorted(set(took))]})
    return pd.DataFrame(rows, columns=["acct", "ms", "theme", "kind", "coord", "source"]), events
