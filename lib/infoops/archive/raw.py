"""The bytes of a source file, where the reader needs them itself: UTF-16
text rewritten as UTF-8 for DuckDB, and one record read back at a byte
offset to say which column made it too long."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import shutil
from pathlib import Path
from typing import BinaryIO

from ..errors import ArchiveError

CHUNK_CHARS = 1 << 20


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
