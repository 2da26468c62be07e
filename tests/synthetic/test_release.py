"""Tests of :mod:`infoops.synthetic.release`."""

from __future__ import annotations

import csv
import filecmp
import hashlib
import re

import pandas as pd

import infoops
from infoops import paths
from infoops.synthetic import SyntheticConfig, generate_release


def test_same_seed_gives_byte_identical_files(sample_release, tmp_path):
    generate_release(tmp_path, SyntheticConfig())
    a = sorted(p.relative_to(sample_release) for p in sample_release.rglob("*") if p.is_file())
    b = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert a == b
    match, mismatch, errors = filecmp.cmpfiles(sample_release, tmp_path, [str(p) for p in a], shallow=False)
    assert not mismatch and not errors


def test_other_seed_gives_other_data(tmp_path):
    generate_release(tmp_path, SyntheticConfig(seed=7, n_tweets=3000))
    generate_release(tmp_path / "b", SyntheticConfig(seed=8, n_tweets=3000))
    name = "synthetic_control_201901_tweets_csv_hashed.csv"
    assert (tmp_path / name).read_bytes() != (tmp_path / "b" / name).read_bytes()


def test_committed_checksums_match_the_generator(sample_release):
    """data/SAMPLE_SHA256SUMS pins the embedded sample: a change to the
    generator (or to a library it uses) that alters the data shows up here."""
    sums = (paths.DATA_DIR / "SAMPLE_SHA256SUMS").read_text().split("\n")
    pinned = dict(reversed(line.split("  ", 1)) for line in sums if line.strip())
    got = {str(p.relative_to(sample_release)): hashlib.sha256(p.read_bytes()).hexdigest()
           for p in sorted(sample_release.rglob("*")) if p.is_file()}
    assert got == pinned


def test_loads_with_zero_rejections_and_is_marked_synthetic(loaded, sample_release):
    ds, truth, *_ = loaded
    assert ds.files["rows_rejected"].sum() == 0 and len(ds.value_issues) == 0
    assert ds.is_synthetic and ds.tweets["synthetic"].all() and truth["synthetic"] is True
    assert all(c.startswith("synthetic_") for c in ds.campaigns)
    assert all(p.name.startswith("synthetic_") for p in sample_release.glob("*.csv"))
    assert "SYNTHETIC" in (sample_release / "README.md").read_text()
    assert (sample_release / "SYNTHETIC_DATA.txt").exists()
    assert 20_000 <= len(ds.tweets) <= 50_000


def test_files_have_the_2019_release_names_columns_and_quoting(sample_release):
    names = sorted(p.name for p in sample_release.glob("*.csv"))
    assert "synthetic_venezuela_201901_1_tweets_csv_hashed_1.csv" in names
    assert "synthetic_venezuela_201901_1_tweets_csv_hashed_2.csv" in names
    assert "synthetic_venezuela_linked_tweets_csv_hashed.csv" in names
    assert "synthetic_venezuela_201901_2_users_csv_hashed.csv" in names
    raw = (sample_release / "synthetic_venezuela_201901_1_tweets_csv_hashed_1.csv").read_bytes()
    assert b"\r" not in raw
    header = raw.split(b"\n", 1)[0].decode()
    assert header == ",".join(f'"{c}"' for c in infoops.archive.schema.TWEET_COLUMNS)
    with open(sample_release / "synthetic_venezuela_201901_1_tweets_csv_hashed_1.csv", newline="",
              encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", r["tweet_time"]) for r in rows)
    assert {r["is_retweet"] for r in rows} == {"true", "false"}
    for col in ("hashtags", "urls", "user_mentions"):
        assert all(r[col] in ("", "[]") or re.fullmatch(r"\['.*'\]", r[col]) for r in rows), col
    assert {r["latitude"] for r in rows} == {"absent"}
    # Line breaks inside quoted texts, about as often as in real files
    # (18% and 34% in the two real samples of shared/realdata).
    with_break = sum("\n" in r["tweet_text"] for r in rows) / len(rows)
    assert 0.12 <= with_break <= 0.4, with_break
    # every field quoted: records split on '"\n"' each hold 30 '","' separators
    records = raw.rstrip(b"\n").split(b'"\n"')
    assert len(records) == len(rows) + 1
    assert all(r.count(b'","') >= 30 for r in records)


def test_marginals_like_the_real_release(loaded):
    ds, truth, labels, roles = loaded
    t, acc = ds.tweets, ds.accounts
    assert t["tweet_time"].min() <= pd.Timestamp("2018-08-01", tz="UTC")
    assert t["tweet_time"].max() >= pd.Timestamp("2019-02-10", tz="UTC")
    main = t[t["campaign"] == "synthetic_venezuela_201901_1"]
    assert (main["tweet_language"] == "es").mean() > 0.9
    assert (t[t["campaign"] == "synthetic_venezuela_201901_2"]["tweet_language"] == "en").mean() > 0.9
    clients = set(t["tweet_client_name"])
    assert {"dlvr.it", "IFTTT", "TweetDeck", "twitterfeed", "Twitter Web Client", "Twitter for Android"} <= clients
    # heavy tails
    assert acc["follower_count"].max() / acc["follower_count"].median() > 50
    per_acc = t.groupby("userid").size().sort_values(ascending=False)
    assert per_acc.head(len(per_acc) // 10).sum() / per_acc.sum() > 0.35
    # creation dates over years, and some accounts of the users file never tweeted
    assert acc["account_creation_date"].dt.year.nunique() >= 8
    assert (acc["n_tweets"] == 0).sum() >= 5
    # tweet kinds
    rt = t[t["is_retweet"].astype(bool)]
    assert 0.25 < len(rt) / len(t) < 0.5
    assert rt["tweet_text"].str.startswith("RT @").all() and rt["retweet_tweetid"].notna().all()
    assert (rt[["like_count", "retweet_count", "reply_count", "quote_count"]] == 0).all().all()
    assert t["in_reply_to_tweetid"].notna().sum() > 1000
    assert t["quoted_tweet_tweetid"].notna().sum() > 300
    assert (t["hashtags"].map(len) > 0).mean() > 0.4 and (t["urls"].map(len) > 0).mean() > 0.15
    assert (t["user_mentions"].map(len) > 0).mean() > 0.3
    assert t["tweet_text"].str.contains("\n").sum() > 50
