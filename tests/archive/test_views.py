"""Tests of :mod:`infoops.archive.views`."""

from __future__ import annotations

from helpers import USER_BASE, tweet_rows, write_csv

import infoops
from infoops.archive.schema import TWEET_COLUMNS, USER_COLUMNS


def test_hashed_flag_for_hex_and_base64_ids(tmp_path):
    rows = tweet_rows(3)
    rows[0]["userid"] = "b" * 64
    rows[1]["userid"] = "3PGzTwb+Kk4yCSOyqgAZ3zPaUJ7xE3L+BSppo6ZLw8U="
    rows[2]["userid"] = "883565926473486336"
    ds = infoops.load(write_csv(tmp_path / "x_tweets.csv", rows), progress=False)
    flags = ds.accounts.set_index("userid")["is_hashed"]
    assert flags["b" * 64] and flags["3PGzTwb+Kk4yCSOyqgAZ3zPaUJ7xE3L+BSppo6ZLw8U="]
    assert not flags["883565926473486336"]


def test_duplicate_tweets_across_files_are_reported_once(tmp_path):
    rows = tweet_rows(4)
    write_csv(tmp_path / "c_201901_1_tweets_csv_hashed_1.csv", rows[:3])
    write_csv(tmp_path / "c_201901_1_tweets_csv_hashed_2.csv", rows[2:])
    ds = infoops.load(tmp_path, progress=False)
    assert len(ds.tweets) == 4
    assert ds.rejected["reason"].str.startswith("duplicate tweetid (also in").sum() == 1
    f = ds.files.set_index(ds.files["file"].str.extract(r"_(\d)\.csv$")[0])
    assert f.loc["2", "rows_rejected"] == 1 and f.loc["2", "rows_loaded"] == 1
    assert ds.files["rows_read"].sum() == ds.files["rows_loaded"].sum() + ds.files["rows_rejected"].sum()


def test_accounts_from_users_file_or_from_tweets(tmp_path):
    rows = tweet_rows(3)
    rows[0]["userid"] = "u1"
    rows[1]["userid"] = "u1"
    rows[1]["follower_count"] = "500"  # latest profile wins
    rows[2]["userid"] = "u2"
    write_csv(tmp_path / "only" / "c_201901_1_tweets_csv_hashed.csv", rows)
    acc = infoops.load(tmp_path / "only", progress=False).accounts.set_index("userid")
    assert acc.loc["u1", "n_tweets"] == 2 and acc.loc["u1", "follower_count"] == 500
    assert set(acc["profile_source"]) == {"tweets"}
    users = [{**USER_BASE, "userid": "u1", "follower_count": "7"}, {**USER_BASE, "userid": "u9"}]
    write_csv(tmp_path / "both" / "c_201901_1_users_csv_hashed.csv", users, columns=USER_COLUMNS, base=USER_BASE)
    write_csv(tmp_path / "both" / "c_201901_1_tweets_csv_hashed.csv", rows)
    acc = infoops.load(tmp_path / "both", progress=False).accounts.set_index("userid")
    assert acc.loc["u1", "profile_source"] == "users file" and acc.loc["u1", "follower_count"] == 7
    assert acc.loc["u9", "n_tweets"] == 0  # in the users file, never tweeted
    assert acc.loc["u2", "profile_source"] == "tweets"  # tweeted, missing from users file


def test_campaign_override_and_campaign_column(tmp_path):
    rows = tweet_rows(3, campaign_inferred="uganda_0621")
    rows[2]["campaign_inferred"] = ""
    f = write_csv(tmp_path / "mix.csv", rows, columns=list(TWEET_COLUMNS) + ["campaign_inferred"])
    assert set(infoops.load(f, campaign="mine", progress=False).tweets["campaign"]) == {"mine"}
    t = infoops.load(f, campaign_column="campaign_inferred", progress=False).tweets
    assert sorted(t["campaign"]) == ["mix", "uganda_0621", "uganda_0621"]
