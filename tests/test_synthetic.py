"""The synthetic release: deterministic, in the archive's format, and carrying
the planted signals its ground truth describes (checked in the data itself)."""

from __future__ import annotations

import csv
import filecmp
import hashlib
import json
import re
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import infoops
from infoops import paths
from infoops.synthetic import SyntheticConfig, generate_release
from infoops.synthetic import vocab


@pytest.fixture(scope="module")
def loaded(sample_release):
    ds = infoops.load(sample_release, progress=False)
    truth = json.loads((sample_release / "ground_truth" / "truth.json").read_text())
    labels = pd.read_csv(sample_release / "ground_truth" / "tweet_labels.csv", dtype=str, keep_default_na=False)
    roles = pd.read_csv(sample_release / "ground_truth" / "accounts.csv", dtype=str, keep_default_na=False)
    return ds, truth, labels, roles


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


# ----------------------------------------------------------------- format


def test_files_have_the_2019_release_names_columns_and_quoting(sample_release):
    names = sorted(p.name for p in sample_release.glob("*.csv"))
    assert "synthetic_venezuela_201901_1_tweets_csv_hashed_1.csv" in names
    assert "synthetic_venezuela_201901_1_tweets_csv_hashed_2.csv" in names
    assert "synthetic_venezuela_linked_tweets_csv_hashed.csv" in names
    assert "synthetic_venezuela_201901_2_users_csv_hashed.csv" in names
    raw = (sample_release / "synthetic_venezuela_201901_1_tweets_csv_hashed_1.csv").read_bytes()
    assert b"\r" not in raw
    header = raw.split(b"\n", 1)[0].decode()
    assert header == ",".join(f'"{c}"' for c in infoops.schema.TWEET_COLUMNS)
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


def test_hashing_follows_the_5000_follower_rule(loaded):
    ds, *_ = loaded
    acc = ds.accounts
    hashed = acc["userid"].str.fullmatch(r"[0-9a-f]{64}")
    numeric = acc["userid"].str.fullmatch(r"[0-9]+")
    assert (hashed | numeric).all()
    assert (hashed == (acc["follower_count"] < 5000)).all()
    assert (acc.loc[hashed, "user_screen_name"] == acc.loc[hashed, "userid"]).all()
    assert (acc.loc[hashed, "user_display_name"] == acc.loc[hashed, "userid"]).all()
    assert numeric.sum() >= 10


def test_snowflake_ids_match_tweet_time(loaded):
    t = loaded[0].tweets
    gap = (t["tweet_time_exact"] - t["tweet_time"]).dt.total_seconds()
    assert gap.between(0, 60, inclusive="left").all()
    assert gap.std() > 10  # seconds really vary inside the minute


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


def test_organic_accounts_share_popular_items_by_chance(loaded):
    ds, truth, labels, roles = loaded
    t = ds.tweets
    organic = set(roles.loc[roles["role"] == "organic", "userid"])
    o = t[t["userid"].isin(organic)]
    shared_rt = o[o["is_retweet"].astype(bool)].groupby("retweet_tweetid")["userid"].nunique()
    assert (shared_rt >= 3).sum() >= 50
    tags = o.explode("hashtags").groupby("hashtags")["userid"].nunique()
    assert tags.max() > 0.3 * len(organic)
    domains = o.explode("urls")["urls"].dropna().str.extract(r"https?://([^/]+)/")[0]
    assert o.explode("urls").assign(d=domains).groupby("d")["userid"].nunique().max() > 0.2 * len(organic)


# ----------------------------------------------------------------- planted signals


def _daily(t: pd.DataFrame, campaign: str) -> pd.Series:
    d = t[t["campaign"] == campaign].set_index("tweet_time").resample("D").size()
    return d


def test_activity_shift_at_the_event(loaded):
    ds, truth, *_ = loaded
    ev = pd.Timestamp(truth["config"]["event_date"], tz="UTC")
    for camp, info in truth["campaigns"].items():
        d = _daily(ds.tweets, camp)
        before = d[(d.index < ev) & (d.index >= ev - pd.Timedelta(days=21))].mean()
        after = d[(d.index >= ev) & (d.index < ev + pd.Timedelta(days=14))].mean()
        ratio = after / before
        planted = info["timing"]["level_ratio"]
        if planted == 1.0:
            assert 0.8 < ratio < 1.25, camp
        else:
            assert ratio > 1 + (planted - 1) / 2, (camp, ratio, planted)


def test_theme_mix_changes_after_the_event(loaded):
    ds, truth, labels, _ = loaded
    when = labels["tweetid"].map(ds.tweets.set_index("tweetid")["tweet_time"])
    labels = labels.assign(after=when >= pd.Timestamp(truth["config"]["event_date"], tz="UTC"))
    for camp in ("venezuela_201901_1", "venezuela_201901_2"):
        mix = pd.crosstab(labels[labels["campaign"] == camp]["after"], labels["theme"], normalize="index")
        assert mix.loc[True, "sovereignty_coup"] > 2 * mix.loc[False, "sovereignty_coup"]
        assert mix.loc[True, "humanitarian_aid"] > 3 * mix.loc[False, "humanitarian_aid"]
        assert mix.loc[True, "everyday_life"] < 0.5 * mix.loc[False, "everyday_life"]


def test_theme_labels_match_the_text(loaded):
    ds, truth, labels, _ = loaded
    text = ds.tweets.set_index("tweetid")["tweet_text"].str.lower()
    originals = labels[(labels["kind"] == "original") & (labels["behaviour"] == "")]
    hits = [any(p.lower() in text[r.tweetid] for p in vocab.PHRASES[r.theme][r.language])
            for r in originals.itertuples()]
    assert np.mean(hits) > 0.98
    assert set(labels["theme"]) == set(vocab.THEMES)


def _event_tweets(ds, labels, event_id):
    ids = labels.loc[labels["event_id"] == event_id, "tweetid"]
    return ds.tweets.set_index("tweetid").loc[ids]


def test_planted_groups_show_their_behaviour_in_the_data(loaded):
    ds, truth, labels, roles = loaded
    groups = {g["group_id"]: g for g in truth["planted_groups"]}
    assert len(groups) == 8
    for e in truth["coordination_events"]:
        g = groups[e["group_id"]]
        tw = _event_tweets(ds, labels, e["event_id"])
        assert len(tw) >= 2 and set(tw["userid"]) <= set(g["members"]), e["event_id"]
        spread = (tw["tweet_time_exact"].max() - tw["tweet_time_exact"].min()).total_seconds()
        assert spread <= g["window_seconds"], e["event_id"]
        b = g["behaviours"]
        if "co_retweet" in b:
            assert tw["is_retweet"].all() and set(tw["retweet_tweetid"]) == {e["item"]}
        if "co_tweet" in b:
            assert tw["tweet_text"].str.replace(r"https://t\.co/\w+", "", regex=True).nunique() == 1
            assert tw["urls"].map(tuple).nunique() == 1 and len(tw["urls"].iloc[0]) == 1
        if "near_duplicate_text" in b:
            words = [set(x.split()) for x in tw["tweet_text"]]
            assert all(len(a & c) / len(a | c) >= 0.6 for a, c in combinations(words, 2))
        if "co_url" in b and "co_tweet" not in b:
            assert all(e["item"] in list(u) for u in tw["urls"])
            assert tw["tweet_text"].nunique() > 1  # different texts, same link
        if "hashtag_sequence" in b:
            assert all(list(h) == e["item"].split() for h in tw["hashtags"])


def test_synchronized_group_posts_in_shared_bins(loaded):
    ds, truth, labels, _ = loaded
    g = next(g for g in truth["planted_groups"] if "synchronized_activity" in g["behaviours"])
    ev = [e for e in truth["coordination_events"] if e["group_id"] == g["group_id"]]
    assert len(ev) >= 30
    assert np.mean([len(e["members"]) for e in ev]) >= 0.7 * len(g["members"])


def test_creation_batch_and_shared_client(loaded):
    ds, truth, labels, roles = loaded
    groups = {g["group_id"]: g for g in truth["planted_groups"]}
    acc = ds.accounts.set_index("userid")
    batch = groups["G7_creation_batch"]["members"]
    assert acc.loc[batch, "account_creation_date"].nunique() == 1
    same_day = (acc["account_creation_date"] == acc.loc[batch[0], "account_creation_date"]).sum()
    assert same_day == len(batch)  # nobody else was created that day
    client_members = set(groups["G8_shared_client"]["members"])
    t = ds.tweets
    users_of_client = set(t.loc[t["tweet_client_name"] == truth["shared_client"], "userid"])
    assert users_of_client == client_members
    assert (t[t["userid"].isin(client_members)]["tweet_client_name"] == truth["shared_client"]).all()


def test_groups_are_hidden_among_organic_accounts(loaded):
    ds, truth, labels, roles = loaded
    members = [m for g in truth["planted_groups"] for m in g["members"]]
    assert len(members) == len(set(members))  # disjoint groups
    per_campaign = roles.groupby("campaign")["role"].value_counts().unstack(fill_value=0)
    assert (per_campaign.loc["venezuela_201901_1", "organic"]
            > 4 * per_campaign.loc["venezuela_201901_1", "coordinated"])
    assert per_campaign.loc["control_201901", "control"] == roles["campaign"].eq("control_201901").sum()
    # coordinated accounts also post ordinary content
    t = ds.tweets
    planted_ids = set(labels.loc[labels["group_id"] != "", "tweetid"])
    own = t[t["userid"].isin(members) & ~t["tweetid"].isin(planted_ids)]
    assert own["userid"].nunique() >= 0.9 * len(members)
