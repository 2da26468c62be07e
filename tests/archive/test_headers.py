"""Tests of :mod:`infoops.archive.headers`: encodings, names and kinds from the whole header."""

from __future__ import annotations

import codecs

import pytest

from infoops.archive import headers
from infoops.archive.schema import TWEET_COLUMNS, USER_COLUMNS
from infoops.errors import ArchiveError


def test_names_match_the_archive_whatever_the_case_and_spaces():
    names, notes = headers.normalize_names(["TWEETID", " userid ", "Campaign_Inferred", ""], "f.csv")
    assert names == ("tweetid", "userid", "Campaign_Inferred", "unnamed_4")  # extra columns keep their spelling
    assert notes == ("column 1 'TWEETID' read as tweetid", "column 4 has no name: kept as unnamed_4")
    with pytest.raises(ArchiveError, match=r"f\.csv: the header names a column more than once \('userid' in "
                                           r"columns 1, 2\)"):
        headers.normalize_names(["UserID", "userid "], "f.csv")


def test_kind_comes_from_the_whole_header():
    assert headers.kind_from_header(TWEET_COLUMNS) == "tweets"
    assert headers.kind_from_header([c for c in TWEET_COLUMNS if c != "tweetid"]) == "tweets"  # never users
    assert headers.kind_from_header(USER_COLUMNS) == "users"
    assert headers.kind_from_header(USER_COLUMNS[1:]) == "users"  # a users file missing its userid
    assert headers.kind_from_header(["a", "b"]) is None and not headers.looks_like_archive(["a", "b"])


def test_utf16_with_a_bom_is_read_and_without_one_refused_unless_its_encoding_is_given(tmp_path):
    p = tmp_path / "x.csv"
    p.write_bytes(codecs.BOM_UTF16_BE + '"TweetID","userid","tweet_time"\n'.encode("utf-16-be"))
    h = headers.read_header(p)
    assert h.encoding == "utf-16" and h.names == ("tweetid", "userid", "tweet_time")
    for codec in ("utf-16-le", "utf-16-be"):
        p.write_bytes('"tweetid","userid"\n'.encode(codec))
        with pytest.raises(ArchiveError, match=f"{codec.upper()} text without a byte-order mark: give its encoding "
                                               rf"\(load\(encoding='{codec}'\)"):
            headers.read_header(p)
        assert headers.read_header(p, encoding=codec) == headers.Header(("tweetid", "userid"), codec)
    # a given encoding reads past a byte-order mark, and a start cut inside a character
    p.write_bytes(codecs.BOM_UTF16_LE + '"tweetid","userid"\n"1","é'.encode("utf-16-le")[:-1])
    assert headers.read_header(p, encoding="utf-16-le").names == ("tweetid", "userid")
    p.write_bytes(b"")
    with pytest.raises(ArchiveError, match=r"x\.csv: the file is empty \(0 bytes\)"):
        headers.read_header(p)
