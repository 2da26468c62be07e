"""Tests of :mod:`infoops.archive.cache`."""

from __future__ import annotations

import os
import time

from helpers import tweet_rows, write_csv

import infoops


def test_second_load_reads_cache_and_a_changed_file_invalidates_it(tmp_path):
    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(3))
    first = infoops.load(f, progress=False)
    assert not first.files["from_cache"].any()
    second = infoops.load(f, progress=False)
    assert second.files["from_cache"].all()
    assert second.tweets.equals(first.tweets)
    time.sleep(0.01)
    write_csv(f, tweet_rows(4))
    third = infoops.load(f, progress=False)
    assert not third.files["from_cache"].any() and len(third.tweets) == 4


def test_same_size_edit_invalidates_cache(tmp_path):
    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(2, tweet_text="aaaa"))
    infoops.load(f, progress=False)
    st = f.stat()
    f.write_text(f.read_text().replace("aaaa", "bbbb"))
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size and same mtime
    ds = infoops.load(f, progress=False)
    assert not ds.files["from_cache"].any()
    assert set(ds.tweets["tweet_text"]) == {"bbbb"}
