"""Tests of :mod:`infoops.archive.raw`."""

from __future__ import annotations

import codecs
import gzip

import pytest

from infoops.archive import raw
from infoops.errors import ArchiveError


def test_utf16_is_rewritten_as_utf8_exactly(tmp_path):
    text = '"tweetid","tweet_text"\r\n"1","مرحبا 😀\nline two"\r\n'
    src = tmp_path / "u.csv.gz"
    src.write_bytes(gzip.compress(codecs.BOM_UTF16_LE + text.encode("utf-16-le")))
    out = raw.to_utf8(src, tmp_path / "o.csv", "u.csv.gz", "utf-16")
    assert out.read_bytes() == text.encode("utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8A\x00")  # a lone surrogate
    with pytest.raises(ArchiveError, match="not valid UTF-16"):
        raw.to_utf8(bad, tmp_path / "b.csv", "bad.csv", "utf-16")


def test_longest_field_of_a_record_at_a_byte_offset(tmp_path):
    p = tmp_path / "x.csv"
    first = '"id","text","client"\n'
    p.write_text(first + '"1","' + "y" * 200_000 + '","web"\n', encoding="utf-8")
    assert raw.longest_field_at(p, len(first) - 1, ("id", "text", "client")) == ("text", 200_000)
    assert raw.longest_field_at(p, 10**9, ("id",)) is None


def _mixed_file(tmp_path):
    # record ends: LF, CRLF, LF, CRLF; inside texts: an LF, a CRLF and escaped quotes
    data = (b'id,text\n'
            b'"1","a ""quoted"" word\r\nand a CRLF inside"\r\n'
            b'"2","two\nlines"\n'
            b'"3","say ""hi"""\r\n')
    p = tmp_path / "mixed.csv"
    p.write_bytes(data)
    return p, data


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 20])
def test_record_ends_count_only_ends_outside_quotes_whatever_the_chunks(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(raw, "CHUNK_BYTES", chunk)
    p, data = _mixed_file(tmp_path)
    assert raw.record_ends(p) == (2, 2)
    out = raw.normalise_record_ends(p, tmp_path / "lf.csv").read_bytes()
    # only the two record-ending CRs go; the CRLF inside the first text stays
    assert out == data.replace(b'inside"\r\n', b'inside"\n').replace(b'"""\r\n', b'"""\n')
    assert raw.record_ends(tmp_path / "lf.csv") == (0, 4)


def test_record_ends_read_gzip(tmp_path):
    p, data = _mixed_file(tmp_path)
    gz = tmp_path / "mixed.csv.gz"
    gz.write_bytes(gzip.compress(data))
    assert raw.record_ends(gz) == (2, 2)


@pytest.mark.parametrize("chunk", [1, 2, 3, 1 << 20])
def test_utf8_census_counts_undecodable_bytes_and_characters_whatever_the_chunks(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(raw, "CHUNK_BYTES", chunk)
    p = tmp_path / "x.csv"
    # 3 characters outside ASCII (2, 3 and 4 bytes long: a chunk can split them), then 2 damaged bytes
    p.write_bytes("ñ € 😀 ok".encode() + b" \xff\xfe " + "año".encode("cp1252")[1:2])
    c = raw.utf8_census(p)
    assert (c.bad, c.good) == (3, 3) and {"ÿ", "þ", "ñ"} <= set(c.sample)  # the lines with them, as Windows-1252
    p.write_bytes(b"plain ascii\n")
    assert raw.utf8_census(p) == raw.Census(0, 0, "")


def test_windows_1252_is_rewritten_as_utf8_or_refused(tmp_path):
    text = 'id,text\r\n"1","café “quoted” €\nline two"\r\n'
    src = tmp_path / "w.csv.gz"
    src.write_bytes(gzip.compress(text.encode("cp1252")))
    assert raw.windows_1252_to_utf8(src, tmp_path / "o.csv").read_bytes() == text.encode("utf-8")
    (tmp_path / "u.csv").write_bytes(b"a\x81b")  # 0x81: undefined in Windows-1252
    assert raw.windows_1252_to_utf8(tmp_path / "u.csv", tmp_path / "o2.csv") is None


@pytest.mark.parametrize("text, code_page, why", [
    ("¿Qué pasó? La canción del año, señor: “Ya está”.", "cp1252", None),
    ("Le cœur de la ville: où est l’hôtel? Très bien, déjà vu. Ça va.", "cp1252", None),
    ("Привет, мир! Это проверка текста.", "cp1251", "Cyrillic"),
    ("Καλημέρα κόσμε, η Ελλάδα είναι όμορφη.", "cp1253", "Cyrillic, Greek"),
    ("Bugün hava çok güzel değil mi? Şimdi ışıklar söndü, yağmur yağıyor.", "cp1254", "Turkish"),
    ("Może jutro pójdziemy do źródła, ładna pogoda; żółć gęślą jaźń.", "cp1250", "Central European"),
])
def test_western_text_tells_windows_1252_from_other_code_pages(text, code_page, why):
    as_1252 = text.encode(code_page).decode("cp1252", "replace")
    said = raw.western_text(as_1252)
    assert said is None if why is None else why in said
