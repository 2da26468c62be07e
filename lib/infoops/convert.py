"""Convert one archive CSV into typed Parquet, once, and account for every row.

DuckDB parses the CSV (every field as text, read by column name) and types it
in SQL; nothing here is a hand-written CSV parser. Each source file becomes a
cache entry folder holding:

- ``rows.parquet``: the loaded rows, typed (ids as text, UTC timestamps, lists),
  plus helper columns ``_reason``, ``_reason_column`` and ``_issues`` that the
  reader drops (keeping them spares a second write of the whole file);
- ``rejected.parquet``: every record not loaded, with its record number,
  column, reason and the raw text or value that caused it;
- ``issues.parquet``: values that could not be typed in rows that were loaded
  (the value is set to null there and reported here, never dropped silently);
- ``report.json``: counts (read = loaded + rejected), reasons, timings, and the
  source file's SHA-256.

The entry is keyed by the source's size, modification time and first and last
bytes, so it is reused while the source is unchanged and rebuilt when it is not.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import duckdb

from . import paths
from .discover import SourceFile, extract_member
from .errors import ArchiveError, MissingColumnsError
from .schema import (
    BOOL_COLUMNS,
    COORD_COLUMNS,
    COUNT_COLUMNS,
    DATE_COLUMNS,
    FREE_TEXT_COLUMNS,
    ID_COLUMNS,
    LIST_COLUMNS,
    LOWERCASE_COLUMNS,
    PIPE_LIST_COLUMNS,
    REQUIRED_TWEET_COLUMNS,
    REQUIRED_USER_COLUMNS,
    TWEET_COLUMNS,
    USER_COLUMNS,
    snowflake_ms_sql,
)

# Bump when the typed output changes, so old cache entries are not reused.
READER_VERSION = "4"
MAX_LINE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class CacheEntry:
    source: SourceFile
    folder: Path
    report: dict[str, Any]
    cached: bool

    @property
    def rows(self) -> Path:
        return self.folder / "rows.parquet"

    @property
    def rejected(self) -> Path:
        return self.folder / "rejected.parquet"

    @property
    def issues(self) -> Path:
        return self.folder / "issues.parquet"


# --------------------------------------------------------------------------- keys


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
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def cache_key(source: SourceFile) -> str:
    h = hashlib.sha256()
    for part in (READER_VERSION, source.kind, str(source.path.resolve()), source.member or "",
                 quick_signature(source.path)):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()[:20]


def entry_folder(source: SourceFile, cache_root: Path) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", source.name)[:80]
    return cache_root / f"{safe}-{cache_key(source)}"


def is_cached(source: SourceFile, cache_root: Path) -> bool:
    """Whether a current cache entry exists for the source."""
    return (entry_folder(source, cache_root) / "report.json").exists()


# --------------------------------------------------------------------------- SQL
#
# The typing query has three layers, so each value is cleaned once and every
# check reads the cleaned value instead of recomputing it:
#   1. ``_clean``: text as read (empty -> null, outer spaces trimmed);
#   2. ``_typed``: typed values, plus the cleaned text of checked columns
#      (``"_raw:<col>"``) and two facts about the tweet id;
#   3. the result: reasons for rejecting a row and value issues.
# Each typed expression tests the form the archive actually uses first (a
# plain digit string, ``true``, ``['a', 'b']``) and only falls back to the
# general, slower parse when that fails; both give the same value.


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _s(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _raw(col: str) -> str:
    return _q("_raw:" + col)


def _clean(col: str) -> str:
    c = _q(col)
    if col in FREE_TEXT_COLUMNS:
        # Kept exactly as written (an account's name may end in a space). An
        # empty field, quoted or not, is already NULL (allow_quoted_nulls).
        return c
    # Typed columns are parsed from the trimmed text. trim() copies every
    # string, so only call it when an end is a space.
    return f"CASE WHEN prefix({c}, ' ') OR suffix({c}, ' ') THEN nullif(trim({c}), '') ELSE {c} END"


_FLOAT_ID_RE = r"'[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?'"


def _damaged_id(v: str) -> str:
    # 9.06e+17 or 906000000000000000.0: an id that went through a float.
    # Only all-numeric forms: hex hashes end in things like "e600" too. A
    # float form always holds '.', 'e' or 'E', so most ids skip the regex.
    # Hashed ids are 64 characters long, a float's text at most about 25.
    return (f"coalesce(length({v}) < 40 AND (contains({v}, '.') OR contains({v}, 'e') OR contains({v}, 'E')) "
            f"AND regexp_full_match({v}, {_FLOAT_ID_RE}), false)")


def _int_expr(v: str) -> str:
    # Files re-saved by pandas write counts as 283.0: accept a zero fraction
    # only. (DuckDB's own cast would round 283.5 and read 1e3 or 0x10.)
    return (f"CASE WHEN regexp_full_match({v}, '-?[0-9]+') THEN TRY_CAST({v} AS BIGINT) "
            f"WHEN regexp_full_match({v}, '-?[0-9]+\\.0*') THEN TRY_CAST(split_part({v}, '.', 1) AS BIGINT) END")


def _bool_expr(v: str) -> str:
    t = f"lower({v})"
    return (f"CASE WHEN {v} = 'true' THEN true WHEN {v} = 'false' THEN false "
            f"WHEN {t} IN ('true', 't', '1', '1.0', 'yes') THEN true "
            f"WHEN {t} IN ('false', 'f', '0', '0.0', 'no') THEN false END")


def _time_expr(v: str) -> str:
    return ("CAST(COALESCE("
            f"try_strptime({v}, '%Y-%m-%d %H:%M'), try_strptime({v}, '%Y-%m-%d %H:%M:%S'), "
            f"try_strptime({v}, '%Y-%m-%dT%H:%M:%S'), try_strptime({v}, '%Y-%m-%dT%H:%M:%SZ'), "
            f"try_strptime({v}, '%Y-%m-%d %H:%M:%S%z')::TIMESTAMP) AS TIMESTAMPTZ)")


def _date_expr(v: str) -> str:
    return (f"CAST(COALESCE(try_strptime({v}, '%Y-%m-%d'), try_strptime({v}, '%Y-%m-%d %H:%M'), "
            f"try_strptime({v}, '%Y-%m-%d %H:%M:%S')) AS DATE)")


def _list_expr(v: str) -> str:
    """A list field in any of the archive's encodings -> LIST(VARCHAR).

    ``[]`` or empty -> []; ``['a', 'b']`` / ``["it's"]`` (Python repr) -> quoted
    items; ``[a, b]`` -> comma-separated items; a bare ``a`` -> [a].
    """
    # Items in quotes; inside them \\, \' and \" are escapes, undone in one
    # pass so that an escaped backslash before a quote is read right.
    quoted = (f"list_transform(regexp_extract_all({v}, "
              r"""'''(?:[^''\\]|\\.)*''|"(?:[^"\\]|\\.)*"'), """
              r"""lambda x: regexp_replace(x[2:-2], '\\([\\''"])', '\1', 'g'))""")
    plain = (f"list_filter(list_transform(string_split(trim({v}, '[] '), ','), lambda x: trim(x)), "
             "lambda x: x <> '')")
    # The common case, Python's repr of plain strings: no double quote or
    # backslash, and every single quote is either one of the outer pair or in
    # a "', '" separator; then splitting on the separator is exact.
    inner = f"{v}[3:-3]"
    simple = (f"prefix({v}, '[''') AND suffix({v}, ''']') AND length({v}) >= 4 "
              f"AND NOT contains({v}, '\"') AND NOT contains({v}, '\\') "
              f"AND NOT contains(replace({inner}, ''', ''', ''), '''')")
    return (f"CASE WHEN {v} IS NULL OR {v} = '[]' THEN []::VARCHAR[] "
            f"WHEN {simple} THEN string_split({inner}, ''', ''') "
            f"WHEN regexp_full_match({v}, '\\[\\s*\\]') THEN []::VARCHAR[] "
            f"WHEN regexp_matches({v}, '^\\[\\s*[''\"]') THEN {quoted} "
            f"ELSE {plain} END")


def _pipe_list_expr(v: str) -> str:
    return (f"CASE WHEN {v} IS NULL THEN []::VARCHAR[] ELSE "
            f"list_filter(list_transform(string_split({v}, '|'), lambda x: trim(x)), lambda x: x <> '') END")


def _snowflake_expr() -> str:
    """The tweet id's own creation time (to the millisecond), from layer 2 facts."""
    ms = snowflake_ms_sql("tweetid", digits_sql='"_tweetid_digits"')
    return f"make_timestamp(({ms}) * 1000)::TIMESTAMPTZ"


def _missing_type(col: str) -> str:
    return ("VARCHAR[]" if col in LIST_COLUMNS + PIPE_LIST_COLUMNS else
            "BIGINT" if col in COUNT_COLUMNS else "BOOLEAN" if col in BOOL_COLUMNS else
            "DOUBLE" if col in COORD_COLUMNS else "DATE" if col in DATE_COLUMNS else
            "TIMESTAMPTZ" if col == "tweet_time" else "VARCHAR")


def build_select(header: tuple[str, ...], kind: str, scan: str) -> tuple[str, list[str], list[str]]:
    """The query typing one file's rows (layers described above), plus the
    archive columns the file lacks (filled with nulls) and the extra columns it
    carries (kept as text)."""
    expected = TWEET_COLUMNS if kind == "tweets" else USER_COLUMNS
    present = set(header)
    missing = [c for c in expected if c not in present]
    extra = [c for c in header if c not in set(expected) and c]
    key = "tweetid" if kind == "tweets" else "userid"

    clean = [f"{_clean(c) if c in set(expected) else _q(c)} AS {_q(c)}" for c in header if c]
    typed: list[str] = []     # layer 2
    exact: list[str] = []     # between 2 and 3: the tweet id's time
    final: list[str] = []     # layer 3
    issues: list[tuple[str, str, str]] = []   # (column, condition, problem)

    def keep_raw(col: str) -> None:
        typed.append(f"{_q(col)} AS {_raw(col)}")

    for col in expected:
        v = _q(col)
        if col not in present:
            typ = _missing_type(col)
            final.append(f"{'[]' if typ == 'VARCHAR[]' else 'NULL'}::{typ} AS {v}")
            if col == "latitude":
                final.append("NULL::VARCHAR AS geo")
            if col == "tweet_time":
                final.append("NULL::TIMESTAMPTZ AS tweet_time_exact")
            continue
        final.append(v)
        if col in ID_COLUMNS:
            typed.append(f"CASE WHEN NOT {_damaged_id(v)} THEN {v} END AS {v}")
            keep_raw(col)
            problem = ("id written as a float: digits lost" if col not in ("tweetid", "userid") else None)
            if problem:
                issues.append((col, f"{_raw(col)} IS NOT NULL AND {v} IS NULL", problem))
        elif col in COUNT_COLUMNS:
            typed.append(f"{_int_expr(v)} AS {v}")
            keep_raw(col)
            issues.append((col, f"{_raw(col)} IS NOT NULL AND {v} IS NULL", "not a whole number"))
        elif col in BOOL_COLUMNS:
            typed.append(f"{_bool_expr(v)} AS {v}")
            keep_raw(col)
            issues.append((col, f"{_raw(col)} IS NOT NULL AND {v} IS NULL", "not true/false"))
        elif col in DATE_COLUMNS:
            typed.append(f"{_date_expr(v)} AS {v}")
            keep_raw(col)
            issues.append((col, f"{_raw(col)} IS NOT NULL AND {v} IS NULL", "not a date"))
        elif col == "tweet_time":
            typed.append(f"{_time_expr(v)} AS tweet_time")
            keep_raw(col)
            if "tweetid" in present:
                # Decoded once, in a layer of its own: it feeds both the
                # column and the check below, and DuckDB does not share an
                # expression between them.
                exact.append(f"{_snowflake_expr()} AS tweet_time_exact")
                final.append("tweet_time_exact")
                # tweet_time is cut to the minute, so the id's time lies in
                # [tweet_time, tweet_time + 60 s); allow a minute either way.
                gap = "abs(epoch(tweet_time_exact) - epoch(tweet_time))"
                issues.append((col, f"coalesce({gap} > 120, false)",
                               "differs by over 2 minutes from the time in the tweet id"))
            else:
                final.append("NULL::TIMESTAMPTZ AS tweet_time_exact")
        elif col in COORD_COLUMNS:
            word = f"lower({_raw(col)}) IN ('absent', 'present')"
            typed.append(f"TRY_CAST({v} AS DOUBLE) AS {v}")
            keep_raw(col)
            issues.append((col, f"{_raw(col)} IS NOT NULL AND NOT {word} AND {v} IS NULL",
                           "not a number, 'absent' or 'present'"))
            if col == "latitude":
                final.append(f"CASE WHEN {word} THEN lower({_raw(col)}) "
                             f"WHEN {v} IS NOT NULL THEN 'coordinates' END AS geo")
        elif col in LIST_COLUMNS:
            typed.append(f"{_list_expr(v)} AS {v}")
        elif col in PIPE_LIST_COLUMNS:
            typed.append(f"{_pipe_list_expr(v)} AS {v}")
        elif col in LOWERCASE_COLUMNS:
            typed.append(f"lower({v}) AS {v}")
        else:
            typed.append(f"{v}")

    if key == "tweetid":
        typed.append("coalesce(regexp_full_match(tweetid, '[0-9]+'), false) AS \"_tweetid_digits\"")
        reason = ("CASE WHEN \"_raw:tweetid\" IS NULL THEN 'missing tweetid' "
                  "WHEN NOT \"_tweetid_digits\" THEN 'tweetid is not a whole number "
                  "(an id written as a float, like 9.06e+17, has lost digits)' "
                  "WHEN \"_raw:userid\" IS NULL THEN 'missing userid' "
                  "WHEN userid IS NULL THEN 'userid written as a float (digits lost)' "
                  "WHEN tweet_time IS NULL THEN CASE WHEN \"_raw:tweet_time\" IS NULL "
                  "THEN 'missing tweet_time' ELSE 'unparseable tweet_time' END END")
        reason_col = ("CASE WHEN \"_raw:tweetid\" IS NULL OR NOT \"_tweetid_digits\" THEN 'tweetid' "
                      "WHEN userid IS NULL THEN 'userid' ELSE 'tweet_time' END")
    else:
        reason = ("CASE WHEN \"_raw:userid\" IS NULL THEN 'missing userid' "
                  "WHEN userid IS NULL THEN 'userid written as a float (digits lost)' END")
        reason_col = "'userid'"
    final.append(f"{reason} AS _reason")
    final.append(f"{reason_col} AS _reason_column")
    if issues:
        # Most rows have no issue: test first, build the list only when needed.
        any_issue = " OR ".join(f"({cond})" for _, cond, _ in issues)
        items = ", ".join(f"CASE WHEN {cond} THEN {{'column': {_s(col)}, 'value': {_raw(col)}::VARCHAR, "
                          f"'problem': {_s(problem)}}} END" for col, cond, problem in issues)
        final.append(f"CASE WHEN {any_issue} THEN list_filter([{items}], lambda x: x IS NOT NULL) END AS _issues")
    else:
        final.append("NULL::STRUCT(\"column\" VARCHAR, \"value\" VARCHAR, problem VARCHAR)[] AS _issues")
    final.extend(_q(c) for c in extra)
    typed.extend(_q(c) for c in extra)
    layer2 = f"SELECT {', '.join(typed)}\n      FROM (SELECT {', '.join(clean)} FROM {scan})"
    if exact:
        layer2 = f"SELECT *, {', '.join(exact)} FROM ({layer2})"
    sql = f"SELECT {', '.join(final)}\nFROM ({layer2})"
    return sql, missing, extra


# --------------------------------------------------------------------------- conversion

ProgressCallback = Callable[[float], None]


def _connect(tmp: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"SET temp_directory = {_s(str(tmp))}")
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
        con.execute(f"SET memory_limit = {_s(limit)}")
    return con


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    # DuckDB 2.0: fetchall() closes the result; fetchone() would leave it open.
    return con.sql(sql).fetchall()


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
        # The SHA-256 (provenance) is read while DuckDB converts: hashlib
        # releases the GIL, and the file is then read from the page cache.
        with ThreadPoolExecutor(1) as pool:
            sha_job = pool.submit(sha256_file, csv_path)
            columns = "{" + ", ".join(f"{_s(c)}: 'VARCHAR'" for c in source.header) + "}"
            scan = (f"read_csv({_s(str(csv_path))}, columns = {columns}, auto_detect = false, "
                    "header = true, delim = ',', quote = '\"', escape = '\"', "
                    "nullstr = '', allow_quoted_nulls = true, "
                    f"max_line_size = {MAX_LINE_BYTES}, store_rejects = true, "
                    "rejects_table = 'csv_rejects', rejects_scan = 'csv_scans')")
            select, missing, extra = build_select(source.header, source.kind, scan)
            con = _connect(work)
            staging = work / "staging.parquet"
            try:
                _run_with_progress(con, f"COPY ({select}) TO {_s(str(staging))} (FORMAT parquet)", progress)
            except duckdb.Error as exc:
                raise ArchiveError(source.label, f"could not be parsed as CSV: {exc}") from None
            record_column = _finish(con, source, staging, work)
            source_sha = sha_job.result()
        report = _report(con, source, work, missing, extra, source_sha, time.perf_counter() - started)
        report["record_numbers"] = "column" if record_column else "row_index"
        con.close()
        (work / "report.json").write_text(json.dumps(report, indent=2))
        # Publish atomically: a crash never leaves a half-written entry that
        # looks complete.
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for name in ("rows.parquet", "rejected.parquet", "issues.parquet"):
            os.replace(work / name, folder / name)
        os.replace(work / "report.json", folder / "report.json")
        return CacheEntry(source, folder, report, cached=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _finish(con: duckdb.DuckDBPyConnection, source: SourceFile, staging: Path, work: Path) -> bool:
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
                f"FROM read_parquet({_s(str(path))}, file_row_number = true))")

    st = staged(staging)
    # Records DuckDB could not parse. `line` counts records (header = 1), not
    # physical lines, so the record number is line - 1.
    con.execute("""
        CREATE TEMP TABLE parse_rejects AS
        SELECT line - 1 AS record,
               string_agg(DISTINCT coalesce(column_name, ''), ', ') AS "column",
               string_agg(DISTINCT error_type || ': ' || error_message, '; ') AS reason,
               first(csv_line) AS raw
        FROM csv_rejects GROUP BY line ORDER BY line""")
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
    has_broken = bool(_rows(con, "SELECT count(*) FROM parse_rejects")[0][0])
    has_invalid = bool(_rows(con, f"SELECT count(*) FROM {st} WHERE _reason IS NOT NULL")[0][0])
    has_dups = bool(_rows(con, "SELECT count(*) FROM dup_rows")[0][0])
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
            TO {_s(str(work / 'rows.parquet'))} (FORMAT parquet)""")
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
        TO {_s(str(work / 'rejected.parquet'))} (FORMAT parquet)""")
    con.execute(f"""
        COPY (SELECT {record_of} AS record, {key}, i."column" AS "column", i."value" AS "value",
                     i.problem AS problem
              FROM (SELECT source_record, {key}, unnest(_issues) AS i FROM {st}
                    WHERE _issues IS NOT NULL AND _reason IS NULL)
              ORDER BY record)
        TO {_s(str(work / 'issues.parquet'))} (FORMAT parquet)""")
    return not clean


def _report(con: duckdb.DuckDBPyConnection, source: SourceFile, work: Path,
            missing: list[str], extra: list[str], sha: str, seconds: float) -> dict[str, Any]:
    def count(name: str) -> int:
        return int(_rows(con, f"SELECT count(*) FROM read_parquet({_s(str(work / name))})")[0][0])

    loaded, rejected = count("rows.parquet"), count("rejected.parquet")
    reasons = _rows(con, f"""
        SELECT regexp_replace(reason, ' \\(first at record [0-9]+\\)', '') AS r, count(*)
        FROM read_parquet({_s(str(work / 'rejected.parquet'))}) GROUP BY r ORDER BY 2 DESC, 1""")
    issues = _rows(con, f"""
        SELECT "column" || ': ' || problem AS p, count(*)
        FROM read_parquet({_s(str(work / 'issues.parquet'))}) GROUP BY p ORDER BY 2 DESC, 1""")
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
