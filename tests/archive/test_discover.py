"""Tests of :mod:`infoops.archive.discover`."""

from __future__ import annotations

import gzip
import os
import shutil
import zipfile

import pytest
from helpers import USER_BASE, tweet_rows, write_csv

import infoops
from infoops.archive.discover import campaign_from_name, discover, kind_from_name
from infoops.archive.schema import USER_COLUMNS


@pytest.mark.parametrize("name,campaign,kind", [
    ("venezuela_201901_1_tweets_csv_hashed_2.csv", "venezuela_201901_1", "tweets"),
    ("venezuela_201901_1_users_csv_hashed.csv", "venezuela_201901_1", "users"),
    ("venezuela_linked_tweets_csv_hashed.csv", "venezuela_201901_2", "tweets"),
    ("russian_linked_tweets_csv_hashed.csv", "russia_201901_1", "tweets"),
    ("iran_201901_1_tweets_csv_hashed_4.csv.gz", "iran_201901_1", "tweets"),
    ("unhashed_2019_08_saudi_arabia_082019_1_users_csv_unhashed.zip", "saudi_arabia_082019_1", "users"),
    ("turkey_052020_tweets_csv_unhashed_2009.csv", "turkey_052020", "tweets"),
    ("Venezuela_0621_tweets_csv_hashed_01.csv", "Venezuela_0621", "tweets"),
    ("russia_201901_1_head407.csv", "russia_201901_1", None),
    ("synthetic_venezuela_linked_tweets_csv_hashed.csv", "synthetic_venezuela_201901_2", "tweets"),
])
def test_campaign_and_kind_from_file_names(name, campaign, kind):
    assert campaign_from_name(name) == campaign
    assert kind_from_name(name) == kind


def test_discovers_parts_gzip_zip_year_folders_and_renamed_files(tmp_path):
    rows = tweet_rows(8)
    rel = tmp_path / "release"
    write_csv(rel / "2019" / "camp_201901_1_tweets_csv_hashed_part1.csv", rows[0:2])
    p2 = write_csv(tmp_path / "tmp2.csv", rows[2:4])
    with open(p2, "rb") as src, gzip.open(rel / "2019" / "camp_201901_1_tweets_csv_hashed_part2.csv.gz", "wb") as dst:
        shutil.copyfileobj(src, dst)
    p3 = write_csv(tmp_path / "tmp3.csv", rows[4:6])
    with zipfile.ZipFile(rel / "hashed_2019_01_camp_201901_1_tweets.zip", "w") as z:
        z.write(p3, "camp_201901_1_tweets_csv_hashed_3.csv")
    write_csv(rel / "2020" / "my_renamed_copy.csv", rows[6:8])  # no kind in name: by header
    write_csv(rel / "camp_201901_1_users_csv_hashed.csv", [USER_BASE], columns=USER_COLUMNS, base=USER_BASE)
    (rel / "notes.txt").write_text("not data")
    write_csv(rel / "my_analysis.csv", [{"a": "1"}], columns=["a", "b"], base={})
    ds = infoops.load(rel, progress=False)
    assert len(ds.tweets) == 8
    kinds = ds.files.groupby("kind").size().to_dict()
    assert kinds == {"tweets": 4, "users": 1}
    assert set(ds.files["campaign"]) == {"camp_201901_1", "my_renamed_copy"}
    ignored = {os.path.basename(i.path): i.reason for i in ds.ignored}
    assert "notes.txt" in ignored and "my_analysis.csv" in ignored
    assert "ignored" in ds.summary()


def test_empty_file(tmp_path):
    f = tmp_path / "x_tweets_csv_hashed.csv"
    f.write_bytes(b"")
    with pytest.raises(infoops.ArchiveError, match=r"x_tweets_csv_hashed\.csv: the file is empty"):
        infoops.load(f, progress=False)


def test_not_archive_format(tmp_path):
    f = write_csv(tmp_path / "results.csv", [{"a": "1"}], columns=["a", "b", "c"], base={})
    with pytest.raises(infoops.ArchiveError, match="not in the archive format"):
        infoops.load(f, progress=False)
    g = tmp_path / "x_tweets.csv"
    g.write_bytes(b"\x1f\x8b\x08\x00\x00\x00" + bytes(200))
    with pytest.raises(infoops.ArchiveError, match="NUL bytes"):
        infoops.load(g, progress=False)


def test_folder_without_archive_files(tmp_path):
    (tmp_path / "readme.md").write_text("x")
    with pytest.raises(infoops.ArchiveError, match="no archive tweets or users files found"):
        infoops.load(tmp_path, progress=False)


def test_zip_member_escaping_target_folder_is_refused(tmp_path):
    src = write_csv(tmp_path / "a.csv", tweet_rows(1))
    z = tmp_path / "evil_tweets.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(src, "../../outside_tweets.csv")
    with pytest.raises(infoops.UnsafeZipError, match="escapes the target folder"):
        infoops.load(z, progress=False)


def test_zip_bomb_is_refused(tmp_path):
    z = tmp_path / "bomb_tweets.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open("bomb_tweets.csv", "w") as fh:
            fh.write(b'"tweetid","userid","tweet_time"\n')
            chunk = b"0" * (1 << 20)
            for _ in range(100):  # 100 MiB of zeros, compressing about 1000 times
                fh.write(chunk)
    assert z.stat().st_size < 1_000_000
    with pytest.raises(infoops.UnsafeZipError, match="would expand"):
        infoops.load(z, progress=False)
    with pytest.raises(infoops.UnsafeZipError, match="more than the limit"):
        discover(z, max_unzipped_bytes=10_000_000, max_zip_ratio=1e9)


def test_zip_members_load_like_files(tmp_path):
    src = write_csv(tmp_path / "a.csv", tweet_rows(3))
    z = tmp_path / "c_201901_1.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(src, "inner/c_201901_1_tweets_csv_hashed.csv")
    ds = infoops.load(z, progress=False)
    assert len(ds.tweets) == 3 and ds.files["file"].iloc[0].endswith("!inner/c_201901_1_tweets_csv_hashed.csv")
    assert infoops.load(z, progress=False).files["from_cache"].all()
