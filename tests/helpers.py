"""Helpers for tests: small archive files written on the fly, in the
archive's exact format, and the location of the real excerpts."""

from __future__ import annotations

import base64
import csv
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from infoops import paths
from infoops.archive.schema import TWEET_COLUMNS, USER_COLUMNS

REALDATA = paths.SHARED_REALDATA_DIR

# One well-formed tweet; tests override fields.
BASE_TWEET: dict[str, str] = {
    "tweetid": "1085200000000000000",
    "userid": "a" * 64,
    "user_display_name": "a" * 64,
    "user_screen_name": "a" * 64,
    "user_reported_location": "Caracas, Venezuela",
    "user_profile_description": "Venezolano",
    "user_profile_url": "",
    "follower_count": "120",
    "following_count": "88",
    "account_creation_date": "2017-03-02",
    "account_language": "es",
    "tweet_language": "es",
    "tweet_text": "Hola",
    "tweet_time": "2019-01-15 12:03",
    "tweet_client_name": "Twitter for Android",
    "in_reply_to_userid": "",
    "in_reply_to_tweetid": "",
    "quoted_tweet_tweetid": "",
    "is_retweet": "false",
    "retweet_userid": "",
    "retweet_tweetid": "",
    "latitude": "absent",
    "longitude": "absent",
    "quote_count": "0",
    "reply_count": "0",
    "like_count": "3",
    "retweet_count": "1",
    "hashtags": "[]",
    "urls": "[]",
    "user_mentions": "[]",
    "poll_choices": "",
}


def snowflake(ms: int, seq: int = 0) -> str:
    """A tweet id whose decoded time is ``ms`` (Unix epoch milliseconds)."""
    return str(((ms - 1288834974657) << 22) | seq)


def write_csv(path: Path, rows: Iterable[dict[str, Any]], columns: Iterable[str] = TWEET_COLUMNS,
              quote_all: bool = True, base: dict[str, str] | None = None) -> Path:
    columns = list(columns)
    base = BASE_TWEET if base is None else base
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            full = {**base, **r}
            w.writerow([full.get(c, "") for c in columns])
    return path


def tweet_rows(n: int, start_ms: int = 1547553780000, **fields: str) -> list[dict[str, str]]:
    """``n`` distinct tweets a minute apart with consistent snowflake ids."""
    import datetime as dt

    rows = []
    for i in range(n):
        ms = start_ms + i * 60_000 + 1234
        t = dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
        rows.append({"tweetid": snowflake(ms, i), "tweet_time": t, **fields})
    return rows


USER_BASE = {c: BASE_TWEET[c] for c in USER_COLUMNS}




def timing_tweets(times: list[str], campaign: str = "c", user: str = "u1", **cols) -> pd.DataFrame:
    """Tweets at ``times`` with the columns the timing analyses read."""
    t = pd.to_datetime(times, utc=True)
    df = pd.DataFrame({"campaign": campaign, "userid": user, "tweet_time": t.floor("min"),
                       "tweet_time_exact": t, "is_retweet": False, "in_reply_to_tweetid": None,
                       "quoted_tweet_tweetid": None, "retweet_tweetid": None})
    for k, v in cols.items():
        df[k] = v
    return df


class Links(HTMLParser):
    """Images and links of an HTML page."""

    def __init__(self):
        super().__init__()
        self.srcs: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img" and a.get("src"):
            self.srcs.append(a["src"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])


def check_links(page: Path) -> int:
    """Every image and local link of an HTML page resolves; returns the
    number of images checked."""
    p = Links()
    p.feed(page.read_text(encoding="utf-8"))
    for src in p.srcs:
        if src.startswith("data:image/png;base64,"):
            assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n", page
        elif src.startswith("data:"):
            assert src.startswith("data:image/"), (page, src[:40])
        else:
            assert (page.parent / src).is_file(), (page, src)
    for href in p.hrefs:
        if href.startswith(("http://", "https://", "#", "mailto:")):
            continue
        assert (page.parent / href.split("#")[0]).exists(), (page, href)
    return len(p.srcs)


def network_resources(page: Path) -> list[str]:
    """Scripts, styles, images, fonts and frames a page would fetch from the
    network (anything that is not a relative path or inline data)."""
    import re

    text = page.read_text(encoding="utf-8")
    found = re.findall(r"<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc=[\"']((?:https?:)?//[^\"']*)", text, re.I)
    found += re.findall(r"<link\b[^>]*\bhref=[\"']((?:https?:)?//[^\"']*)", text, re.I)
    found += re.findall(r"@import\s+(?:url\()?[\"']?((?:https?:)?//[^\"') ]*)", text, re.I)
    found += re.findall(r"\bimport\(\s*[\"']((?:https?:)?//[^\"']*)", text)
    found += re.findall(r"url\(\s*[\"']?((?:https?:)?//[^\"') ]*)", text)
    return [f for f in found if f]
