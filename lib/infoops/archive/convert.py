"""Convert one archive CSV into typed Parquet, once, and account for every row.

DuckDB parses the CSV (every field as text, read by column name) and types it
in SQL (:mod:`infoops.archive.typing_sql`); nothing here is a hand-written CSV
parser. Each source file becomes a cache entry folder
(:mod:`infoops.archive.cache`) holding:

- ``rows.parquet``: the loaded rows, typed (ids as text, UTC timestamps, lists),
  plus helper columns ``_reason``, ``_reason_column`` and ``_issues`` that the
  reader drops (keeping them spares a second write of the whole file);
- ``rejected.parquet``: every record not loaded, with its record number,
  column, reason and the raw text or value that caused it;
- ``issues.parquet``: values that could not be typed in rows that were loaded
  (the value is set to null there and reported here, never dropped silently);
- ``report.json``: counts (read = loaded + rejected), reasons, timings, and the
  source file's SHA-256."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

import duckdb

from .. import paths
from ..errors import ArchiveError, MissingColumnsError
from .cache import READER_VERSION, CacheEntry, entry_folder, is_cached, sha256_file
from .discover import SourceFile
from .raw import (
    Census,
    longest_field_at,
    normalise_record_ends,
    record_ends,
    to_utf8,
    utf8_census,
    western_text,
    windows_1252_to_utf8,
)
from .schema import REQUIRED_TWEET_COLUMNS, REQUIRED_USER_COLUMNS
from .sql import fetch_rows, quote_str
from .typing_sql import build_select
from .zips import extract_member

MAX_LINE_BYTES = 2 * 1024 * 1024
#: The start of a file read for bytes that are not UTF-8 before it is parsed.
SNIFF_BYTES = 4 << 20


ProgressCallback = Callable[[float], None]


def _connect(tmp: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"SET temp_directory = {quote_str(str(tmp))}")
    # Keep the file's record order (DuckDB guarantees it for a query without
    # ORDER BY while this is on): a loaded row's record number is its position
    # in the Parquet file, so no row_number() pass is needed.
    con.execute("SET preserve_insertion_order = true")
    # Progress is read with query_progress(); DuckDB must not print its own bar.
    try:
        con.execute("SET enable_progress_bar_print = false")
        con.execute("SET enable_progress_bar = true")
    except duckdb.Error:
        # Inside Jupyter DuckDB insists on ipywidgets to turn progress on; then
        # the bar advances file by file instead.
        pass
    limit = os.environ.get("INFOOPS_DUCKDB_MEMORY")
    if limit:
        con.execute(f"SET memory_limit = {quote_str(limit)}")
    return con


def _run_with_progress(con: duckdb.DuckDBPyConnection, sql: str,
                       progress: ProgressCallback | None) -> None:
    """Run one long statement, reporting its progress (0-1) while it runs."""
    if progress is None:
        con.execute(sql)
        return
    failure: list[BaseException] = []

    def work() -> None:
        try:
            con.execute(sql)
        except BaseException as exc:  # re-raised in the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=work, name="infoops-convert")
    worker.start()
    while worker.is_alive():
        worker.join(0.25)
        done = con.query_progress()
        if done >= 0:
            progress(min(done, 100.0) / 100.0)
    if failure:
        raise failure[0]
    progress(1.0)


def convert(source: SourceFile, *, cache_root: Path | None = None, refresh: bool = False,
            progress: ProgressCallback | None = None) -> CacheEntry:
    """Typed Parquet for one source file, from the cache when it is current.

    The file is streamed: DuckDB reads it in parallel chunks and writes Parquet
    row groups as it goes, so memory stays bounded whatever the file's size.
    ``progress`` is called with the fraction done while the file converts.
    """
    cache_root = cache_root or paths.cache_dir()
    folder = entry_folder(source, cache_root)
    report_path = folder / "report.json"
    if is_cached(source, cache_root) and not refresh:
        return CacheEntry(source, folder, json.loads(report_path.read_text()), cached=True)

    expected_required = REQUIRED_TWEET_COLUMNS if source.kind == "tweets" else REQUIRED_USER_COLUMNS
    missing_required = [c for c in expected_required if c not in source.header]
    if missing_required:
        raise MissingColumnsError(source.label, missing_required, source.kind)

    cache_root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".building-", dir=cache_root))
    started = time.perf_counter()
    try:
        csv_path = source.path
        if source.member is not None:
            csv_path = extract_member(source.path, source.member, work / "member.csv")
        hashed = csv_path
        given = source.encoding_given
        if source.encoding != "utf-8":
            # DuckDB reads UTF-8: a UTF-16 file, or one in the encoding the
            # user gave, is rewritten once, in the work folder.
            csv_path = to_utf8(csv_path, work / "utf8.csv", source.label, source.encoding)
        # The SHA-256 (provenance) is read while DuckDB converts: hashlib
        # releases the GIL, and the file is then read from the page cache.
        with ThreadPoolExecutor(1) as pool:
            sha_job = pool.submit(sha256_file, hashed)
            notes: dict[str, str] = {"encoding_note": f"read as {source.encoding}, as given"} if given else {}
            # Re-saved by a Windows program (Excel's "CSV"), a file holds its
            # accented letters as single bytes that are not UTF-8, and DuckDB
            # rejects every record with one (slowly: millions of rejects). Its
            # start tells, most of the time, before any parse.
            census = utf8_census(csv_path) if not given and utf8_census(csv_path, SNIFF_BYTES).bad else None
            if census is not None and census.single_byte():
                copy, decided = _windows_1252_copy(csv_path, work / "cp1252", census)
                notes["encoding_note"] = f"{_census_said(census)}; {decided}"
                if copy is not None:
                    csv_path, notes["encoding"] = copy, "windows-1252"
            parsed, out = _parse(source, csv_path, work, progress), work
            rejects = _encoding_rejects(parsed[0]) if census is None and not given else None
            if rejects:
                # the file's start was UTF-8: its code page shows in the rejects
                census = utf8_census(csv_path)
                if census.single_byte():
                    copy, decided = _windows_1252_copy(csv_path, work / "cp1252", census)
                    if copy is not None:
                        parsed, out, better = _keep_fewer_rejects(source, parsed, out, copy, work / "cp1252")
                        if better:
                            csv_path, notes["encoding"] = copy, "windows-1252"
                        else:
                            decided = "reading it as Windows-1252 rejected no fewer records, so it was read as UTF-8"
                    notes["encoding_note"] = (f"{_census_said(census)}; {decided} (read as UTF-8, {rejects[0]:,} "
                                              f"record(s) were rejected, the first: record {rejects[1]:,})")
            ends = _mixed_record_ends(parsed[0], csv_path)
            if ends:
                # DuckDB keeps the first kind of record end it meets, so records
                # of the other kind ran together: read a copy with one kind, and
                # keep it if it rejects fewer records (a broken quote earlier in
                # the file can make the count of kinds wrong).
                alt = work / "lf"
                alt.mkdir()
                lf_csv = normalise_record_ends(csv_path, alt / "lf.csv")
                parsed, out, better = _keep_fewer_rejects(source, parsed, out, lf_csv, alt)
                notes["record_ends"] = (
                    f"mixed: {ends[0]:,} records end in CRLF and {ends[1]:,} in LF; "
                    + ("read with every record ending in LF" if better else
                       "reading them all as LF rejected no fewer records, so the file was read as it is"))
            source_sha = sha_job.result()
        con, missing, extra, record_column = parsed
        report = _report(con, source, out, missing, extra, source_sha, time.perf_counter() - started)
        report["record_numbers"] = "column" if record_column else "row_index"
        report["encoding"] = source.encoding
        report.update(notes)
        con.close()
        (work / "report.json").write_text(json.dumps(report, indent=2))
        # Publish atomically: a crash never leaves a half-written entry that
        # looks complete.
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for name in ("rows.parquet", "rejected.parquet", "issues.parquet"):
            os.replace(out / name, folder / name)
        os.replace(work / "report.json", folder / "report.json")
        return CacheEntry(source, folder, report, cached=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _parse(source: SourceFile, csv_path: Path, work: Path,
           progress: ProgressCallback | None) -> tuple[duckdb.DuckDBPyConnection, list[str], list[str], bool]:
    """Parse and type ``csv_path`` with DuckDB into the work folder's
    ``rows``, ``rejected`` and ``issues`` Parquet files. Returns the open
    connection (its reject tables feed the report), the columns missing and
    extra, and whether the rows carry an explicit record column."""
    columns = "{" + ", ".join(f"{quote_str(c)}: 'VARCHAR'" for c in source.header) + "}"
    scan = (f"read_csv({quote_str(str(csv_path))}, columns = {columns}, auto_detect = false, "
            "header = true, delim = ',', quote = '\"', escape = '\"', "
            "nullstr = '', allow_quoted_nulls = true, "
            f"max_line_size = {MAX_LINE_BYTES}, store_rejects = true, "
            "rejects_table = 'csv_rejects', rejects_scan = 'csv_scans')")
    select, missing, extra = build_select(source.header, source.kind, scan)
    con = _connect(work)
    staging = work / "staging.parquet"
    try:
        _run_with_progress(con, f"COPY ({select}) TO {quote_str(str(staging))} (FORMAT parquet)", progress)
    except duckdb.Error as exc:
        con.close()
        raise ArchiveError(source.label, _plain_parse_error(exc)) from exc
    return con, missing, extra, _finish(con, source, staging, work, csv_path)


def _keep_fewer_rejects(source: SourceFile, parsed: tuple, out: Path, copy: Path,
                        folder: Path) -> tuple[tuple, Path, bool]:
    """Parse ``copy`` (a rewrite of the file) into ``folder`` too, and keep
    whichever parse rejected fewer records: (its parse, its folder, whether
    it is the copy's). The other's connection is closed."""
    again = _parse(source, copy, folder, None)
    if _count(again[0], folder / "rejected.parquet") < _count(parsed[0], out / "rejected.parquet"):
        parsed[0].close()
        return again, folder, True
    again[0].close()
    return parsed, out, False


def _encoding_rejects(con: duckdb.DuckDBPyConnection) -> tuple[int, int] | None:
    """(records rejected for bytes that are not UTF-8, the first of them), or None."""
    n, first = fetch_rows(con, "SELECT count(*), min(record) FROM parse_rejects "
                               "WHERE reason LIKE '%INVALID ENCODING%'")[0]
    return (int(n), int(first)) if n else None


#: What to do with a file in a code page the reader does not guess.
_NAME_IT = "give its encoding (load(encoding=...), --encoding, or the notebooks' encoding) or re-save it as UTF-8"


def _census_said(census: Census) -> str:
    """The counts that made a file look saved in a single-byte code page, in words."""
    return (f"not UTF-8: {census.bad:,} byte(s) that are not UTF-8 against {census.good:,} UTF-8 "
            "character(s) outside ASCII")


def _windows_1252_copy(csv_path: Path, folder: Path, census: Census) -> tuple[Path | None, str]:
    """A UTF-8 copy (in ``folder``) of a file that looks saved in Windows-1252
    (``census``: :func:`.raw.utf8_census` of the whole file), or None when its
    text does not read as Western European in that code page
    (:func:`.raw.western_text`) or a byte is undefined there; and what was
    decided, in words."""
    why = western_text(census.sample)
    if why:
        return None, f"not read as Windows-1252, because {why}: {_NAME_IT}"
    folder.mkdir(exist_ok=True)
    copy = windows_1252_to_utf8(csv_path, folder / "utf8.csv")
    if copy is None:
        return None, f"not Windows-1252 either (a byte that code page leaves undefined): {_NAME_IT}"
    return copy, "read as Windows-1252 (cp1252)"


def _mixed_record_ends(con: duckdb.DuckDBPyConnection, csv_path: Path) -> tuple[int, int] | None:
    """(CRLF, LF) record ends when DuckDB could not parse some records and the
    file mixes both kinds, else None. Only a file with broken records is
    scanned, so a clean file costs nothing more."""
    if not fetch_rows(con, "SELECT count(*) FROM parse_rejects")[0][0]:
        return None
    crlf, lf = record_ends(csv_path)
    return (crlf, lf) if crlf and lf else None


def _plain_parse_error(exc: duckdb.Error) -> str:
    """What went wrong, in words (DuckDB's own message, which can quote its
    SQL, stays in the chained exception for a traceback)."""
    text = str(exc).lower()
    if "unicode" in text or "utf-8" in text or "encoding" in text:
        return "could not be parsed as CSV: it is not valid UTF-8 text (re-save it as UTF-8)"
    if "out of memory" in text or "memory limit" in text:
        return "could not be converted: DuckDB ran out of memory (set INFOOPS_DUCKDB_MEMORY higher)"
    if "no space" in text or "disk" in text:
        return "could not be converted: the disk holding the cache is full"
    return "could not be parsed as CSV (DuckDB's message is in the traceback: infoops load --debug)"


def _describe_rejects(con: duckdb.DuckDBPyConnection, source: SourceFile, csv_path: Path) -> None:
    """Say in words why DuckDB could not parse a record, and in which column:
    a record with too few or too many fields says how many (and the first
    column missing); a record over the line-size limit is read back to find
    the field that made it long."""
    n = len(source.header)
    names = "[" + ", ".join(quote_str(c) for c in source.header) + "]"
    con.execute(f"""
        UPDATE parse_rejects SET
          "column" = CASE WHEN fields_found IS NOT NULL AND fields_found < {n}
                          THEN {names}[fields_found + 1] ELSE "column" END,
          reason = CASE WHEN fields_found IS NOT NULL
                        THEN 'record has too few fields (' || fields_found || ' of the header''s {n})'
                        ELSE 'record has too many fields (' || too_many || ' for the header''s {n})' END
        WHERE NOT overlong AND (fields_found IS NOT NULL OR too_many IS NOT NULL)""")
    limit = f"record over the line-size limit ({MAX_LINE_BYTES:,} bytes)"
    for record, pos in fetch_rows(con, "SELECT record, byte_position FROM parse_rejects WHERE overlong"):
        longest = longest_field_at(csv_path, int(pos), source.header) if pos is not None else None
        column = longest[0] if longest else None
        con.execute(f"UPDATE parse_rejects SET \"column\" = coalesce({quote_str(column) if column else 'NULL'}, "
                    f"\"column\"), reason = {quote_str(limit + (f'; its longest field is {column}' if column else ''))} "
                    f"WHERE record = {int(record)}")


def _finish(con: duckdb.DuckDBPyConnection, source: SourceFile, staging: Path, work: Path, csv_path: Path) -> bool:
    """Split the staged rows into loaded rows, rejected records and issues.

    Returns whether ``rows.parquet`` carries an explicit ``source_record``
    column. A clean file (every record loaded) does not: its staged Parquet is
    the result, and row i of it is record i + 1 of the CSV.
    """
    key = "tweetid" if source.kind == "tweets" else "userid"
    # Staged row k (1-based, the Parquet row index + 1) is the k-th record that
    # DuckDB could parse.
    def staged(path: Path) -> str:
        return (f"(SELECT file_row_number + 1 AS source_record, * EXCLUDE (file_row_number) "
                f"FROM read_parquet({quote_str(str(path))}, file_row_number = true))")

    st = staged(staging)
    # Records DuckDB could not parse. `line` counts records (header = 1), not
    # physical lines, so the record number is line - 1.
    con.execute("""
        CREATE TEMP TABLE parse_rejects AS
        SELECT line - 1 AS record,
               string_agg(DISTINCT coalesce(column_name, ''), ', ') AS "column",
               string_agg(DISTINCT error_type || ': ' || error_message, '; ') AS reason,
               first(csv_line) AS raw,
               bool_or(error_type = 'LINE SIZE OVER MAXIMUM') AS overlong,
               min(TRY_CAST(regexp_extract(error_message, 'Found: ([0-9]+)', 1) AS INTEGER))
                   FILTER (WHERE error_type = 'MISSING COLUMNS') AS fields_found,
               max(TRY_CAST(regexp_extract(error_message, 'Found: ([0-9]+)', 1) AS INTEGER))
                   FILTER (WHERE error_type = 'TOO MANY COLUMNS') AS too_many,
               min(byte_position) AS byte_position
        FROM csv_rejects GROUP BY line ORDER BY line""")
    _describe_rejects(con, source, csv_path)
    # Parsed row k (1-based) is file record k + (number of broken records before it).
    con.execute("""
        CREATE TEMP TABLE reject_offsets AS
        SELECT record - row_number() OVER (ORDER BY record) AS valid_before FROM parse_rejects""")
    record_of = "(source_record + (SELECT count(*) FROM reject_offsets WHERE valid_before < source_record))"
    con.execute(f"""
        CREATE TEMP TABLE dup_keys AS
        SELECT {key} AS k, min(source_record) AS first_record FROM {st}
        WHERE _reason IS NULL GROUP BY {key} HAVING count(*) > 1""")
    con.execute(f"""
        CREATE TEMP TABLE dup_rows AS
        SELECT s.source_record, d.first_record FROM {st} s JOIN dup_keys d ON s.{key} = d.k
        WHERE s._reason IS NULL AND s.source_record > d.first_record""")
    drop = "_reason, _reason_column, _issues"
    # A broken record still names its id when the id is the first field.
    key_from_raw = ("nullif(regexp_extract(raw, '^\"?([^\",]+)\"?,', 1), '')"
                    if source.header[:1] == (key,) else "NULL::VARCHAR")
    has_broken = bool(fetch_rows(con, "SELECT count(*) FROM parse_rejects")[0][0])
    has_invalid = bool(fetch_rows(con, f"SELECT count(*) FROM {st} WHERE _reason IS NOT NULL")[0][0])
    has_dups = bool(fetch_rows(con, "SELECT count(*) FROM dup_rows")[0][0])
    clean = not (has_broken or has_invalid or has_dups)
    if clean:
        # The usual case: every record loaded, so the staged file is the
        # result (its helper columns are dropped by the reader's views).
        os.replace(staging, work / "rows.parquet")
    else:
        con.execute(f"""
            COPY (SELECT {record_of if has_broken else 'source_record'} AS source_record,
                         * EXCLUDE (source_record)
                  FROM {st} WHERE _reason IS NULL
                  AND source_record NOT IN (SELECT source_record FROM dup_rows))
            TO {quote_str(str(work / 'rows.parquet'))} (FORMAT parquet)""")
    st = staged(work / "rows.parquet" if clean else staging)
    con.execute(f"""
        COPY (
          SELECT record, {key_from_raw} AS {key}, "column", reason, raw FROM parse_rejects
          UNION ALL BY NAME
          SELECT {record_of} AS record, {key}, _reason_column AS "column", _reason AS reason,
                 NULL::VARCHAR AS raw, * EXCLUDE ({drop}, source_record, {key})
          FROM {st} WHERE _reason IS NOT NULL
          UNION ALL BY NAME
          SELECT {record_of} AS record, s.{key}, '{key}' AS "column",
                 'duplicate ' || '{key}' || ' (first at record ' || (d.first_record + (SELECT count(*) FROM reject_offsets WHERE valid_before < d.first_record)) || ')' AS reason,
                 NULL::VARCHAR AS raw, s.* EXCLUDE ({drop}, source_record, {key})
          FROM {st} s JOIN dup_rows d USING (source_record)
          ORDER BY record)
        TO {quote_str(str(work / 'rejected.parquet'))} (FORMAT parquet)""")
    con.execute(f"""
        COPY (SELECT {record_of} AS record, {key}, i."column" AS "column", i."value" AS "value",
                     i.problem AS problem
              FROM (SELECT source_record, {key}, unnest(_issues) AS i FROM {st}
                    WHERE _issues IS NOT NULL AND _reason IS NULL)
              ORDER BY record)
        TO {quote_str(str(work / 'issues.parquet'))} (FORMAT parquet)""")
    return not clean


def _count(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Rows in a Parquet file."""
    return int(fetch_rows(con, f"SELECT count(*) FROM read_parquet({quote_str(str(path))})")[0][0])


def _report(con: duckdb.DuckDBPyConnection, source: SourceFile, work: Path,
            missing: list[str], extra: list[str], sha: str, seconds: float) -> dict[str, Any]:
    loaded, rejected = _count(con, work / "rows.parquet"), _count(con, work / "rejected.parquet")
    reasons = fetch_rows(con, f"""
        SELECT regexp_replace(reason, ' \\(first at record [0-9]+\\)', '') AS r, count(*)
        FROM read_parquet({quote_str(str(work / 'rejected.parquet'))}) GROUP BY r ORDER BY 2 DESC, 1""")
    issues = fetch_rows(con, f"""
        SELECT "column" || ': ' || problem AS p, count(*)
        FROM read_parquet({quote_str(str(work / 'issues.parquet'))}) GROUP BY p ORDER BY 2 DESC, 1""")
    return {
        "source": source.label,
        "name": source.name,
        "kind": source.kind,
        "rows_read": loaded + rejected,
        "rows_loaded": loaded,
        "rows_rejected": rejected,
        "rejected_by_reason": {r: int(n) for r, n in reasons},
        "value_issues": {p: int(n) for p, n in issues},
        "columns_missing": missing,
        "columns_extra": extra,
        "sha256": sha,
        "reader_version": READER_VERSION,
        "seconds": round(seconds, 3),
    }
