"""Tests of :mod:`infoops.archive.zips`: members checked, damaged ones refused in words."""

from __future__ import annotations

import struct
import zipfile

import pytest

from infoops.archive import zips
from infoops.errors import ArchiveError


def test_a_member_whose_size_is_forged_is_refused_naming_zip_and_member(tmp_path):
    data = b'"tweetid","userid","tweet_time"\n' + b'"1","u","2019-01-01 00:00"\n' * 500
    z = tmp_path / "r.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("x_tweets.csv", data)
    z.write_bytes(z.read_bytes().replace(struct.pack("<I", len(data)), struct.pack("<I", len(data) // 2)))
    with pytest.raises(ArchiveError, match=r"r\.zip!x_tweets\.csv: the zip member is corrupt or forged.*Bad CRC-32"):
        zips.extract_member(z, "x_tweets.csv", tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()  # nothing half-written is left


def test_resource_forks_and_members_are_named():
    assert zips.is_resource_fork("__MACOSX/data/._x_tweets.csv") and zips.is_resource_fork("._x.csv")
    assert not zips.is_resource_fork("data/x_tweets.csv")
    assert zips.member_label(__import__("pathlib").Path("a.zip"), "m.csv") == "a.zip!m.csv"
