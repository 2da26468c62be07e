"""Zips of the archive: members checked before anything is extracted, and
corrupt or forged members refused in words (naming the zip and the member)."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from ..errors import ArchiveError, UnsafeZipError

# Limits against zip bombs and corrupt archives; large enough for the largest
# real release (tens of GB of CSV), far below what a bomb expands to.
MAX_UNZIPPED_BYTES = 200 * 1024**3
MAX_ZIP_RATIO = 200.0
_RATIO_FLOOR_BYTES = 64 * 1024**2  # the ratio only matters for big members
# What reading a damaged member raises: a failed checksum or size, bad
# deflate data, or a stream that stops early.
CORRUPT_MEMBER_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError)


def member_label(path: Path, member: str) -> str:
    """How reports name a zip member: ``zip!member``."""
    return f"{path}!{member}"


def corrupt_member(path: Path, member: str, exc: BaseException) -> ArchiveError:
    """The error for a member whose data cannot be trusted, in words."""
    detail = str(exc).split(" for file ")[0] or type(exc).__name__
    return ArchiveError(member_label(path, member),
                        "the zip member is corrupt or forged: its data do not match the size and checksum "
                        f"that the zip declares ({detail}); refusing it (download or re-zip the file again)")


def is_resource_fork(member: str) -> bool:
    """macOS metadata stored beside real files (``__MACOSX/``, ``._name``): never data."""
    p = PurePosixPath(member.replace("\\", "/"))
    return "__MACOSX" in p.parts or p.name.startswith("._")


def check_zip(path: Path, *, max_bytes: int = MAX_UNZIPPED_BYTES,
              max_ratio: float = MAX_ZIP_RATIO) -> list[zipfile.ZipInfo]:
    """Members of a zip, after refusing unsafe ones.

    Refuses member paths that are absolute or climb out with ``..`` (they
    would write outside the extraction folder) and archives that would expand
    beyond ``max_bytes`` or with a compression ratio above ``max_ratio``.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveError(path, f"not a valid zip file ({exc})") from None
    total = 0
    for info in infos:
        p = PurePosixPath(info.filename.replace("\\", "/"))
        if p.is_absolute() or ".." in p.parts or re.match(r"^[A-Za-z]:", info.filename):
            raise UnsafeZipError(
                path, f"zip member path {info.filename!r} escapes the target folder; "
                "refusing to extract this zip")
        total += info.file_size
        if (info.file_size > _RATIO_FLOOR_BYTES and info.compress_size > 0
                and info.file_size / info.compress_size > max_ratio):
            raise UnsafeZipError(
                path, f"zip member {info.filename!r} would expand {info.file_size / info.compress_size:,.0f} "
                f"times ({info.file_size:,} bytes); refusing a likely zip bomb")
    if total > max_bytes:
        raise UnsafeZipError(
            path, f"zip would expand to {total:,} bytes, more than the limit of {max_bytes:,}; "
            "refusing (raise max_unzipped_bytes if this is genuine)")
    return [i for i in infos if not i.is_dir()]


def read_member_start(path: Path, member: str, n: int) -> bytes:
    """The first ``n`` bytes of a member (for its header)."""
    try:
        with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
            return fh.read(n)
    except CORRUPT_MEMBER_ERRORS as exc:
        raise corrupt_member(path, member, exc) from None


def extract_member(path: Path, member: str, dest: Path, *, max_bytes: int = MAX_UNZIPPED_BYTES) -> Path:
    """Extract one checked member to ``dest`` (a file path), counting bytes as
    they come so that a lying size header cannot overflow the disk; a member
    whose data fail the zip's own checks is refused in words."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(member)
            limit = min(max_bytes, info.file_size)
            with zf.open(info) as src, open(dest, "wb") as out:
                while chunk := src.read(1 << 22):
                    written += len(chunk)
                    if written > limit:
                        raise UnsafeZipError(member_label(path, member),
                                             f"zip member expands beyond its declared size ({info.file_size:,} "
                                             "bytes); refusing")
                    out.write(chunk)
    except CORRUPT_MEMBER_ERRORS as exc:
        dest.unlink(missing_ok=True)
        raise corrupt_member(path, member, exc) from None
    except UnsafeZipError:
        dest.unlink(missing_ok=True)
        raise
    return dest
