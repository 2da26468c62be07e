"""Tests of :mod:`infoops.archive.reader`."""

from __future__ import annotations

from helpers import tweet_rows, write_csv

import infoops
from infoops.archive.discover import discover


def test_progress_callback_reaches_one_and_a_warm_cache_shows_no_bar(tmp_path, capsys):
    from infoops.archive.convert import convert

    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(50))
    src = discover(f)[0][0]
    seen: list[float] = []
    convert(src, progress=seen.append)
    assert seen and seen[-1] == 1.0 and all(0 <= s <= 1 for s in seen)
    infoops.load(f, progress=True)
    capsys.readouterr()
    infoops.load(f, progress=True)  # cached: nothing to convert, no bar
    assert "converting" not in capsys.readouterr().err
