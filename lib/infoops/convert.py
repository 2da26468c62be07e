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
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from . import paths
from .discover import SourceFile, extract_member
from .errors import ArchiveError, MissingColumnsError
from .schema import (
    BOOL_COLUMNS,
    COORD_COLUMNS,
    COUNT_COLUMNS,
    DATE_COLUMNS,
    FIRST_SNOWFLAKE_ID,
    ID_COLUMNS,
    LIST_COLUMNS,
    LOWERCASE_COLUMNS,
    PIPE_LIST_COLUMNS,
    REQUIRED_TWEET_COLUMNS,
    REQUIRED_USER_COLUMNS,
    SNOWFLAKE_EPOCH_MS,
    TWEET_COLUMNS,
    USER_COLUMNS,
)

# Bump when the typed output changes, so old cache entries are not reused.
READER_VERSION = "2"
MAX_LINE_BYTES = 16 * 1024 * 1024


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


# --------------------------------------------------------------------------- SQL


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _s(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _txt(col: str) -> str:
    return f"nullif(trim({_q(col)}), '')"


_INT_RE = r"'-?[0-9]+(\.0*)?'"


def _int_expr(col: str) -> str:
    t = _txt(col)
    # Files re-saved by pandas write counts as 283.0: accept a zero fraction only.
    return (f"CASE WHEN regexp_full_match({t}, {_INT_RE}) "
            f"THEN TRY_CAST(regexp_replace({t}, '\\.0*$', '') AS BIGINT) END")


def _int_bad(col: str) -> str:
    return f"({_txt(col)} IS NOT NULL AND ({_int_expr(col)}) IS NULL)"


def _bool_expr(col: str) -> str:
    t = f"lower({_txt(col)})"
    return (f"CASE WHEN {t} IN ('true', 't', '1', '1.0', 'yes') THEN true "
            f"WHEN {t} IN ('false', 'f', '0', '0.0', 'no') THEN false END")


def _time_expr(col: str) -> str:
    t = _txt(col)
    return ("CAST(COALESCE("
            f"try_strptime({t}, '%Y-%m-%d %H:%M'), try_strptime({t}, '%Y-%m-%d %H:%M:%S'), "
            f"try_strptime({t}, '%Y-%m-%dT%H:%M:%S'), try_strptime({t}, '%Y-%m-%dT%H:%M:%SZ'), "
            f"try_strptime({t}, '%Y-%m-%d %H:%M:%S%z')::TIMESTAMP) AS TIMESTAMPTZ)")


def _date_expr(col: str) -> str:
    t = _txt(col)
    return (f"CAST(COALESCE(try_strptime({t}, '%Y-%m-%d'), try_strptime({t}, '%Y-%m-%d %H:%M'), "
            f"try_strptime({t}, '%Y-%m-%d %H:%M:%S')) AS DATE)")


def _list_expr(col: str) -> str:
    """A list field in any of the archive's encodings -> LIST(VARCHAR).

    ``[]`` or empty -> []; ``['a', 'b']`` / ``["it's"]`` (Python repr) -> quoted
    items; ``[a, b]`` -> comma-separated items; a bare ``a`` -> [a].
    """
    t = _txt(col)
    quoted = (f"list_transform(regexp_extract_all({t}, '''(?:[^''\\\\]|\\\\.)*''|\"(?:[^\"\\\\]|\\\\.)*\"'), "
              "lambda x: replace(replace(x[2:-2], '\\\\''', ''''), '\\\\\\\\', '\\\\'))")
    plain = (f"list_filter(list_transform(string_split(trim({t}, '[] '), ','), lambda x: trim(x)), "
             "lambda x: x <> '')")
    return (f"CASE WHEN {t} IS NULL OR regexp_full_match({t}, '\\[\\s*\\]') THEN []::VARCHAR[] "
            f"WHEN regexp_matches({t}, '^\\[\\s*[''\"]') THEN {quoted} "
            f"ELSE {plain} END")


def _pipe_list_expr(col: str) -> str:
    t = _txt(col)
    return (f"CASE WHEN {t} IS NULL THEN []::VARCHAR[] ELSE "
            f"list_filter(list_transform(string_split({t}, '|'), lambda x: trim(x)), lambda x: x <> '') END")


def _damaged_id(col: str) -> str:
    # 9.06e+17 or 906000000000000000.0: an id that went through a float.
    # Only all-numeric forms: hex hashes end in things like "e600" too.
    return f"coalesce(regexp_full_match({_txt(col)}, '[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?') AND NOT regexp_full_match({_txt(col)}, '[0-9]+'), false)"


def _snowflake_expr() -> str:
    t = _txt("tweetid")
    decoded = (f"make_timestamp(((TRY_CAST({t} AS UBIGINT) >> 22) + {SNOWFLAKE_EPOCH_MS})::BIGINT * 1000)")
    return (f"CASE WHEN regexp_full_match({t}, '[0-9]{{1,20}}') "
            f"AND TRY_CAST({t} AS UBIGINT) >= {FIRST_SNOWFLAKE_ID} THEN {decoded}::TIMESTAMPTZ END")


def _issue(col: str, bad: str, problem: str) -> str:
    return (f"CASE WHEN {bad} THEN {{'column': {_s(col)}, 'value': {_q(col)}, "
            f"'problem': {_s(problem)}}} END")


def build_select(header: tuple[str, ...], kind: str) -> tuple[str, list[str], list[str]]:
    """SQL select list typing one file's columns, plus the archive columns it
    lacks (filled with nulls) and the extra columns it carries (kept as text)."""
    expected = TWEET_COLUMNS if kind == "tweets" else USER_COLUMNS
    present = set(header)
    missing = [c for c in expected if c not in present]
    extra = [c for c in header if c not in set(expected) and c]
    out: list[str] = []
    issues: list[str] = []
    for col in expected:
        if col not in present:
            typ = ("VARCHAR[]" if col in LIST_COLUMNS + PIPE_LIST_COLUMNS else
                   "BIGINT" if col in COUNT_COLUMNS else "BOOLEAN" if col in BOOL_COLUMNS else
                   "DOUBLE" if col in COORD_COLUMNS else "DATE" if col in DATE_COLUMNS else
                   "TIMESTAMPTZ" if col == "tweet_time" else "VARCHAR")
            out.append(f"{'[]' if typ == 'VARCHAR[]' else 'NULL'}::{typ} AS {_q(col)}")
            if col == "latitude":
                out.append("NULL::VARCHAR AS geo")
            continue
        if col in ID_COLUMNS:
            out.append(f"CASE WHEN NOT {_damaged_id(col)} THEN {_txt(col)} END AS {_q(col)}")
            if col not in ("tweetid", "userid"):
                issues.append(_issue(col, _damaged_id(col), "id written as a float: digits lost"))
        elif col in COUNT_COLUMNS:
            out.append(f"{_int_expr(col)} AS {_q(col)}")
            issues.append(_issue(col, _int_bad(col), "not a whole number"))
        elif col in BOOL_COLUMNS:
            out.append(f"{_bool_expr(col)} AS {_q(col)}")
            issues.append(_issue(col, f"({_txt(col)} IS NOT NULL AND ({_bool_expr(col)}) IS NULL)",
                                 "not true/false"))
        elif col in DATE_COLUMNS:
            out.append(f"{_date_expr(col)} AS {_q(col)}")
            issues.append(_issue(col, f"({_txt(col)} IS NOT NULL AND ({_date_expr(col)}) IS NULL)",
                                 "not a date"))
        elif col == "tweet_time":
            out.append(f"{_time_expr(col)} AS tweet_time")
            if "tweetid" in present:
                out.append(f"{_snowflake_expr()} AS tweet_time_exact")
                # tweet_time is cut to the minute, so the id's time lies in
                # [tweet_time, tweet_time + 60 s); allow a minute either way.
                gap = f"abs(epoch({_snowflake_expr()}) - epoch({_time_expr(col)}))"
                issues.append(_issue(col, f"coalesce({gap} > 120, false)",
                                     "differs by over 2 minutes from the time in the tweet id"))
            else:
                out.append("NULL::TIMESTAMPTZ AS tweet_time_exact")
        elif col in COORD_COLUMNS:
            word = f"lower({_txt(col)}) IN ('absent', 'present')"
            out.append(f"TRY_CAST({_txt(col)} AS DOUBLE) AS {_q(col)}")
            issues.append(_issue(col, f"({_txt(col)} IS NOT NULL AND NOT {word} "
                                      f"AND TRY_CAST({_txt(col)} AS DOUBLE) IS NULL)",
                                 "not a number, 'absent' or 'present'"))
            if col == "latitude":
                out.append(f"CASE WHEN {word} THEN lower({_txt(col)}) "
                           f"WHEN TRY_CAST({_txt(col)} AS DOUBLE) IS NOT NULL THEN 'coordinates' END AS geo")
        elif col in LIST_COLUMNS:
            out.append(f"{_list_expr(col)} AS {_q(col)}")
        elif col in PIPE_LIST_COLUMNS:
            out.append(f"{_pipe_list_expr(col)} AS {_q(col)}")
        elif col in LOWERCASE_COLUMNS:
            out.append(f"lower({_txt(col)}) AS {_q(col)}")
        elif col in ("tweet_text", "user_profile_description"):
            # Texts keep their own whitespace; only an empty field becomes null.
            out.append(f"nullif({_q(col)}, '') AS {_q(col)}")
        else:
            out.append(f"{_txt(col)} AS {_q(col)}")
    if "tweetid" in present:
        t = _txt("tweetid")
        reason = (f"CASE WHEN {t} IS NULL THEN 'missing tweetid' "
                  f"WHEN NOT regexp_full_match({t}, '[0-9]+') THEN 'tweetid is not a whole number "
                  "(an id written as a float, like 9.06e+17, has lost digits)' "
                  f"WHEN {_txt('userid')} IS NULL THEN 'missing userid' "
                  f"WHEN {_time_expr('tweet_time')} IS NULL THEN "
                  f"CASE WHEN {_txt('tweet_time')} IS NULL THEN 'missing tweet_time' "
                  "ELSE 'unparseable tweet_time' END END")
        reason_col = (f"CASE WHEN {t} IS NULL OR NOT regexp_full_match({t}, '[0-9]+') THEN 'tweetid' "
                      f"WHEN {_txt('userid')} IS NULL THEN 'userid' ELSE 'tweet_time' END")
    else:
        reason = f"CASE WHEN {_txt('userid')} IS NULL THEN 'missing userid' END"
        reason_col = "'userid'"
    out.append(f"{reason} AS _reason")
    out.append(f"{reason_col} AS _reason_column")
    issue_list = (f"list_filter([{', '.join(issues)}], lambda x: x IS NOT NULL)" if issues
                  else "[]::STRUCT(\"column\" VARCHAR, \"value\" VARCHAR, problem VARCHAR)[]")
    out.append(f"{issue_list} AS _issues")
    for col in extra:
        out.append(f"{_q(col)}")
    return ",\n  ".join(out), missing, extra


# --------------------------------------------------------------------------- conversion


def _connect(tmp: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"SET temp_directory = {_s(str(tmp))}")
    # Keep the file's record order: record numbers in reports depend on it.
    con.execute("SET preserve_insertion_order = true")
    limit = os.environ.get("INFOOPS_DUCKDB_MEMORY")
    if limit:
        con.execute(f"SET memory_limit = {_s(limit)}")
    return con


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    # DuckDB 2.0: fetchall() closes the result; fetchone() would leave it open.
    return con.sql(sql).fetchall()


def convert(source: SourceFile, *, cache_root: Path | None = None, refresh: bool = False) -> CacheEntry:
    """Typed Parquet for one source file, from the cache when it is current."""
    cache_root = cache_root or paths.cache_dir()
    folder = entry_folder(source, cache_root)
    report_path = folder / "report.json"
    if report_path.exists() and not refresh:
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
        source_sha = sha256_file(csv_path if source.member else source.path)
        select, missing, extra = build_select(source.header, source.kind)
        columns = "{" + ", ".join(f"{_s(c)}: 'VARCHAR'" for c in source.header) + "}"
        con = _connect(work)
        scan = (f"read_csv({_s(str(csv_path))}, columns = {columns}, auto_detect = false, "
                "header = true, delim = ',', quote = '\"', escape = '\"', "
                f"max_line_size = {MAX_LINE_BYTES}, store_rejects = true, "
                "rejects_table = 'csv_rejects', rejects_scan = 'csv_scans')")
        staging = work / "staging.parquet"
        try:
            con.execute(f"COPY (SELECT row_number() OVER () AS source_record, {select} FROM {scan}) "
                        f"TO {_s(str(staging))} (FORMAT parquet)")
        except duckdb.Error as exc:
            raise ArchiveError(source.label, f"could not be parsed as CSV: {exc}") from None
        _finish(con, source, staging, work)
        report = _report(con, source, work, missing, extra, source_sha, time.perf_counter() - started)
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


def _finish(con: duckdb.DuckDBPyConnection, source: SourceFile, staging: Path, work: Path) -> None:
    """Split the staged rows into loaded rows, rejected records and issues."""
    key = "tweetid" if source.kind == "tweets" else "userid"
    st = f"read_parquet({_s(str(staging))})"
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
    st = f"read_parquet({_s(str(work / 'rows.parquet' if clean else staging))})"
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
                    WHERE len(_issues) > 0 AND _reason IS NULL)
              ORDER BY record)
        TO {_s(str(work / 'issues.parquet'))} (FORMAT parquet)""")


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
