"""Write a whole synthetic release, its README, marker and ground truth."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..archive.schema import TWEET_COLUMNS, USER_COLUMNS
from . import vocab
from .accounts import make_accounts, organic_schedule
from .config import GENERATOR_VERSION, LABEL_COLUMNS, RENDER_CHUNK, SyntheticConfig
from .encoding import snowflakes
from .planting import World, influencers, pick_sources, plant_coordination, plant_decoys, source_pool
from .rendering import render, write_csv
from .texts import TextMaker

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
    acc = make_accounts(cfg, rng)
    infl = influencers(cfg, rng)

    world = World(cfg, rng, acc, infl, pd.DataFrame())
    coord, content, events = plant_coordination(world, texts)
    coord["source"] = -1
    # Organic volume fills the rest, so the release has about n_tweets rows.
    organic = organic_schedule(cfg, acc, rng, cfg.n_tweets - len(coord))
    rt_mask = organic["kind"].to_numpy() == 1
    world.sources = pool = source_pool(cfg, rng, infl, texts, max(300, int(rt_mask.sum() / 6)))
    lang_of = acc["lang"].to_numpy()[organic["acct"].to_numpy()]
    src = pick_sources(organic["ms"].to_numpy(), organic["theme"].to_numpy(), lang_of, pool, rng)
    organic["source"] = np.where(rt_mask, src, -1)
    organic.loc[rt_mask & (src < 0), "kind"] = 0  # no source in range: post instead
    decoys, decoy_events = plant_decoys(world)
    events += decoy_events
    sched = pd.concat([organic, coord, decoys], ignore_index=True)
    # Per-account dumps, each in time order, as the suspended-account files are.
    sched = sched.sort_values(["acct", "ms"], kind="stable").reset_index(drop=True)
    tweetids = snowflakes(sched["ms"].to_numpy(), rng).astype(str)

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
            write_csv(out / name, USER_COLUMNS, user_rows)
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
                        rows, labels = render(world, sched.iloc[sl], content, texts, tweetids[sl])
                        w.writerows(rows)
                        labels_out.writerows([lab[col] for col in LABEL_COLUMNS] for lab in labels)
                files.append(name)

    truth = truth_record(cfg, acc, counts, events, files)
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


def truth_record(cfg: SyntheticConfig, acc: pd.DataFrame, counts: dict[str, int], events: list[dict],
           files: list[str]) -> dict[str, Any]:
    """The ground truth written to truth.json: config, campaigns and planted groups."""
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
        groups.append({"group_id": g.group_id, "campaign": f"synthetic_{g.campaign}", "role": g.role,
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
