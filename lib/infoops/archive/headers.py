"""A file's header, read once and in words: its encoding (UTF-8, or UTF-16
with a byte-order mark), its column names matched to the archive's
case-insensitively, and the kind of file the whole header says it is.

Header problems stop a load with a message naming the file and the column
(a duplicated name, a file that is not text); harmless ones are read and
noted (an unnamed column, a name in upper case)."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

from ..errors import ArchiveError
from .schema import TWEET_COLUMNS, USER_COLUMNS
from .zips import member_label, read_member_start

Kind = Literal["tweets", "users"]
HEADER_BYTES = 1 << 20
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# gzip, zip, bzip2, xz and zstd: compressed data under a .csv name. A stray NUL
# inside a text is left to the CSV reader (it rejects or keeps that record);
# NULs in more than 1% of the first 64 KiB mean the file is not text.
COMPRESSED_MAGIC = (b"\x1f\x8b", b"PK\x03\x04", b"BZh", b"\xfd7zXZ", b"\x28\xb5\x2f\xfd")
# Columns only a tweets file has: two of them make a tweets file even without
# its tweetid (which is then reported missing, never read as a users file).
TWEET_ONLY_COLUMNS = frozenset(TWEET_COLUMNS) - frozenset(USER_COLUMNS) - {"tweetid"}
_CANONICAL = {c.lower(): c for c in TWEET_COLUMNS + USER_COLUMNS}


@dataclass(frozen=True)
class Header:
    """Column names as the reader uses them, the text encoding, and what was
    changed from the names as written (in words)."""

    names: tuple[str, ...]
    encoding: str = "utf-8"
    notes: tuple[str, ...] = ()


def _start(path: Path, member: str | None) -> bytes:
    label = member_label(path, member) if member else str(path)
    if member is not None:
        return read_member_start(path, member, HEADER_BYTES)
    try:
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as fh:
                return fh.read(HEADER_BYTES)
        with open(path, "rb") as fh:
            return fh.read(HEADER_BYTES)
    except (OSError, EOFError) as exc:
        raise ArchiveError(label, f"cannot be read: {exc}") from None


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for ASCII text written as UTF-16 (every
    other byte NUL, the others printable), else None."""
    if len(head) < 8:
        return None
    for codec, zeros, chars in (("utf-16-le", head[1::2], head[0::2]), ("utf-16-be", head[0::2], head[1::2])):
        if zeros.count(0) > 0.9 * len(zeros) and sum(32 <= b < 127 or b in (9, 10, 13) for b in chars) > 0.9 * len(chars):
            return codec
    return None


def _text(raw: bytes, label: str, encoding: str | None = None) -> tuple[str, str]:
    """The start of the file as text, and its encoding: the one given
    (a Python codec name), else UTF-8 or UTF-16 by its byte-order mark."""
    if not raw:
        raise ArchiveError(label, "the file is empty (0 bytes): nothing to load")
    if encoding:
        # the start may end inside a character: an incremental decoder keeps it
        text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(raw)
        return text.removeprefix("\ufeff"), encoding
    if raw.startswith(UTF16_BOMS):
        body = raw[: len(raw) - len(raw) % 2]
        return body.decode("utf-16", errors="replace"), "utf-16"
    if raw.startswith(COMPRESSED_MAGIC) or raw[:65536].count(0) > 0.01 * min(len(raw), 65536):
        if codec := _utf16_without_bom(raw[:200]):
            raise ArchiveError(label, f"looks like {codec.upper()} text without a byte-order mark: give its "
                                      f"encoding (load(encoding={codec!r}), --encoding {codec}, or the notebooks' "
                                      "encoding) or re-save it as UTF-8")
        raise ArchiveError(label, "not a text CSV file (it contains NUL bytes); "
                           "is it compressed under a name without .gz/.zip?")
    return raw.decode("utf-8-sig", errors="replace"), "utf-8"


def normalize_names(names: Iterable[str], label: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Names the reader uses: outer spaces trimmed, the archive's columns in
    their own spelling whatever the case, unnamed columns named by position.
    Refuses a header that names one column twice (which one would be read?)."""
    out, notes = [], []
    for i, raw in enumerate(names, 1):
        name = raw.strip()
        if not name:
            name = f"unnamed_{i}"
            notes.append(f"column {i} has no name: kept as {name}")
        elif name.lower() in _CANONICAL and name != _CANONICAL[name.lower()]:
            notes.append(f"column {i} {raw!r} read as {_CANONICAL[name.lower()]}")
            name = _CANONICAL[name.lower()]
        out.append(name)
    seen: dict[str, list[int]] = {}
    for i, name in enumerate(out, 1):
        seen.setdefault(name.lower(), []).append(i)
    dups = {n: pos for n, pos in seen.items() if len(pos) > 1}
    if dups:
        said = "; ".join(f"{n!r} in columns {', '.join(map(str, pos))}" for n, pos in dups.items())
        raise ArchiveError(label, f"the header names a column more than once ({said}), ignoring case and "
                                  "outer spaces: each column needs its own name, so it is not read")
    return tuple(out), tuple(notes)


def read_header(path: Path, member: str | None = None, encoding: str | None = None) -> Header:
    """The header of a CSV, plain, gzipped or inside a zip; read in
    ``encoding`` when it is given."""
    label = member_label(path, member) if member else str(path)
    text, encoding = _text(_start(path, member), label, encoding)
    try:
        first = next(csv.reader(io.StringIO(text)))
    except StopIteration:
        raise ArchiveError(label, "the file is empty: no header line") from None
    except csv.Error as exc:
        raise ArchiveError(label, f"the header line is not valid CSV ({exc})") from None
    names, notes = normalize_names(first, label)
    return Header(names, encoding, notes)


def kind_from_header(header: Iterable[str]) -> Kind | None:
    """``tweets`` or ``users`` from the whole header, else None: a header with
    tweet columns is a tweets file even when its tweetid is missing."""
    cols = {c.strip().lower() for c in header}
    if ("tweetid" in cols and len(cols & set(TWEET_COLUMNS)) >= 3) or len(cols & TWEET_ONLY_COLUMNS) >= 2:
        return "tweets"
    # A users file: its own columns, with or without the userid (then reported missing).
    if len(cols & set(USER_COLUMNS)) >= 3:
        return "users"
    return None


def looks_like_archive(header: Iterable[str]) -> bool:
    """Whether a header names any column of the archive."""
    cols = {c.strip().lower() for c in header}
    return bool(cols & (set(TWEET_COLUMNS) | set(USER_COLUMNS)))
