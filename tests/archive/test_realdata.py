"""Tests of :mod:`infoops.archive.realdata`."""

from __future__ import annotations

import csv

import pandas as pd

import infoops
from infoops.archive.schema import ID_COLUMNS


def _raw(path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_russia_head407_every_id_intact(realdata):
    f = realdata / "russia_201901_1_head407.csv"
    ds = infoops.load(f, progress=False)
    t = ds.tweets
    assert len(t) == 407 and t["userid"].nunique() == 86
    assert len(ds.accounts) == 86 and ds.files["rows_rejected"].sum() == 0
    raw = {r["tweetid"]: r for r in _raw(f)}
    assert set(t["tweetid"]) == set(raw)
    for row in t.itertuples():
        for col in ID_COLUMNS:
            got = getattr(row, col)
            want = raw[row.tweetid][col]
            assert (got if isinstance(got, str) else "") == want, (row.tweetid, col)
    assert t["campaign"].unique().tolist() == ["russia_201901_1"]
    # Seconds from the snowflake agree with the minute in tweet_time.
    gap = (t["tweet_time_exact"] - t["tweet_time"]).dt.total_seconds()
    assert gap.between(0, 60).all()
    assert (t["geo"] == "absent").all()
    assert t["is_hashed"].any() and not t["is_hashed"].all()
    assert t["tweet_text"].str.contains("\n").sum() == 73


def test_mixed_later_releases_with_extra_columns(realdata):
    ds = infoops.load(realdata / "mixed_2020_2021_releases_sample650.csv", progress=False,
                      campaign_column="campaign_inferred")
    t = ds.tweets
    assert len(t) == 650 and int(t["is_retweet"].sum()) == 395
    assert int(t["retweet_userid"].notna().sum()) == 65
    assert t["campaign"].value_counts().to_dict() == {"uganda_0621": 580, "IRA_202012": 45,
                                                      "GRU_202012": 18, "REA_0621": 7}
    assert {"index", "campaign_inferred"} <= set(t.columns)
    assert str(t["follower_count"].dtype) == "Int64"
    assert int(t["in_reply_to_userid"].notna().sum()) + 0 >= 100  # 121 replies in the sample
    # retweet ids re-saved as floats lost digits: reported, never kept as numbers
    issues = ds.value_issues
    assert (issues["column"] == "retweet_tweetid").sum() > 0
    assert not t["retweet_tweetid"].dropna().str.contains(r"e\+|\.", regex=True).any()


def test_truncated_download(realdata):
    ds = infoops.load(realdata / "russia_201901_1_head_truncated.csv", progress=False)
    assert len(ds.tweets) == 407
    rej = ds.rejected
    assert len(rej) == 1 and rej["record"].iloc[0] == 408
    assert "unterminated quote" in rej["reason"].iloc[0]
    f = ds.files.iloc[0]
    assert (f.rows_read, f.rows_loaded, f.rows_rejected) == (408, 407, 1)


def test_users_file_from_r_pipeline(realdata):
    ds = infoops.load(realdata / "china_082019_users.csv", progress=False)
    acc = ds.accounts
    assert len(acc) == 940 and not ds.has_tweets
    assert set(acc["account_language"].dropna()) <= {x.lower() for x in set(acc["account_language"].dropna())}
    assert acc["account_language"].str.contains("[A-Z]", regex=True).sum() == 0
    assert pd.api.types.is_datetime64_any_dtype(acc["account_creation_date"])


def test_whole_realdata_folder(realdata):
    ds = infoops.load(realdata, progress=False)
    f = ds.files
    assert len(f) == 4
    assert f["rows_read"].sum() == f["rows_loaded"].sum() + f["rows_rejected"].sum()
    # The truncated copy repeats the 407 tweets of the head file: reported as duplicates.
    assert ds.rejected["reason"].str.startswith("duplicate tweetid").sum() == 407
    assert not ds.is_synthetic
