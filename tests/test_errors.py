"""Tests of :mod:`infoops.errors`: every error names the file and the problem."""

from __future__ import annotations

from infoops.errors import ArchiveError, MissingColumnsError, UnsafeZipError


def test_messages_name_file_and_problem():
    e = ArchiveError("data/x.csv", "the file is empty")
    assert str(e) == "data/x.csv: the file is empty" and e.path == "data/x.csv"
    m = MissingColumnsError("t.csv", ["tweetid", "tweet_time"], "tweets")
    assert "t.csv: missing required tweets column(s): tweetid, tweet_time" in str(m) and m.missing == ["tweetid", "tweet_time"]
    assert isinstance(UnsafeZipError("a.zip", "bomb"), ArchiveError) and isinstance(m, ValueError)
