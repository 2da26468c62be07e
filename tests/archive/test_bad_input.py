"""The bad-input corpus: broken, odd and hostile files, built at test time
from generated rows and from the real excerpts in ../shared/realdata (nothing
is copied into the repository). Every case states its exact outcome:

- ``Refused``: the load stops with an ArchiveError whose message names the
  file (and the zip member, record or column when known) and the problem in
  words, never SQL and never a raw Python exception;
- ``Loaded``: every record read is loaded or rejected (read = loaded +
  rejected, per file), with the stated counts, rejects (record, column,
  reason) and ignored paths; and every loaded row equals its source record
  (ids and free text byte for byte, read back here with Python's csv module).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import os
import re
import signal
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
import pytest
from helpers import REALDATA, USER_BASE, tweet_rows, write_csv

import infoops
from infoops.archive.schema import USER_COLUMNS

FREE_TEXT = ("user_display_name", "user_screen_name", "tweet_text", "tweet_client_name")
TEXT_COLUMNS = ("tweetid", "userid", "user_display_name", "user_screen_name", "tweet_text", "tweet_client_name",
                "in_reply_to_tweetid", "quoted_tweet_tweetid", "retweet_tweetid")


@dataclass
class Refused:
    """The load stops: ``pattern`` is searched in the message, which must also name ``names``."""

    pattern: str
    names: tuple[str, ...] = ()


@dataclass
class Loaded:
    """The load succeeds with these counts (over all files), rejects and ignored paths."""

    loaded: int
    rejected: int = 0
    rejects: list[tuple[int, str, str]] = field(default_factory=list)  # (record, column, reason regex)
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (name regex, reason regex)
    check: Callable[[infoops.Dataset], None] | None = None
    encoding: str | dict[str, str] | None = None  # given to load()


def _file(tmp: Path, name: str = "camp_201901_tweets_csv_hashed.csv", rows=None, **kw) -> Path:
    return write_csv(tmp / name, tweet_rows(5) if rows is None else rows, **kw)


def _edit(p: Path, old: bytes, new: bytes, count: int = 1) -> Path:
    b = p.read_bytes()
    assert old in b, old
    p.write_bytes(b.replace(old, new, count))
    return p


def _zip(tmp: Path, members: dict[str, bytes], name: str = "release.zip", method=zipfile.ZIP_DEFLATED) -> Path:
    z = tmp / name
    with zipfile.ZipFile(z, "w", method) as zf:
        for m, data in members.items():
            zf.writestr(m, data)
    return z


def _header_edit(p: Path, fn: Callable[[str], str]) -> Path:
    text = p.read_text(encoding="utf-8")
    head, rest = text.split("\n", 1)
    p.write_text(fn(head) + "\n" + rest, encoding="utf-8")
    return p


def _real(name: str) -> Path:
    return REALDATA / name


# --------------------------------------------------------------------------- cases: refused


def corrupt_zip_member(tmp):
    data = _file(tmp / "src", rows=tweet_rows(300)).read_bytes()
    z = _zip(tmp, {"camp_201901_tweets_csv_hashed.csv": data})
    b = bytearray(z.read_bytes())
    for i in (200, 300, 400):
        b[i] ^= 0xFF
    z.write_bytes(bytes(b))
    return z, Refused(r"release\.zip!camp_201901_tweets_csv_hashed\.csv: the zip member is corrupt or forged",
                      ("release.zip",))


def forged_zip_size(tmp):
    data = _file(tmp / "src", rows=tweet_rows(300)).read_bytes()
    z = _zip(tmp, {"camp_201901_tweets_csv_hashed.csv": data}, method=zipfile.ZIP_STORED)
    real, fake = struct.pack("<I", len(data)), struct.pack("<I", len(data) // 2)
    z.write_bytes(z.read_bytes().replace(real, fake))  # local and central headers now lie
    return z, Refused(r"release\.zip!camp_201901_tweets_csv_hashed\.csv: the zip member is corrupt or forged.*"
                      r"Bad CRC-32", ("release.zip",))


def tweets_without_tweetid(tmp):
    cols = [c for c in infoops.archive.schema.TWEET_COLUMNS if c != "tweetid"]
    p = write_csv(tmp / "renamed.csv", tweet_rows(5), columns=cols)
    return p, Refused(r"renamed\.csv: missing required tweets column\(s\): tweetid")


def users_without_userid(tmp):
    p = write_csv(tmp / "profiles.csv", [{}], columns=[c for c in USER_COLUMNS if c != "userid"], base=USER_BASE)
    return p, Refused(r"profiles\.csv: missing required users column\(s\): userid")


def duplicated_column(tmp):
    p = _header_edit(_file(tmp), lambda h: h.replace('"tweet_client_name"', '"tweet_text"'))
    return p, Refused(r"tweets_csv_hashed\.csv: the header names a column more than once \('tweet_text' in columns "
                      r"13, 15\)")


def duplicated_column_by_case(tmp):
    p = _header_edit(_file(tmp), lambda h: h.replace('"user_screen_name"', '"TweetID"'))
    return p, Refused(r"the header names a column more than once \('tweetid' in columns 1, 4\)")


def duplicated_column_by_spaces(tmp):
    p = _header_edit(_file(tmp), lambda h: h.replace('"user_screen_name"', '" userid "'))
    return p, Refused(r"the header names a column more than once \('userid' in columns 2, 4\)")


def empty_tweets_file(tmp):
    p = tmp / "camp_201901_tweets_csv_hashed.csv"
    p.write_bytes(b"")
    return p, Refused(r"camp_201901_tweets_csv_hashed\.csv: the file is empty \(0 bytes\)")


def gzip_under_csv_name(tmp):
    p = tmp / "camp_201901_tweets_csv_hashed.csv"
    p.write_bytes(gzip.compress(_file(tmp / "src").read_bytes()))
    return p, Refused(r"camp_201901_tweets_csv_hashed\.csv: not a text CSV file .*compressed")


def utf16_without_bom(tmp):
    p = _file(tmp)
    p.write_bytes(p.read_text(encoding="utf-8").encode("utf-16-le"))
    return p, Refused(r"looks like UTF-16-LE text without a byte-order mark: give its encoding "
                      r"\(load\(encoding='utf-16-le'\), --encoding utf-16-le, or the notebooks' encoding\) "
                      r"or re-save it as UTF-8")


def not_the_archive_format(tmp):
    p = tmp / "results.csv"
    p.write_text("a,b,c\n1,2,3\n")
    return p, Refused(r"results\.csv: not in the archive format")


def zip_escaping_folder(tmp):
    z = _zip(tmp, {"../../evil_tweets.csv": _file(tmp / "src").read_bytes()})
    return z, Refused(r"release\.zip: zip member path '\.\./\.\./evil_tweets\.csv' escapes the target folder")


def zip_bomb(tmp):
    z = tmp / "bomb.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("x_tweets.csv", b"0" * (80 * 1024**2))
    return z, Refused(r"bomb\.zip: zip member 'x_tweets\.csv' would expand .* times")


def not_a_zip(tmp):
    z = tmp / "release.zip"
    z.write_bytes(b"this is not a zip at all" * 10)
    return z, Refused(r"release\.zip: not a valid zip file")


def only_a_named_pipe(tmp):
    os.mkfifo(tmp / "camp_201901_tweets_csv_hashed.csv")
    return tmp, Refused(r"no archive tweets or users files found .*passed over: .*camp_201901_tweets_csv_hashed\.csv"
                        r": a named pipe, not a regular file")


def zip_of_resource_forks_only(tmp):
    z = _zip(tmp, {"__MACOSX/._camp_tweets.csv": b"\x00\x05\x16\x07" + bytes(60)})
    return z, Refused(r"no archive tweets or users files found .*__MACOSX/\._camp_tweets\.csv: macOS resource fork")


def explicit_text_file(tmp):
    p = tmp / "notes.txt"
    p.write_text("tweetid,userid\n")
    return p, Refused(r"notes\.txt: not an archive file: expected \.csv, \.csv\.gz or \.zip")


def missing_path(tmp):
    return tmp / "nowhere", Refused(r"nowhere: no such file or folder")


# --------------------------------------------------------------------------- cases: loaded


def upper_case_header(tmp):
    p = _header_edit(_file(tmp), str.upper)

    def check(ds):
        assert ds.entries[0].source.notes[0] == "column 1 'TWEETID' read as tweetid"
    return p, Loaded(5, check=check)


def header_with_outer_spaces(tmp):
    p = _header_edit(_file(tmp), lambda h: h.replace('"tweetid"', '"  tweetid "').replace('"hashtags"', '" hashtags"'))
    return p, Loaded(5, check=lambda ds: (ds.tweets["hashtags"].map(list) == pd.Series([[]] * 5)).all())


def trailing_comma_every_line(tmp):
    p = _file(tmp)
    p.write_text("".join(line + ",\n" for line in p.read_text().splitlines()))

    def check(ds):
        assert ds.files["columns_extra"].iloc[0] == "unnamed_32" and ds.tweets["unnamed_32"].isna().all()
    return p, Loaded(5, check=check)


def utf16_le_with_bom(tmp):
    p = _file(tmp, rows=tweet_rows(5, tweet_text="مرحبا 😀 Привет, \"hola\"\nñ"))
    p.write_bytes(codecs.BOM_UTF16_LE + p.read_text(encoding="utf-8").encode("utf-16-le"))
    return p, Loaded(5, check=lambda ds: (ds.tweets["tweet_text"] == "مرحبا 😀 Привет, \"hola\"\nñ").all())


def utf16_be_with_bom(tmp):
    p = _file(tmp)
    p.write_bytes(codecs.BOM_UTF16_BE + p.read_text(encoding="utf-8").encode("utf-16-be"))
    return p, Loaded(5)


def utf8_with_bom(tmp):
    p = _file(tmp)
    p.write_bytes(codecs.BOM_UTF8 + p.read_bytes())
    return p, Loaded(5)


def iso_times_with_milliseconds(tmp):
    rows = tweet_rows(5)
    for r in rows:
        r["tweet_time"] = r["tweet_time"].replace(" ", "T") + ":00.000Z"
    p = _file(tmp, rows=rows)
    return p, Loaded(5, check=lambda ds: ds.value_issues.empty and
                     (ds.tweets["tweet_time"].dt.strftime("%Y-%m-%d %H:%M") ==
                      pd.Series([r["tweet_time"][:16].replace("T", " ") for r in rows])).all())


def iso_times_with_offsets(tmp):
    rows = tweet_rows(3)
    rows[0]["tweet_time"], rows[1]["tweet_time"], rows[2]["tweet_time"] = (
        "2019-01-15T08:03:00-04:00", "2019-01-15 14:04:00.250+02:00", "2019-01-15T12:05+00:00")

    def check(ds):
        got = ds.tweets.sort_values("tweetid")["tweet_time"].dt.strftime("%H:%M").tolist()
        assert got == ["12:03", "12:04", "12:05"]
    return _file(tmp, rows=rows), Loaded(3, check=check)


def stray_empty_csv_in_folder(tmp):
    _file(tmp)
    (tmp / "notes.csv").write_bytes(b"")
    return tmp, Loaded(5, ignored=[(r"notes\.csv$", r"^empty file$")])


def resource_fork_in_zip(tmp):
    z = _zip(tmp, {"camp_201901_tweets_csv_hashed.csv": _file(tmp / "src").read_bytes(),
                   "__MACOSX/._camp_201901_tweets_csv_hashed.csv": b"\x00\x05\x16\x07" + bytes(60),
                   "readme.txt": b"hello"})
    (tmp / "src" / "camp_201901_tweets_csv_hashed.csv").unlink()
    return z, Loaded(5, ignored=[(r"__MACOSX/\._camp", "macOS resource fork"), (r"readme\.txt$", "not a CSV member")])


def named_pipe_beside_files(tmp):
    _file(tmp)
    os.mkfifo(tmp / "other_201901_tweets_csv_hashed.csv")
    return tmp, Loaded(5, ignored=[(r"other_201901_tweets_csv_hashed\.csv$", r"a named pipe, not a regular file")])


def overlong_record(tmp):
    rows = tweet_rows(3)
    rows[1]["tweet_text"] = "x" * 3_000_000
    return _file(tmp, rows=rows), Loaded(2, 1, rejects=[(2, "tweet_text", r"over the line-size limit .*longest field "
                                                               r"is tweet_text")])


def record_with_too_few_fields(tmp):
    p = _file(tmp)
    lines = p.read_text().split("\n")
    lines[2] = '","'.join(lines[2].split('","')[:9]) + '"'  # 9 of 31 fields, quotes balanced
    p.write_text("\n".join(lines))
    return p, Loaded(4, 1, rejects=[(2, "account_creation_date", r"record has too few fields \(9 of the header's 31\)")])


def record_with_too_many_fields(tmp):
    p = _file(tmp)
    lines = p.read_text().split("\n")
    lines[3] += ',"surplus"'
    p.write_text("\n".join(lines))
    return p, Loaded(4, 1, rejects=[(3, "", r"record has too many fields \(32 for the header's 31\)")])


def invalid_utf8_in_one_text(tmp):
    """Damaged bytes in a UTF-8 file with accented letters: the record holding
    them is rejected, the file is not taken for another code page."""
    p = _file(tmp, rows=tweet_rows(5, tweet_text="canción de café"))
    return _edit(p, "canción".encode(), b"canci\xff\xfen"), Loaded(
        4, 1, rejects=[(1, "tweet_text", "INVALID ENCODING")], check=_utf8_without_note)


def windows_1252_file(tmp):
    """Saved by a Windows program: every record with an accent was rejected;
    read as Windows-1252, all load, with the texts as written."""
    p = _file(tmp, rows=tweet_rows(3, tweet_text="café “de” Año"))
    p.write_bytes(p.read_text(encoding="utf-8").encode("cp1252"))

    def check(ds):
        _encoding("windows-1252", re.escape("not UTF-8: 12 byte(s) that are not UTF-8 against 0 UTF-8 character(s) "
                                            "outside ASCII; read as Windows-1252 (cp1252)") + "$")(ds)
        assert (ds.tweets["tweet_text"] == "café “de” Año").all()
    return p, Loaded(3, check=check)


def ascii_file_with_two_stray_bytes(tmp):
    """Two stray bytes in an ASCII file read as "ÿþ" inside a word in
    Windows-1252, which Western text does not hold: the file is not taken
    for that code page, the record stays rejected, and the note says why."""
    p = _edit(_file(tmp), b'"Hola"', b'"Ho\xff\xfela"')
    return p, Loaded(4, 1, rejects=[(1, "tweet_text", "INVALID ENCODING")],
                     check=_encoding("utf-8", r"^not UTF-8: 2 byte\(s\) that are not UTF-8 against 0 .*not read as "
                                              r"Windows-1252, because read so, 1 of its 2 letters outside ASCII "
                                              r"would be characters such as ð, þ, ³ or ¹ inside words"))


def byte_undefined_in_windows_1252(tmp):
    """0x81 is in no Windows-1252 text: the file stays UTF-8, the record rejected."""
    p = _edit(_file(tmp), b'"Hola"', b'"Ho\x81la"')
    return p, Loaded(4, 1, rejects=[(1, "tweet_text", "INVALID ENCODING")],
                     check=_encoding("utf-8", "not Windows-1252 either"))


def _utf8_without_note(ds: infoops.Dataset) -> None:
    assert ds.files["encoding"].tolist() == ["utf-8"] and ds.files["encoding_note"].tolist() == [""], ds.files
    assert "    encoding" not in ds.summary()


def _encoding(name: str, note: str) -> Callable[[infoops.Dataset], None]:
    def check(ds: infoops.Dataset) -> None:
        assert ds.files["encoding"].tolist() == [name], ds.files
        assert re.search(note, ds.files["encoding_note"].iloc[0]), ds.files["encoding_note"].iloc[0]
        assert "    encoding not UTF-8" in ds.summary()
    return check


def nul_byte_inside_a_text(tmp):
    return _edit(_file(tmp), b'"Hola"', b'"Ho\x00la"'), Loaded(5)


def crlf_line_endings(tmp):
    p = _file(tmp, rows=tweet_rows(4, tweet_text="line one\r\nline two"))
    p.write_bytes(p.read_bytes().replace(b'"\n', b'"\r\n'))
    return p, Loaded(4, check=lambda ds: (ds.tweets["tweet_text"] == "line one\r\nline two").all())


def header_only(tmp):
    return _file(tmp, rows=[]), Loaded(0)


def no_final_newline(tmp):
    p = _file(tmp)
    p.write_bytes(p.read_bytes().rstrip(b"\n"))
    return p, Loaded(5)


def duplicate_tweet_in_file(tmp):
    rows = tweet_rows(4)
    rows.append(dict(rows[1]))
    return _file(tmp, rows=rows), Loaded(4, 1, rejects=[(5, "tweetid", r"duplicate tweetid \(first at record 2\)")])


def missing_times(tmp):
    rows = tweet_rows(4)
    rows[2]["tweet_time"] = ""
    rows[3]["tweet_time"] = "yesterday"
    return _file(tmp, rows=rows), Loaded(2, 2, rejects=[(3, "tweet_time", "missing tweet_time"),
                                                         (4, "tweet_time", "unparseable tweet_time")])


def columns_in_another_order(tmp):
    cols = list(reversed(infoops.archive.schema.TWEET_COLUMNS))
    return write_csv(tmp / "camp_201901_tweets_csv_hashed.csv", tweet_rows(5), columns=cols), Loaded(5)


# --------------------------------------------------------------------------- cases: real excerpts


def real_truncated_download(tmp):
    return _real("russia_201901_1_head_truncated.csv"), Loaded(407, 1)


def real_gzipped(tmp):
    p = tmp / "russia_201901_1_tweets_csv_hashed.csv.gz"
    p.write_bytes(gzip.compress(_real("russia_201901_1_head407.csv").read_bytes()))
    return p, Loaded(407)


def real_crlf(tmp):
    p = tmp / "russia_201901_1_tweets_csv_hashed.csv"
    # Record ends (a quote at the end of a line) become CRLF; line breaks inside texts stay LF.
    p.write_bytes(re.sub(rb'"\n(?="|$)', b'"\r\n', _real("russia_201901_1_head407.csv").read_bytes()))
    return p, Loaded(407)


def _record_ends(ends: Callable[[int], bytes]) -> bytes:
    """The real excerpt with record k's end (k = 0 for the header) set to
    ``ends(k)``; line breaks inside its texts stay LF."""
    parts = re.split(rb'"\n(?="|$)', _real("russia_201901_1_head407.csv").read_bytes())
    body = [part + b'"' + ends(k) for k, part in enumerate(parts[:-1])]
    return b"".join(body) + parts[-1]


def _ends_noted(crlf: int, lf: int, how: str) -> Callable[[infoops.Dataset], None]:
    def check(ds: infoops.Dataset) -> None:
        assert ds.files["record_ends"].tolist() == [f"mixed: {crlf:,} records end in CRLF and {lf:,} in LF; {how}"]
        assert f"record ends mixed: {crlf:,} records end in CRLF" in ds.summary()
    return check


def real_mixed_line_endings(tmp):
    """CRLF after every record but the last: DuckDB, having seen CRLF, cannot
    end the last record, so the file is read again with LF record ends."""
    p = tmp / "russia_201901_1_tweets_csv_hashed.csv"
    p.write_bytes(_record_ends(lambda k: b"\r\n" if k < 407 else b"\n"))
    return p, Loaded(407, check=_ends_noted(407, 1, "read with every record ending in LF"))


def real_alternating_line_endings(tmp):
    """Every other record ends in CRLF: read strictly, half the records ran into the next."""
    p = tmp / "russia_201901_1_tweets_csv_hashed.csv"
    p.write_bytes(_record_ends(lambda k: b"\r\n" if k % 2 else b"\n"))
    return p, Loaded(407, check=_ends_noted(204, 204, "read with every record ending in LF"))


def real_parts_joined_crlf_then_lf(tmp):
    """A Windows-saved part joined to a Unix one: read strictly, the LF half
    ran into one huge record (207 records lost but for one reject)."""
    p = tmp / "russia_201901_1_tweets_csv_hashed.csv"
    p.write_bytes(_record_ends(lambda k: b"\r\n" if k < 200 else b"\n"))
    return p, Loaded(407, check=_ends_noted(200, 208, "read with every record ending in LF"))


def real_parts_joined_lf_then_crlf_with_crlf_inside_texts(tmp):
    """The other order, with CRLF line breaks inside two texts: they are part
    of the texts and stay as they are (assert_accounted compares every value)."""
    p = tmp / "russia_201901_1_tweets_csv_hashed.csv"
    data = _record_ends(lambda k: b"\n" if k < 200 else b"\r\n")
    inside = [m.start() for m in re.finditer(rb'[^"]\n[^"]', data)]
    for at in (inside[3], inside[-3]):  # one in each half
        data = data[:at + 1] + b"\r" + data[at + 1:]
        inside = [i + 1 for i in inside]
    p.write_bytes(data)
    return p, Loaded(407, check=_ends_noted(208, 200, "read with every record ending in LF"))


def real_broken_quote_then_mixed_line_endings(tmp):
    """The limit of counting record ends by quote state: a quote left open in
    record 5 turns the state around for the rest of the file, so most record
    ends look like line breaks inside a text. Every record is still accounted
    for (half of them rejected, with DuckDB's reason), and the note says the
    ends were mixed."""
    p = tmp / "russia_201901_1_tweets_csv_hashed.csv"
    data = _record_ends(lambda k: b"\r\n" if k % 2 else b"\n")
    fifth = [m.start() for m in re.finditer(rb'\n"\d{17,20}","', data)][4]
    text_at = [m.start() for m in re.finditer(rb'","', data[fifth:])][12] + fifth + 8  # inside tweet_text
    p.write_bytes(data[:text_at] + b'"' + data[text_at:])
    return p, Loaded(205, 202, rejects=[(5, "userid", "too few fields")],
                     check=_ends_noted(2, 591, "read with every record ending in LF"))


def real_crlf_with_broken_quote_in_the_middle(tmp):
    """All CRLF, and a quote broken in record 201: past it the quote state is
    turned around, so the ends look mixed; the copy with LF ends would reject
    more, so the file is read as it is (as with LF ends: one record rejected)."""
    p = tmp / "russia_201901_1_tweets_csv_hashed.csv"
    p.write_bytes(_record_ends(lambda k: b"\r\n"))
    _edit(p, *_broken_quote(p.read_bytes(), 200))
    return p, Loaded(406, 1, rejects=[(201, "tweetid", "UNQUOTED VALUE")],
                     check=_ends_noted(201, 359, "reading them all as LF rejected no fewer records, "
                                              "so the file was read as it is"))


def real_resaved_in_windows_1252(tmp):
    """The real excerpt re-saved by a Windows program in Windows-1252, which
    has no Cyrillic: those letters became "?" there (lost before the reader),
    and every record loads with the texts as they are in the re-saved file."""
    p = tmp / "russia_201901_1_tweets_csv_hashed.csv"
    p.write_bytes(_real("russia_201901_1_head407.csv").read_text(encoding="utf-8").encode("cp1252", "replace"))
    return p, Loaded(407, check=_encoding("windows-1252", r"read as Windows-1252 \(cp1252\)$"))


def real_resaved_in_windows_1251(tmp):
    """The real excerpt re-saved on a Russian Windows (code page 1251): read
    as Windows-1252 its Cyrillic would load as "Ïðèâåò" without a trace, so
    it is not; every record with Cyrillic stays rejected, and the note says
    why and what to do."""
    p = tmp / "russia_201901_1_tweets_csv_hashed.csv"
    text = _real("russia_201901_1_head407.csv").read_text(encoding="utf-8")
    p.write_bytes(text.encode("cp1251", "replace"))
    _, records = _source_records(str(p), "cp1251")

    def utf8(r: list[str]) -> bool:
        try:
            ",".join(r).encode("cp1251", "replace").decode("utf-8")
            return True
        except UnicodeDecodeError:
            return False
    bad = sum(not utf8(r) for r in records)
    assert 0 < bad < 407

    def check(ds):
        _encoding("utf-8", r"not read as Windows-1252, because .* Cyrillic, .*: give its encoding "
                           r"\(load\(encoding=\.\.\.\), --encoding, or the notebooks' encoding\) or re-save it "
                           r"as UTF-8$")(ds)
        assert ds.rejected["reason"].str.startswith("INVALID ENCODING").all()
    return p, Loaded(407 - bad, bad, check=check)


def real_resaved_in_windows_1251_given(tmp):
    """The same file with its encoding given (``load(encoding="cp1251")``,
    through a mapping by file name): every record loads, every value as
    written (assert_accounted decodes it independently in cp1251)."""
    p = tmp / "russia_201901_1_tweets_csv_hashed.csv"
    p.write_bytes(_real("russia_201901_1_head407.csv").read_text(encoding="utf-8").encode("cp1251", "replace"))

    def check(ds):
        assert ds.files["encoding"].tolist() == ["cp1251"]
        assert ds.files["encoding_note"].tolist() == ["read as cp1251, as given"]
        assert ds.tweets["tweet_text"].str.contains("[а-яА-Я]").sum() > 0
    return p, Loaded(407, check=check, encoding={p.name: "windows-1251"})


def real_utf16_be_without_bom_given(tmp):
    """UTF-16 without its byte-order mark (refused when nothing is said, see
    ``utf16_without_bom``) is read when its encoding is given: the header too."""
    p = tmp / "russia_201901_1_tweets_csv_hashed.csv"
    p.write_bytes(_real("russia_201901_1_head407.csv").read_text(encoding="utf-8").encode("utf-16-be"))

    def check(ds):
        assert ds.files[["encoding", "encoding_note"]].values.tolist() == [["utf-16-be", "read as utf-16-be, as given"]]
    return p, Loaded(407, check=check, encoding="UTF-16BE")


def real_upper_case_header_in_zip(tmp):
    text = _real("russia_201901_1_head407.csv").read_text(encoding="utf-8")
    head, rest = text.split("\n", 1)
    z = _zip(tmp, {"RUSSIA_201901_1_TWEETS.csv": (head.upper() + "\n" + rest).encode(),
                   "__MACOSX/._RUSSIA_201901_1_TWEETS.csv": b"\x00\x05\x16\x07"})
    return z, Loaded(407, ignored=[("__MACOSX", "resource fork")])


def real_utf16(tmp):
    p = tmp / "russia_201901_1_tweets_csv_hashed.csv"
    p.write_bytes(codecs.BOM_UTF16_LE + _real("russia_201901_1_head407.csv").read_text(encoding="utf-8")
                  .encode("utf-16-le"))
    return p, Loaded(407)


def real_mixed_resaved(tmp):
    return _real("mixed_2020_2021_releases_sample650.csv"), Loaded(650)


def real_users_from_r(tmp):
    return _real("china_082019_users.csv"), Loaded(940)


def real_given_twice(tmp):
    a = _real("russia_201901_1_head407.csv")
    b = tmp / "copy_tweets.csv"
    b.write_bytes(a.read_bytes())
    return [a, b], Loaded(407, 407)


def _broken_quote(data: bytes, k: int) -> tuple[bytes, bytes]:
    """(old, new) bytes that put text after the closing quote of record k + 1's tweetid."""
    start = [m.start() for m in re.finditer(rb'(?:^|\n)"\d{17,20}","', data)][k]
    old = data[start:data.index(b'","', start + 2) + 3]
    return old, old.replace(b'","', b'"junk","', 1)


def real_with_broken_quote_in_the_middle(tmp):
    p = tmp / "russia_201901_1_tweets_csv_hashed.csv"
    p.write_bytes(_real("russia_201901_1_head407.csv").read_bytes())
    _edit(p, *_broken_quote(p.read_bytes(), 200))  # text after a closing quote
    return p, Loaded(406, 1, rejects=[(201, "tweetid", "UNQUOTED VALUE")])


def real_float_damaged_ids(tmp):
    p = tmp / "russia_201901_1_tweets_csv_hashed.csv"
    df = pd.read_csv(_real("russia_201901_1_head407.csv"))  # pandas turns ids into floats
    df.to_csv(p, index=False)

    def check(ds):
        issues = ds.value_issues.groupby("column").size().to_dict()
        assert issues == {"quoted_tweet_tweetid": 50, "retweet_tweetid": 3, "retweet_userid": 3}, issues
        assert set(ds.value_issues["problem"]) == {"id written as a float: digits lost"}
    return p, Loaded(407, check=check)


GENERATED = [corrupt_zip_member, forged_zip_size, tweets_without_tweetid, users_without_userid, duplicated_column,
             duplicated_column_by_case, duplicated_column_by_spaces, empty_tweets_file, gzip_under_csv_name,
             utf16_without_bom, not_the_archive_format, zip_escaping_folder, zip_bomb, not_a_zip, only_a_named_pipe,
             zip_of_resource_forks_only, explicit_text_file, missing_path,
             upper_case_header, header_with_outer_spaces, trailing_comma_every_line, utf16_le_with_bom,
             utf16_be_with_bom, utf8_with_bom, iso_times_with_milliseconds, iso_times_with_offsets,
             stray_empty_csv_in_folder, resource_fork_in_zip, named_pipe_beside_files, overlong_record,
             record_with_too_few_fields, record_with_too_many_fields, invalid_utf8_in_one_text, windows_1252_file,
             ascii_file_with_two_stray_bytes, byte_undefined_in_windows_1252,
             nul_byte_inside_a_text, crlf_line_endings, header_only, no_final_newline, duplicate_tweet_in_file,
             missing_times, columns_in_another_order]
REAL = [real_truncated_download, real_gzipped, real_crlf, real_mixed_line_endings, real_alternating_line_endings,
        real_parts_joined_crlf_then_lf, real_parts_joined_lf_then_crlf_with_crlf_inside_texts,
        real_broken_quote_then_mixed_line_endings, real_crlf_with_broken_quote_in_the_middle,
        real_resaved_in_windows_1252, real_resaved_in_windows_1251, real_resaved_in_windows_1251_given,
        real_utf16_be_without_bom_given,
        real_upper_case_header_in_zip, real_utf16,
        real_mixed_resaved, real_users_from_r, real_given_twice, real_with_broken_quote_in_the_middle,
        real_float_damaged_ids]


# --------------------------------------------------------------------------- the invariants


def _source_records(label: str, encoding: str) -> tuple[list[str], list[list[str]]]:
    """Header (names lower-cased and trimmed) and records of a source, read here independently."""
    csv.field_size_limit(1 << 30)
    path, _, member = label.partition("!")
    if member:
        with zipfile.ZipFile(path) as zf:
            raw = zf.read(member)
    elif path.endswith(".gz"):
        raw = gzip.decompress(Path(path).read_bytes())
    else:
        raw = Path(path).read_bytes()
    text = raw.decode({"utf-8": "utf-8-sig", "windows-1252": "cp1252"}.get(encoding, encoding), errors="replace")
    text = text.removeprefix("\ufeff")  # a byte-order mark read in an encoding given as utf-16-le
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=False))
    return [c.strip().lower() for c in rows[0]], rows[1:]


def assert_accounted(ds: infoops.Dataset) -> None:
    """Read = loaded + rejected for every file, and every loaded row equals its source."""
    files = ds.files
    assert (files["rows_read"] == files["rows_loaded"] + files["rows_rejected"]).all(), files
    for e in ds.entries:
        if e.source.kind != "tweets":
            continue
        header, records = _source_records(e.source.label, e.report.get("encoding", e.source.encoding))
        by_id = {}
        for r in records:
            if len(r) == len(header):
                by_id.setdefault(r[header.index("tweetid")].strip(), r)
        loaded = ds.sql(f"SELECT * FROM tweets WHERE source_file = '{e.source.label.replace(chr(39), chr(39) * 2)}'")
        for row in loaded.to_dict("records"):
            src = by_id[row["tweetid"]]
            for col in TEXT_COLUMNS:
                if col not in header:
                    continue
                got, want = row[col], src[header.index(col)]
                got = "" if got is None or (not isinstance(got, str) and pd.isna(got)) else got
                if col in FREE_TEXT:
                    assert got == want, (e.source.label, row["tweetid"], col, got[:80], want[:80])
                elif got or col in ("tweetid", "userid"):
                    assert got == want.strip(), (e.source.label, row["tweetid"], col, got, want)
                else:  # an id left empty: empty in the source, or damaged there (and reported)
                    assert want.strip() == "" or not want.strip().isdigit(), (e.source.label, col, want)


def run_case(build, tmp_path: Path) -> None:
    target, expect = build(tmp_path)
    signal.alarm(60)  # a load that blocks (a named pipe) fails here instead of hanging the suite
    try:
        if isinstance(expect, Refused):
            with pytest.raises(infoops.ArchiveError) as info:
                infoops.load(target, progress=False)
            msg = str(info.value)
            assert re.search(expect.pattern, msg, re.S), msg
            for name in expect.names:
                assert name in msg, msg
            assert not re.search(r"\b(SELECT|Binder Error|struct_pack|Traceback)\b", msg), msg
            return
        ds = infoops.load(target, progress=False, encoding=expect.encoding)
    finally:
        signal.alarm(0)
    assert_accounted(ds)
    f = ds.files
    if expect.loaded is not None:
        assert int(f["rows_loaded"].sum()) == expect.loaded, f
        assert int(f["rows_rejected"].sum()) == expect.rejected, ds.rejected
    for record, column, reason in expect.rejects:
        hit = ds.rejected[(ds.rejected["record"] == record)]
        assert len(hit) == 1, ds.rejected
        assert (hit["column"].iloc[0] or "") == column and re.search(reason, hit["reason"].iloc[0]), hit.to_dict("records")
    for name, reason in expect.ignored:
        assert any(re.search(name, i.path) and re.search(reason, i.reason) for i in ds.ignored), ds.ignored
    if expect.check:
        assert expect.check(ds) is not False


@pytest.mark.parametrize("build", GENERATED, ids=[f.__name__ for f in GENERATED])
def test_generated_bad_input(build, tmp_path):
    run_case(build, tmp_path)


@pytest.mark.realdata
@pytest.mark.parametrize("build", REAL, ids=[f.__name__ for f in REAL])
def test_real_bad_input(build, tmp_path, realdata):
    run_case(build, tmp_path)


def test_the_corpus_is_large_enough():
    assert len(GENERATED) + len(REAL) >= 40
