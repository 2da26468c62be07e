"""The bytes of a source file, where the reader needs them itself: UTF-16
and Windows-1252 text rewritten as UTF-8 for DuckDB, record ends counted (and made one kind
when a file mixes CRLF and LF), and one record read back at a byte offset to
say which column made it too long."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import shutil
from pathlib import Path
from typing import BinaryIO, Iterator

import numpy as np

from ..errors import ArchiveError

CHUNK_CHARS = 1 << 20
CHUNK_BYTES = 16 << 20
QUOTE, CR, LF = 0x22, 0x0D, 0x0A


def _open(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def utf16_to_utf8(src: Path, dest: Path, label: str) -> Path:
    """Rewrite a UTF-16 file (with its byte-order mark) as UTF-8, streaming."""
    try:
        with _open(src) as raw, open(dest, "w", encoding="utf-8", newline="") as out:
            text = codecs.getreader("utf-16")(raw, errors="strict")
            shutil.copyfileobj(text, out, CHUNK_CHARS)
    except UnicodeDecodeError as exc:
        raise ArchiveError(label, f"not valid UTF-16 text near byte {exc.start:,} ({exc.reason}); "
                                  "re-save it as UTF-8") from None
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


def utf8_census(path: Path) -> tuple[int, int]:
    """How many bytes of the file are not UTF-8, and how many characters
    outside ASCII are. A file saved in a single-byte Windows code page has
    many of the first and none of the second (its accented letters are single
    bytes that UTF-8 never uses alone); a UTF-8 file with a few damaged bytes
    has both."""
    dec = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    bad = good = 0
    with _open(path) as fh:
        while True:
            block = fh.read(CHUNK_BYTES)
            text = dec.decode(block, final=not block)
            if text and not text.isascii():
                # undecodable bytes became lone surrogates U+DC80..U+DCFF
                cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
                undecodable = int(np.count_nonzero((cp >= 0xDC80) & (cp <= 0xDCFF)))
                bad += undecodable
                good += int(np.count_nonzero(cp > 0x7F)) - undecodable
            if not block:
                return bad, good


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
