"""The Parquet cache: one entry folder per source file, keyed by the file's
size, modification time and first and last bytes, so an entry is reused while
its source is unchanged and rebuilt when it is not."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .discover import SourceFile

# Bump when the typed output changes, so old cache entries are not reused.
READER_VERSION = "8"


@dataclass(frozen=True)
class CacheEntry:
    """One source file's converted rows, rejects and issues in the cache, with its report."""
    source: SourceFile
    folder: Path
    report: dict[str, Any]
    cached: bool

    @property
    def rows(self) -> Path:
        """Parquet of the loaded rows (with helper columns the reader drops)."""
        return self.folder / "rows.parquet"

    @property
    def rejected(self) -> Path:
        """Parquet of the records not loaded, with reasons."""
        return self.folder / "rejected.parquet"

    @property
    def issues(self) -> Path:
        """Parquet of the values that could not be typed in loaded rows."""
        return self.folder / "issues.parquet"


def quick_signature(path: Path) -> str:
    """Cheap fingerprint of a file: size, mtime and its first and last 64 KiB."""
    st = path.stat()
    h = hashlib.sha256(f"{st.st_size}:{st.st_mtime_ns}".encode())
    with open(path, "rb") as fh:
        h.update(fh.read(65536))
        if st.st_size > 65536:
            fh.seek(max(st.st_size - 65536, 65536))
            h.update(fh.read(65536))
    return h.hexdigest()


def sha256_file(path: Path) -> str:
    """SHA-256 of a whole file, read in 4 MiB chunks (provenance)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def cache_key(source: SourceFile) -> str:
    """Key of a source's cache entry: reader version, kind, path, zip member,
    quick signature, and the encoding when the user gave one (the same file
    read in two encodings gives two entries)."""
    h = hashlib.sha256()
    given = (source.encoding,) if source.encoding_given else ()
    for part in (READER_VERSION, source.kind, str(source.path.resolve()), source.member or "",
                 quick_signature(source.path), *given):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()[:20]


def entry_folder(source: SourceFile, cache_root: Path) -> Path:
    """The cache folder of a source file (readable name + key)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", source.name)[:80]
    return cache_root / f"{safe}-{cache_key(source)}"


def is_cached(source: SourceFile, cache_root: Path) -> bool:
    """Whether a current cache entry exists for the source."""
    return (entry_folder(source, cache_root) / "report.json").exists()
