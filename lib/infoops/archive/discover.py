"""Find the archive's users and tweets files in folders, files and zips.

Real copies of the archive come renamed, split into parts or years, gzipped,
zipped with a release prefix, or nested in year folders (see
``shared/ARCHIVE_FORMAT.md``). Files are recognised by pattern and, when the
name says nothing, by their header: never by one exact name. Everything found
or passed over is reported, so a user can check what a load is built from.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable, Literal, Mapping

from ..errors import ArchiveError, UnsafeZipError
from .schema import TWEET_COLUMNS, USER_COLUMNS

Kind = Literal["tweets", "users"]

CSV_SUFFIXES = (".csv", ".csv.gz")
ZIP_SUFFIX = ".zip"
# A file or folder whose name holds this word, or a folder holding the marker
# file, is synthetic data; everything made from it is labelled so.
SYNTHETIC_WORD = "synthetic"
SYNTHETIC_MARKER = "SYNTHETIC_DATA.txt"

# The 2019_01 release named some tweets files differently from their users
# files (``venezuela_201901_2_users...`` beside ``venezuela_linked_tweets...``).
# Map those tweets names to the campaign of their users file.
CAMPAIGN_ALIASES: dict[str, str] = {
    "venezuela_linked": "venezuela_201901_2",
    "russian_linked": "russia_201901_1",
    "bangladesh_linked": "bangladesh_201901_1",
}

# Limits against zip bombs and corrupt archives; large enough for the largest
# real release (tens of GB of CSV), far below what a bomb expands to.
MAX_UNZIPPED_BYTES = 200 * 1024**3
MAX_ZIP_RATIO = 200.0
_RATIO_FLOOR_BYTES = 64 * 1024**2  # the ratio only matters for big members

_KIND_RE = re.compile(r"(?:^|[_\-. ])(tweets|users)(?:[_\-. ]|$)", re.IGNORECASE)
_ZIP_PREFIX_RE = re.compile(r"^(?:un)?hashed_\d{4}_\d{2}_", re.IGNORECASE)
# campaign_MMYY, campaign_YYYYMM(_N) or campaign_MMYYYY(_N), e.g. Venezuela_0621,
# russia_201901_1, saudi_arabia_082019_1, turkey_052020.
_CAMPAIGN_RE = re.compile(
    r"^(?P<c>[A-Za-z][A-Za-z_\-]*?_(?:(?:19|20)\d{2}(?:0[1-9]|1[0-2])|(?:0[1-9]|1[0-2])(?:(?:19|20)\d{2}|\d{2}))(?:_\d{1,2})?)(?=_|$)"
)
_PART_RE = re.compile(r"_(?:csv_)?(?:un)?hashed_(?P<p>[A-Za-z0-9_]+)$", re.IGNORECASE)


@dataclass(frozen=True)
class SourceFile:
    """One CSV of the archive: a plain or gzipped file, or a member of a zip."""

    path: Path  # the file on disk (the zip itself for a member)
    kind: Kind
    campaign: str
    member: str | None = None  # name inside the zip
    part: str | None = None
    synthetic: bool = False
    header: tuple[str, ...] = field(default=(), compare=False)

    @property
    def name(self) -> str:
        """The file's own name (the member's name for a zip member)."""
        return PurePosixPath(self.member).name if self.member else self.path.name

    @property
    def label(self) -> str:
        """How reports name the file: ``path`` or ``path!member``."""
        return f"{self.path}!{self.member}" if self.member else str(self.path)


@dataclass(frozen=True)
class Ignored:
    """A file or zip member passed over, with the reason."""
    path: str
    reason: str


def strip_suffixes(name: str) -> str:
    """A file name without .csv, .csv.gz, .gz or .zip."""
    lower = name.lower()
    for suffix in (".csv.gz", ".csv", ".gz", ".zip"):
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def kind_from_name(name: str) -> Kind | None:
    """``tweets`` or ``users`` when the file name says which, else None."""
    m = _KIND_RE.search(strip_suffixes(name))
    return m.group(1).lower() if m else None  # type: ignore[return-value]


def campaign_from_name(name: str) -> str:
    """Campaign named by a file name.

    ``venezuela_201901_1_tweets_csv_hashed_2.csv`` -> ``venezuela_201901_1``;
    ``unhashed_2019_08_saudi_arabia_082019_1_users_csv_unhashed.zip`` ->
    ``saudi_arabia_082019_1``; a renamed ``russia_201901_1_head407.csv`` ->
    ``russia_201901_1``; otherwise the name without suffix and kind tokens.
    """
    stem = _ZIP_PREFIX_RE.sub("", strip_suffixes(name))
    m = _KIND_RE.search(stem)
    if m and m.start() > 0:
        campaign = stem[: m.start()]
    else:
        cm = _CAMPAIGN_RE.match(stem)
        campaign = cm.group("c") if cm else stem
    campaign = campaign.strip("_-. ") or stem
    # Synthetic releases keep the real names behind a ``synthetic_`` prefix.
    prefix = ""
    if campaign.lower().startswith(SYNTHETIC_WORD + "_"):
        prefix, campaign = campaign[: len(SYNTHETIC_WORD) + 1], campaign[len(SYNTHETIC_WORD) + 1:]
    return prefix + CAMPAIGN_ALIASES.get(campaign.lower(), campaign)


def part_from_name(name: str) -> str | None:
    """The part a file name carries (``_2``, ``_part3``, ``_2009``), else None."""
    m = _PART_RE.search(strip_suffixes(name))
    return m.group("p") if m else None


def is_synthetic_path(path: Path, member: str | None = None) -> bool:
    """Whether a file is synthetic: its name says so or its folder holds the marker."""
    names = [path.name] + ([member] if member else [])
    if any(SYNTHETIC_WORD in n.lower() for n in names):
        return True
    return (path.parent / SYNTHETIC_MARKER).exists()


# --------------------------------------------------------------------------- headers


def _decode_header(raw: bytes, label: str) -> tuple[str, ...]:
    if not raw:
        raise ArchiveError(label, "the file is empty (0 bytes): nothing to load")
    if b"\x00" in raw[:65536]:
        raise ArchiveError(label, "not a text CSV file (it contains NUL bytes); "
                           "is it compressed under a name without .gz/.zip?")
    text = raw.decode("utf-8-sig", errors="replace")
    try:
        first = next(csv.reader(io.StringIO(text)))
    except StopIteration:
        raise ArchiveError(label, "the file is empty: no header line") from None
    except csv.Error as exc:
        raise ArchiveError(label, f"the header line is not valid CSV ({exc})") from None
    return tuple(c.strip() for c in first)


def read_header(path: Path, member: str | None = None) -> tuple[str, ...]:
    """Column names of a CSV, plain, gzipped or inside a zip."""
    label = f"{path}!{member}" if member else str(path)
    try:
        if member is not None:
            with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
                raw = fh.read(1 << 20)
        elif path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as fh:
                raw = fh.read(1 << 20)
        else:
            with open(path, "rb") as fh:
                raw = fh.read(1 << 20)
    except (OSError, EOFError, zipfile.BadZipFile) as exc:
        raise ArchiveError(label, f"cannot be read: {exc}") from None
    # Only the first record matters; cut at the first newline outside quotes
    # is not needed because header names never contain newlines.
    first_line = raw.split(b"\n", 1)[0]
    return _decode_header(first_line if first_line else raw, label)


def kind_from_header(header: Iterable[str]) -> Kind | None:
    """``tweets`` or ``users`` from a header's column names, else None."""
    cols = {c.strip().lower() for c in header}
    if "tweetid" in cols and len(cols & set(TWEET_COLUMNS)) >= 3:
        return "tweets"
    if "tweetid" not in cols and "userid" in cols and len(cols & set(USER_COLUMNS)) >= 3:
        return "users"
    return None


def looks_like_archive(header: Iterable[str]) -> bool:
    """Whether a header names any column of the archive."""
    cols = {c.strip().lower() for c in header}
    return bool(cols & (set(TWEET_COLUMNS) | set(USER_COLUMNS)))


# --------------------------------------------------------------------------- zips


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
    except zipfile.BadZipFile as exc:
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


def extract_member(path: Path, member: str, dest: Path, *, max_bytes: int = MAX_UNZIPPED_BYTES) -> Path:
    """Extract one checked member to ``dest`` (a file path), counting bytes as
    they come so that a lying size header cannot overflow the disk."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
        limit = min(max_bytes, info.file_size)
        with zf.open(info) as src, open(dest, "wb") as out:
            while chunk := src.read(1 << 22):
                written += len(chunk)
                if written > limit:
                    out.close()
                    dest.unlink(missing_ok=True)
                    raise UnsafeZipError(path, f"zip member {member!r} expands beyond its declared "
                                         f"size ({info.file_size:,} bytes); refusing")
                out.write(chunk)
    return dest


# --------------------------------------------------------------------------- discovery


def _is_csv_name(name: str) -> bool:
    return name.lower().endswith(CSV_SUFFIXES)


def _classify(path: Path, member: str | None, explicit: bool,
              campaign: str | Mapping[str, str] | None,
              ignored: list[Ignored]) -> SourceFile | None:
    name = PurePosixPath(member).name if member else path.name
    label = f"{path}!{member}" if member else str(path)
    named_kind = kind_from_name(name)
    header = read_header(path, member)
    header_kind = kind_from_header(header)
    kind = header_kind or named_kind
    if kind is None or not looks_like_archive(header):
        if explicit or named_kind:
            raise ArchiveError(
                label, "not in the archive format: its header "
                f"({', '.join(header[:8])}{', ...' if len(header) > 8 else ''}) has none of the "
                "archive's tweets or users columns (tweetid, userid, tweet_time, ...)")
        ignored.append(Ignored(label, "CSV without archive columns"))
        return None
    if isinstance(campaign, str):
        camp = campaign
    elif campaign is not None and (name in campaign or label in campaign or str(path) in campaign):
        camp = campaign.get(label) or campaign.get(name) or campaign[str(path)]
    else:
        camp = campaign_from_name(name)
    return SourceFile(path=path, kind=kind, campaign=camp, member=member,
                      part=part_from_name(name), synthetic=is_synthetic_path(path, member),
                      header=header)


def _natural_key(s: str) -> list:
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", s)]


def discover(paths: str | Path | Iterable[str | Path], *,
             campaign: str | Mapping[str, str] | None = None,
             max_unzipped_bytes: int = MAX_UNZIPPED_BYTES,
             max_zip_ratio: float = MAX_ZIP_RATIO) -> tuple[list[SourceFile], list[Ignored]]:
    """Archive files under ``paths`` (folders are searched recursively).

    ``campaign`` overrides the campaign read from file names: one name for all
    files, or a mapping from file name (or full path) to campaign.
    Returns the files found, sorted by campaign, kind and natural part order,
    and what was passed over with the reason.
    """
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    found: list[SourceFile] = []
    ignored: list[Ignored] = []
    for raw in paths:
        root = Path(raw).expanduser()
        if not root.exists():
            raise ArchiveError(root, "no such file or folder")
        if root.is_dir():
            candidates = sorted((p for p in root.rglob("*") if p.is_file()), key=lambda p: _natural_key(str(p)))
            explicit = False
        else:
            candidates, explicit = [root], True
        for p in candidates:
            if any(part.startswith(".") for part in p.relative_to(root).parts if root.is_dir()):
                continue  # hidden files and folders (.git, .ipynb_checkpoints)
            lower = p.name.lower()
            if lower.endswith(ZIP_SUFFIX):
                for info in check_zip(p, max_bytes=max_unzipped_bytes, max_ratio=max_zip_ratio):
                    if _is_csv_name(info.filename):
                        sf = _classify(p, info.filename, explicit, campaign, ignored)
                        if sf:
                            found.append(sf)
                    else:
                        ignored.append(Ignored(f"{p}!{info.filename}", "not a CSV member"))
            elif _is_csv_name(lower):
                sf = _classify(p, None, explicit, campaign, ignored)
                if sf:
                    found.append(sf)
            elif explicit:
                raise ArchiveError(p, "not an archive file: expected .csv, .csv.gz or .zip")
            else:
                ignored.append(Ignored(str(p), "not a CSV, CSV.GZ or ZIP file"))
    if not found:
        where = ", ".join(str(p) for p in paths)
        raise ArchiveError(where, "no archive tweets or users files found "
                           "(looked for *.csv, *.csv.gz and *.zip with archive headers)")
    found.sort(key=lambda s: (s.campaign, s.kind, _natural_key(s.label)))
    return found, ignored
