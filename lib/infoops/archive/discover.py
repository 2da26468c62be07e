"""Find the archive's users and tweets files in folders, files and zips.

Real copies of the archive come renamed, split into parts or years, gzipped,
zipped with a release prefix, or nested in year folders (see
``shared/ARCHIVE_FORMAT.md``). Files are recognised by pattern and, when the
name says nothing, by their header: never by one exact name. Everything found
or passed over is reported, so a user can check what a load is built from.
"""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping

from ..errors import ArchiveError
from .headers import Kind, kind_from_header, looks_like_archive, read_header
from .zips import MAX_UNZIPPED_BYTES, MAX_ZIP_RATIO, check_zip, is_resource_fork, member_label

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
    encoding: str = field(default="utf-8", compare=False)  # "utf-16" when the file has a UTF-16 BOM
    # named by the user (load(encoding=...)), not recognised from the file
    encoding_given: bool = field(default=False, compare=False)
    notes: tuple[str, ...] = field(default=(), compare=False)  # header names read differently, in words

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


# --------------------------------------------------------------------------- discovery


def _is_csv_name(name: str) -> bool:
    return name.lower().endswith(CSV_SUFFIXES)


def _natural_key(s: str) -> list:
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", s)]




def _file_type(st_mode: int) -> str | None:
    """What a path is when it is not a regular file (None for a regular file)."""
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(st_mode):
            return name
    return None if stat.S_ISREG(st_mode) else "not a regular file"


def for_file(value: str | Mapping[str, str] | None, name: str, label: str, path: Path) -> str | None:
    """A per-file option as the user gave it: one value for every file, or
    a mapping looked up by the file's label (``path!member``), name, then
    path; None when none is given for this file."""
    if value is None or isinstance(value, str):
        return value
    return next((value[k] for k in (label, name, str(path)) if value.get(k)), None)


def _campaign_for(name: str, label: str, path: Path, campaign: str | Mapping[str, str] | None) -> str:
    return for_file(campaign, name, label, path) or campaign_from_name(name)


def _encoding_for(name: str, label: str, path: Path, encoding: str | Mapping[str, str] | None) -> str | None:
    """The encoding given for this file, as Python names it; None when none
    is given for it, or UTF-8 (what is read anyway). An encoding Python does
    not know is refused."""
    given = for_file(encoding, name, label, path)
    if not given:
        return None
    try:
        codec = codecs.lookup(given).name
    except LookupError:
        raise ValueError(f"encoding {given!r} is not a text encoding Python knows "
                         "(e.g. cp1251, cp1256, utf-16-le)") from None
    return None if codec == "utf-8" else codec


def _classify(path: Path, member: str | None, explicit: bool,
              campaign: str | Mapping[str, str] | None, encoding: str | Mapping[str, str] | None,
              ignored: list[Ignored]) -> SourceFile | None:
    name = PurePosixPath(member).name if member else path.name
    label = member_label(path, member) if member else str(path)
    named_kind = kind_from_name(name)
    given = _encoding_for(name, label, path, encoding)
    try:
        header = read_header(path, member, given)
    except ArchiveError as exc:
        # A stray empty CSV beside the archive's files (notes.csv) is passed
        # over; a file that claims to be archive data, or was named, is not.
        if "is empty" in exc.problem and not (explicit or named_kind):
            ignored.append(Ignored(label, "empty file"))
            return None
        raise
    kind = kind_from_header(header.names) or named_kind
    if kind is None or not looks_like_archive(header.names):
        if explicit or named_kind:
            cols = header.names
            raise ArchiveError(
                label, "not in the archive format: its header "
                f"({', '.join(cols[:8])}{', ...' if len(cols) > 8 else ''}) has none of the "
                "archive's tweets or users columns (tweetid, userid, tweet_time, ...)")
        ignored.append(Ignored(label, "CSV without archive columns"))
        return None
    return SourceFile(path=path, kind=kind, campaign=_campaign_for(name, label, path, campaign), member=member,
                      part=part_from_name(name), synthetic=is_synthetic_path(path, member),
                      header=header.names, encoding=header.encoding, encoding_given=given is not None,
                      notes=header.notes)


def _candidates(root: Path, ignored: list[Ignored]) -> list[Path]:
    """Regular files under a folder (hidden ones left out); anything else is
    listed as ignored: reading a named pipe would wait for ever."""
    out = []
    for p in sorted(root.rglob("*"), key=lambda p: _natural_key(str(p))):
        if any(part.startswith(".") for part in p.relative_to(root).parts):
            continue  # hidden files and folders (.git, .ipynb_checkpoints, ._resource forks)
        try:
            mode = p.stat().st_mode
        except OSError as exc:  # a dangling link
            ignored.append(Ignored(str(p), f"cannot be read: {exc.strerror or exc}"))
            continue
        if stat.S_ISDIR(mode):
            continue
        if kind := _file_type(mode):
            ignored.append(Ignored(str(p), f"{kind}, not a regular file"))
        else:
            out.append(p)
    return out


def _from_zip(p: Path, explicit: bool, campaign, encoding, found: list[SourceFile], ignored: list[Ignored],
              max_bytes: int, max_ratio: float) -> None:
    for info in check_zip(p, max_bytes=max_bytes, max_ratio=max_ratio):
        label = member_label(p, info.filename)
        if is_resource_fork(info.filename):
            ignored.append(Ignored(label, "macOS resource fork (__MACOSX/ or ._ file), not data"))
        elif not _is_csv_name(info.filename):
            ignored.append(Ignored(label, "not a CSV member"))
        elif sf := _classify(p, info.filename, explicit, campaign, encoding, ignored):
            found.append(sf)


def discover(paths: str | Path | Iterable[str | Path], *,
             campaign: str | Mapping[str, str] | None = None,
             encoding: str | Mapping[str, str] | None = None,
             max_unzipped_bytes: int = MAX_UNZIPPED_BYTES,
             max_zip_ratio: float = MAX_ZIP_RATIO) -> tuple[list[SourceFile], list[Ignored]]:
    """Archive files under ``paths`` (folders are searched recursively).

    ``campaign`` overrides the campaign read from file names: one name for all
    files, or a mapping from file name (or full path) to campaign.
    ``encoding``: the text encoding of files in neither UTF-8 nor UTF-16 with
    a byte-order mark (a Python codec name), given the same way; the header
    is read in it too.
    Returns the files found, sorted by campaign, kind and natural part order,
    and what was passed over with the reason. Only regular files are read.
    """
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    found: list[SourceFile] = []
    ignored: list[Ignored] = []
    for raw in paths:
        root = Path(raw).expanduser()
        if not root.exists():
            raise ArchiveError(root, "no such file or folder")
        if root.is_dir():
            candidates, explicit = _candidates(root, ignored), False
        elif kind := _file_type(root.stat().st_mode):
            ignored.append(Ignored(str(root), f"{kind}, not a regular file"))
            continue
        else:
            candidates, explicit = [root], True
        for p in candidates:
            lower = p.name.lower()
            if lower.endswith(ZIP_SUFFIX):
                _from_zip(p, explicit, campaign, encoding, found, ignored, max_unzipped_bytes, max_zip_ratio)
            elif _is_csv_name(lower):
                if sf := _classify(p, None, explicit, campaign, encoding, ignored):
                    found.append(sf)
            elif explicit:
                raise ArchiveError(p, "not an archive file: expected .csv, .csv.gz or .zip")
            else:
                ignored.append(Ignored(str(p), "not a CSV, CSV.GZ or ZIP file"))
    if not found:
        where = ", ".join(str(p) for p in paths)
        passed = "; ".join(f"{i.path}: {i.reason}" for i in ignored[:5])
        raise ArchiveError(where, "no archive tweets or users files found "
                           "(looked for *.csv, *.csv.gz and *.zip with archive headers)"
                           + (f"; passed over: {passed}" if passed else ""))
    found.sort(key=lambda s: (s.campaign, s.kind, _natural_key(s.label)))
    return found, ignored
