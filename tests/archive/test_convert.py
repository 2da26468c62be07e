"""Tests of :mod:`infoops.archive.convert`."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import tweet_rows, write_csv

import infoops
from infoops.archive.schema import TWEET_COLUMNS


def _broken_file(tmp_path, n=5, bad_at=2):
    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(n))
    lines = f.read_text().splitlines(keepends=True)
    # Record `bad_at` (1-based) gets an extra field: a malformed record.
    lines[bad_at] = lines[bad_at].rstrip("\n") + ',"extra"\n'
    f.write_text("".join(lines))
    return f


def test_rejections_name_record_column_and_reason(tmp_path):
    rows = tweet_rows(6)
    rows[1]["tweet_time"] = "not a time"
    rows[2]["tweetid"] = ""
    rows[3]["tweetid"] = rows[0]["tweetid"]  # duplicate
    rows[4]["userid"] = ""
    f = write_csv(tmp_path / "x_tweets.csv", rows)
    ds = infoops.load(f, progress=False)
    assert len(ds.tweets) == 2
    rej = ds.rejected.sort_values("record")
    assert rej["record"].tolist() == [2, 3, 4, 5]
    assert rej["column"].tolist() == ["tweet_time", "tweetid", "tweetid", "userid"]
    reasons = rej["reason"].tolist()
    assert reasons[0] == "unparseable tweet_time" and reasons[1] == "missing tweetid"
    assert reasons[2].startswith("duplicate tweetid (first at record 1)")
    assert reasons[3] == "missing userid"
    r = ds.files.iloc[0]
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (6, 2, 4)


def test_malformed_record_in_the_middle_keeps_record_numbers_right(tmp_path):
    f = _broken_file(tmp_path)
    rows = pd.read_csv(f, dtype=str, on_bad_lines="skip")
    ds = infoops.load(f, progress=False)
    assert len(ds.tweets) == 4
    rej = ds.rejected
    assert rej["record"].tolist() == [2] and "too many fields" in rej["reason"].iloc[0]
    # The loaded rows keep their own record numbers: 1, 3, 4, 5.
    assert sorted(ds.tweets["source_record"].tolist()) == [1, 3, 4, 5]
    assert set(ds.tweets["tweetid"]) == set(rows["tweetid"])


def test_value_issue_after_a_broken_record_names_the_true_record(tmp_path):
    rows = tweet_rows(5)
    rows[3]["like_count"] = "many"
    f = write_csv(tmp_path / "x_tweets.csv", rows)
    lines = f.read_text().splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + ',"extra"\n'  # record 2 broken
    f.write_text("".join(lines))
    iss = infoops.load(f, progress=False).value_issues
    assert iss[["record", "column", "value"]].values.tolist() == [[4, "like_count", "many"]]


def test_truncated_download_loads_whole_records_and_reports_the_tail(tmp_path):
    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(4))
    text = f.read_text()
    f.write_text(text + '"1085299999999999999","abc","a cut off text that never clos')
    ds = infoops.load(f, progress=False)
    assert len(ds.tweets) == 4
    rej = ds.rejected
    assert len(rej) == 1 and rej["record"].iloc[0] == 5
    assert "unterminated quote" in rej["reason"].iloc[0]
    assert rej["id"].iloc[0] == "1085299999999999999"
    assert "never clos" in rej["raw"].iloc[0]


def test_missing_required_columns_are_listed(tmp_path):
    cols = [c for c in TWEET_COLUMNS if c not in ("tweet_time", "userid")]
    f = write_csv(tmp_path / "x_tweets.csv", tweet_rows(1), columns=cols)
    with pytest.raises(infoops.MissingColumnsError) as e:
        infoops.load(f, progress=False)
    assert str(f) in str(e.value) and "userid, tweet_time" in str(e.value)


def test_record_numbers_follow_the_file_on_a_parallel_scan(tmp_path):
    """Large enough for DuckDB to read in parallel chunks: record numbers must
    still be positions in the file (a plain parallel COPY does not keep file
    order; the reader's numbering must)."""
    rows = tweet_rows(120_000, tweet_text="x" * 150)
    f = write_csv(tmp_path / "big_tweets.csv", rows)
    assert f.stat().st_size > 30_000_000
    t = infoops.load(f, progress=False).sql("SELECT source_record, tweetid FROM tweets ORDER BY source_record")
    assert t["tweetid"].tolist() == [r["tweetid"] for r in rows]
    assert t["source_record"].tolist() == list(range(1, len(rows) + 1))


def test_clean_file_numbers_records_by_position_and_a_dirty_one_explicitly(tmp_path):
    """A clean file's cache keeps no record column (row i is record i + 1); a
    file with a rejected row stores the numbers. Both give the same answer."""
    rows = tweet_rows(5)
    clean = infoops.load(write_csv(tmp_path / "a_tweets.csv", rows), progress=False)
    assert clean.entries[0].report["record_numbers"] == "row_index"
    assert clean.tweets.sort_values("source_record")["source_record"].tolist() == [1, 2, 3, 4, 5]
    rows[1]["tweet_time"] = ""
    dirty = infoops.load(write_csv(tmp_path / "b_tweets.csv", rows), progress=False)
    assert dirty.entries[0].report["record_numbers"] == "column"
    assert dirty.tweets.sort_values("source_record")["source_record"].tolist() == [1, 3, 4, 5]


def test_a_windows_1252_part_after_a_utf8_start_is_found_from_the_rejects(tmp_path, monkeypatch):
    """A file whose start is plain ASCII (the sniff sees nothing) and whose
    later records were saved in Windows-1252: the first read rejects them for
    their encoding, the file is read again as Windows-1252, and the note names
    the records the first read rejected."""
    from infoops.archive import convert

    monkeypatch.setattr(convert, "SNIFF_BYTES", 64)
    rows = tweet_rows(6)
    for r in rows[3:]:
        r["tweet_text"] = "acción en Año Nuevo"
    f = write_csv(tmp_path / "x_tweets.csv", rows)
    head, _, rest = f.read_bytes().partition(b"acci")
    f.write_bytes(head + (b"acci" + rest).decode("utf-8").encode("cp1252"))
    ds = infoops.load(f, progress=False)
    r = ds.files.iloc[0]
    assert (r.rows_loaded, r.rows_rejected, r.encoding) == (6, 0, "windows-1252")
    assert r.encoding_note == ("not UTF-8: 6 byte(s) that are not UTF-8 against 0 UTF-8 character(s) outside ASCII; "
                               "read as Windows-1252 (cp1252) (read as UTF-8, 3 record(s) were rejected, the first: "
                               "record 4)")
    assert (ds.tweets.sort_values("tweetid")["tweet_text"].tail(3) == "acción en Año Nuevo").all()
