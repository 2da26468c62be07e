"""Tests of :mod:`infoops.archive.reader`."""

from __future__ import annotations

import pytest
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


def test_a_given_encoding_is_read_and_cached_apart_from_the_default(tmp_path):
    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(3, tweet_text="Привет, мир"))
    f.write_bytes(f.read_text(encoding="utf-8").encode("cp1251"))
    cache = tmp_path / "cache"
    detected = infoops.load(f, progress=False, cache_dir=cache)
    assert detected.files["rows_rejected"].tolist() == [3]  # Cyrillic in cp1251: not taken for Windows-1252
    given = infoops.load(f, progress=False, cache_dir=cache, encoding="CP1251")
    assert given.files[["rows_loaded", "encoding", "from_cache"]].values.tolist() == [[3, "cp1251", False]]
    assert (given.tweets["tweet_text"] == "Привет, мир").all()
    assert infoops.load(f, progress=False, cache_dir=cache, encoding="cp1251").files["from_cache"].all()
    assert infoops.load(f, progress=False, cache_dir=cache).files["rows_rejected"].tolist() == [3]
    with pytest.raises(ValueError, match="'klingon' is not a text encoding"):
        infoops.load(f, progress=False, cache_dir=cache, encoding="klingon")
    data = f.read_bytes()
    at = data.index("Привет".encode("cp1251"))
    f.write_bytes(data[:at] + b"\x98" + data[at + 1:])  # 0x98: undefined in cp1251
    with pytest.raises(infoops.ArchiveError, match=f"not valid cp1251 text near byte {at:,} .*give the encoding"):
        infoops.load(f, progress=False, cache_dir=cache, encoding="cp1251")
