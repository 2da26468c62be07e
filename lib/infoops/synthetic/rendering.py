"""Rows in the archive's column order, and the ground-truth label of each tweet."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from . import vocab
from .config import DAY_MS
from .encoding import format_minutes, py_list, snowflakes, tco
from .planting import World
from .texts import TextMaker


def render(world: World, sched: pd.DataFrame, content: list[dict], texts: TextMaker,
            tweetids: np.ndarray) -> tuple[list[list[str]], list[dict]]:
    """Rows in archive column order, plus ground-truth labels per tweet."""
    rng, acc, infl, pool = world.rng, world.acc, world.influencers, world.sources
    times = format_minutes(sched["ms"].to_numpy())
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
            body = stext + "".join(f" #{t}" for t in stags) + "".join(f" {tco(rng)}" for _ in surls)
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
                in_reply_tweet = str(int(snowflakes(np.array([row.ms - int(rng.integers(60_000, 7 * DAY_MS))]),
                                                     rng)[0]))
                prefix, mentions = f"@{handle} ", [in_reply_user]
            elif rec is None and rng.random() < 0.12:  # a mention inside an original tweet
                inf = infl_rows[int(rng.integers(len(infl_rows)))]
                body, mentions = f"{body} @{inf['screen_name']}", [inf["userid"]]
            text = prefix + body + "".join(f" #{t}" for t in tags) + "".join(f" {tco(rng)}" for _ in urls)
            if kind == 3:  # quote: the quoted tweet's link ends the text
                quoted = pool_rows[int(rng.integers(len(pool_rows)))]["tweetid"]
                text += f" {tco(rng)}"
            likes = int(rng.negative_binomial(1, 1 / (1 + 0.01 * a["followers"] ** 0.7 + 0.2)))
            counts = [str(int(rng.binomial(likes, 0.05))), str(int(rng.binomial(likes, 0.15))), str(likes),
                      str(int(rng.binomial(likes, 0.4)))]
        out.append([
            tweetids[i], a["userid"], a["display_name"], a["screen_name"], a["location"], a["description"],
            a["profile_url"], str(a["followers"]), str(a["following"]), created[row.acct], a["lang"], lang,
            text, times[i], client, in_reply_user, in_reply_tweet, quoted, "true" if kind == 1 else "false",
            rt_user, rt_tweet, "absent", "absent", *counts,
            py_list(tags, empty_list), py_list(urls, empty_list), py_list(mentions, empty_list), "",
        ])
        labels.append({"tweetid": tweetids[i], "userid": a["userid"], "campaign": a["campaign"],
                       "theme": th, "language": lang,
                       "kind": ("original", "retweet", "reply", "quote")[kind],
                       "group_id": rec["group_id"] if rec else "", "event_id": rec["event_id"] if rec else "",
                       "behaviour": rec["behaviour"] if rec else ""})
    return out, labels


def write_csv(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> None:
    """Append rows to a CSV with the archive's quoting (every field quoted)."""
    # The 2019 release quotes every field and ends lines with \n.
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
