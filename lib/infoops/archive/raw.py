"""The bytes of a source file, where the reader needs them itself: UTF-16
and Windows-1252 text rewritten as UTF-8 for DuckDB (the second only when
the file's bytes say it is that code page), record ends counted (and made
one kind when a file mixes CRLF and LF), and one record read back at a byte
offset to say which column made it too long."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

import numpy as np

from ..errors import ArchiveError

CHUNK_CHARS = 1 << 20
CHUNK_BYTES = 16 << 20
QUOTE, CR, LF = 0x22, 0x0D, 0x0A


def _open(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def to_utf8(src: Path, dest: Path, label: str, encoding: str) -> Path:
    """Rewrite a file in ``encoding`` (a Python codec: ``utf-16`` for a file
    with a UTF-16 byte-order mark) as UTF-8, streaming,
    line breaks as they are; refused, with the byte where it failed, when the
    file is not valid text in that encoding."""
    try:
        with _open(src) as raw, open(dest, "w", encoding="utf-8", newline="") as out:
            text = codecs.getreader(encoding)(raw, errors="strict")
            shutil.copyfileobj(text, out, CHUNK_CHARS)
    except UnicodeDecodeError as exc:
        name = "UTF-16" if encoding == "utf-16" else encoding
        raise ArchiveError(label, f"not valid {name} text near byte {exc.start:,} ({exc.reason}); "
                                  "re-save it as UTF-8" + ("" if encoding == "utf-16" else
                                                          ", or give the encoding it was saved in")) from None
    return dest


def _record_end_chunks(path: Path) -> Iterator[tuple[bytes, np.ndarray, int]]:
    """The file's bytes in chunks, each with the positions of its carriage
    returns that end a record (a CR directly before an LF, outside quotes)
    and its number of record ends that are a bare LF (outside quotes, no CR
    before). Inside quotes a line break is part of a text and is left alone.
    The quote state is the parity of the quotes before a byte: an escaped
    quote ("") is two, so it never flips it."""
    inside, prev, carry = 0, -1, b""
    with _open(path) as fh:
        while True:
            block = fh.read(CHUNK_BYTES)
            data = carry + block
            if not data:
                return
            # the last byte waits for the next chunk, so a CRLF split across two is seen whole
            body, carry = (data, b"") if not block else (data[:-1], data[-1:])
            a = np.frombuffer(body, dtype=np.uint8)
            after = np.zeros(len(a), dtype=bool)
            nxt = np.frombuffer(data, dtype=np.uint8)[1:len(a) + 1] == LF
            after[:len(nxt)] = nxt
            is_quote = a == QUOTE
            outside = ((np.cumsum(is_quote) - is_quote + inside) & 1) == 0
            before_cr = np.empty(len(a), dtype=bool)
            if len(a):
                before_cr[0] = prev == CR
                before_cr[1:] = a[:-1] == CR
                prev = int(a[-1])
            yield body, np.flatnonzero((a == CR) & after & outside), int(np.count_nonzero((a == LF) & outside & ~before_cr))
            inside = (inside + int(np.count_nonzero(is_quote))) & 1
            if not block:
                return


def record_ends(path: Path) -> tuple[int, int]:
    """How many records end in CRLF and how many in a bare LF (line breaks
    inside quoted texts aside). A file with both, e.g. parts saved on
    different systems and joined, is read by DuckDB with the first kind only,
    so the records of the other kind run together."""
    crlf = lf = 0
    for _, crs, bare in _record_end_chunks(path):
        crlf += len(crs)
        lf += bare
    return crlf, lf


def normalise_record_ends(src: Path, dest: Path) -> Path:
    """Rewrite ``src`` with every record ending in LF: the CR of each CRLF
    record end is dropped; every other byte, line breaks inside quoted texts
    included, is copied as it is."""
    with open(dest, "wb") as out:
        for body, crs, _ in _record_end_chunks(src):
            if len(crs):
                keep = np.ones(len(body), dtype=bool)
                keep[crs] = False
                out.write(np.frombuffer(body, dtype=np.uint8)[keep].tobytes())
            else:
                out.write(body)
    return dest


def longest_field_at(path: Path, byte_position: int, header: tuple[str, ...]) -> tuple[str, int] | None:
    """The column whose value is longest in the record that starts at
    ``byte_position`` (a newline before it is skipped), and its length in
    characters; None when the record cannot be read back."""
    # The record is over the limit because a field is huge: lift csv's own
    # field-size limit (128 KiB by default) for this read.
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    try:
        with _open(path) as fh:
            fh.seek(byte_position)
            text = io.TextIOWrapper(fh, encoding="utf-8", errors="replace", newline="")
            first = text.read(2)
            rest = first.lstrip("\r\n") if first.startswith(("\r", "\n")) else first
            row = next(csv.reader(_chain(rest, text)))
    except (OSError, StopIteration, csv.Error, EOFError):
        return None
    if not row:
        return None
    i = max(range(len(row)), key=lambda k: len(row[k]))
    name = header[i] if i < len(header) else f"field {i + 1} (beyond the header's {len(header)} columns)"
    return name, len(row[i])


def _chain(prefix: str, text: io.TextIOBase):
    """Lines of ``prefix`` + ``text``, for csv.reader (one record may span lines)."""
    first = prefix + text.readline()
    yield first
    yield from text


@dataclass
class Census:
    """What :func:`utf8_census` counted: ``bad`` bytes that are not UTF-8,
    ``good`` UTF-8 characters outside ASCII, and ``sample``: the first lines
    holding bytes that are not UTF-8, read as Windows-1252 (at most about
    ``SAMPLE_CHARS``)."""

    bad: int
    good: int
    sample: str

    def single_byte(self) -> bool:
        """Whether the file looks saved in a single-byte code page: bytes that
        are not UTF-8, and at most one UTF-8 character outside ASCII per
        hundred of them (a UTF-8 file with a few damaged bytes has many)."""
        return self.bad > 0 and 100 * self.good <= self.bad


SAMPLE_CHARS = 1 << 20


def utf8_census(path: Path, limit: int | None = None) -> Census:
    """Count the file's bytes that are not UTF-8 and its UTF-8 characters
    outside ASCII, over its first ``limit`` bytes (default: all of it). A
    file saved in a single-byte Windows code page has many of the first and
    none of the second (its accented letters are single bytes that UTF-8
    never uses alone); a UTF-8 file with a few damaged bytes has both."""
    dec = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    bad = good = read = 0
    sample: list[str] = []
    size = 0
    with _open(path) as fh:
        while True:
            block = fh.read(CHUNK_BYTES if limit is None else min(CHUNK_BYTES, limit - read))
            read += len(block)
            text = dec.decode(block, final=not block)
            if text and not text.isascii():
                # undecodable bytes became lone surrogates U+DC80..U+DCFF
                cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
                undecodable = int(np.count_nonzero((cp >= 0xDC80) & (cp <= 0xDCFF)))
                bad += undecodable
                good += int(np.count_nonzero(cp > 0x7F)) - undecodable
                if undecodable and size < SAMPLE_CHARS:
                    for line in text.splitlines():
                        if size < SAMPLE_CHARS and any("\udc80" <= ch <= "\udcff" for ch in line):
                            sample.append(line.encode("utf-8", "surrogateescape").decode("cp1252", "replace"))
                            size += len(sample[-1])
            if not block or (limit is not None and read >= limit):
                return Census(bad, good, "\n".join(sample))


#: Windows-1252 characters that Western European text hardly uses inside a
#: word, but that are the images there of common letters of the other Latin
#: Windows code pages: Turkish (1254: ğ ş ı as ð þ ý), Central European
#: (1250: ł ą ż ľ as ³ ¹ ¿ ¾, đ as ð) and Baltic (1257: š ž as ð þ).
_FOREIGN_IN_WORDS = set("ðþýÐÞÝ³¹²¿¾¼½ª¥£¯º")


def western_text(sample: str) -> str | None:
    """Why ``sample`` (lines read as Windows-1252) does not read as Western
    European text, or None when it does. Read as Windows-1252, a Cyrillic,
    Greek, Arabic, Hebrew or Thai code page turns whole words into accented
    Latin letters (more than half of the letters of the words holding any);
    a Turkish, Central European or Baltic one puts some of
    :data:`_FOREIGN_IN_WORDS` inside words. Either way the file is not read
    as Windows-1252: a misread text would load without a trace."""
    words = [w for w in re.findall(r"[^\W\d_]+", sample) if not w.isascii()]
    letters = sum(len(w) for w in words)
    accented = sum(sum(not c.isascii() for c in w) for w in words)
    if letters and accented > letters / 2:
        return (f"read so, its words with a letter outside ASCII would be mostly such letters ({accented:,} of "
                f"{letters:,}), as a Cyrillic, Greek, Arabic, Hebrew or Thai code page reads in Windows-1252")
    inside = len(re.findall(r"(?<=[^\W\d_])[" + "".join(sorted(_FOREIGN_IN_WORDS)) + r"](?=[^\W\d_])", sample))
    if accented and inside > 0.02 * accented:
        return (f"read so, {inside:,} of its {accented:,} letters outside ASCII would be characters such as ð, þ, "
                "³ or ¹ inside words, as a Turkish, Central European or Baltic code page reads in Windows-1252")
    return None


def windows_1252_to_utf8(src: Path, dest: Path) -> Path | None:
    """Rewrite a Windows-1252 (cp1252) file as UTF-8, streaming, line breaks
    as they are; None when a byte is not Windows-1252 (five byte values are
    undefined in it), so the file is not that code page."""
    try:
        with _open(src) as raw, open(dest, "w", encoding="utf-8", newline="") as out:
            shutil.copyfileobj(codecs.getreader("cp1252")(raw, errors="strict"), out, CHUNK_CHARS)
    except UnicodeDecodeError:
        return None
    return dest
