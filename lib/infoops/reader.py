"""``load()``: archive files in, two tidy tables out (tweets and accounts).

The reader discovers the files (:mod:`infoops.discover`), converts each one
once into the Parquet cache (:mod:`infoops.convert`) and joins them here with
DuckDB. Large releases never need to fit in pandas: ``Dataset.sql()`` queries
the cached Parquet directly, and ``Dataset.tweets`` materialises pandas only
when asked (optionally just some columns).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import duckdb
import pandas as pd
import pyarrow as pa

from . import paths
from .convert import CacheEntry, convert, is_cached
from .discover import Ignored, SourceFile, discover
from .schema import USER_COLUMNS

PROFILE_COLUMNS = [c for c in USER_COLUMNS if c != "userid"]
# DuckDB's memory budget for queries over a loaded dataset (see Dataset._con).
DUCKDB_MEMORY = "4GB"
# Columns of the cached Parquet that only the converter uses.
HELPER_COLUMNS = "_reason, _reason_column, _issues"


def _s(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class _ByteProgress:
    """One progress bar over all files to convert, advanced by bytes converted."""

    def __init__(self, sources: Sequence[SourceFile], enabled: bool):
        self.bar = None
        sizes = [s.path.stat().st_size for s in sources]
        if enabled and sources:
            from tqdm.auto import tqdm
            self.bar = tqdm(total=sum(sizes), desc="converting", unit="B", unit_scale=True,
                            unit_divisor=1024, leave=False)
        self.sizes = sizes

    def file(self, index: int):
        """Callback for file ``index``: fraction of that file done -> bar."""
        start = sum(self.sizes[:index])

        def update(fraction: float) -> None:
            if self.bar is not None:
                self.bar.n = start + int(fraction * self.sizes[index])
                self.bar.refresh()
        return update if self.bar is not None else None

    def close(self) -> None:
        if self.bar is not None:
            self.bar.n = sum(self.sizes)
            self.bar.close()


@dataclass
class Dataset:
    """A loaded set of archive files.

    Tables (pandas, built on first use): ``tweets``, ``accounts``, ``files``
    (what was found and how many rows each gave), ``rejected`` (every record not
    loaded, with file, record number, column and reason), ``value_issues``
    (values set to null because they could not be typed). ``sql()`` runs DuckDB
    over views of the same names without loading anything into memory.
    """

    entries: list[CacheEntry]
    ignored: list[Ignored] = field(default_factory=list)
    campaign_column: str | None = None

    # ------------------------------------------------------------------ SQL views

    @cached_property
    def _con(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        con.execute("SET TimeZone = 'UTC'")
        # DuckDB would take up to 80% of RAM; the analyses keep pandas frames
        # beside it, so it gets a fixed budget and spills big sorts to disk
        # (beside the cache) instead. INFOOPS_DUCKDB_MEMORY overrides it.
        con.execute(f"SET memory_limit = {_s(os.environ.get('INFOOPS_DUCKDB_MEMORY', DUCKDB_MEMORY))}")
        if self.entries:
            spill = self.entries[0].folder.parent / ".duckdb-spill"
            spill.mkdir(parents=True, exist_ok=True)
            con.execute(f"SET temp_directory = {_s(str(spill))}")
        self._create_views(con)
        return con

    def _rows_sql(self, kind: str) -> str:
        parts = []
        for i, e in enumerate(self.entries):
            if e.source.kind != kind:
                continue
            camp = _s(e.source.campaign)
            cols = e.report.get("columns_extra", [])
            if self.campaign_column and self.campaign_column in cols:
                camp = f"coalesce(nullif(trim(\"{self.campaign_column}\"), ''), {camp})"
            if e.report.get("record_numbers") == "column":
                body = f"* EXCLUDE ({HELPER_COLUMNS}) FROM read_parquet({_s(str(e.rows))})"
            else:
                # Every record of the file was loaded, in order: row i is record i + 1.
                body = (f"file_row_number + 1 AS source_record, * EXCLUDE ({HELPER_COLUMNS}, file_row_number) "
                        f"FROM read_parquet({_s(str(e.rows))}, file_row_number = true)")
            parts.append(
                f"SELECT {camp} AS campaign, {i} AS _file, {_s(e.source.label)} AS source_file, "
                f"{'true' if e.source.synthetic else 'false'} AS synthetic, {body}")
        return "\nUNION ALL BY NAME\n".join(parts)

    def _create_views(self, con: duckdb.DuckDBPyConnection) -> None:
        tweets_sql = self._rows_sql("tweets")
        users_sql = self._rows_sql("users")
        hashed = "NOT regexp_full_match(userid, '[0-9]+')"
        # Rows dropped as duplicates of a tweet in an earlier file (filled below
        # only when there are several tweets files).
        con.execute("CREATE TEMP TABLE cross_dup_rows (tweetid VARCHAR, _file INTEGER, "
                    "source_record BIGINT, first_file INTEGER)")
        if tweets_sql:
            con.execute(f"CREATE VIEW tweets_all AS {tweets_sql}")
            n_files = sum(e.source.kind == "tweets" for e in self.entries)
            if n_files > 1:
                # The same tweet in two files (overlapping parts, a file given
                # twice): keep the first file's row, report the others.
                con.execute("""
                    CREATE TEMP TABLE cross_dups AS
                    WITH k AS (SELECT tweetid FROM tweets_all GROUP BY tweetid
                               HAVING count(DISTINCT _file) > 1)
                    SELECT t.tweetid, t._file, t.source_record,
                           min(t._file) OVER (PARTITION BY t.tweetid) AS first_file
                    FROM tweets_all t JOIN k USING (tweetid)""")
                con.execute("INSERT INTO cross_dup_rows SELECT tweetid, _file, source_record, first_file "
                            "FROM cross_dups WHERE _file > first_file")
                con.execute(f"""CREATE VIEW tweets AS SELECT * EXCLUDE (_file), {hashed} AS is_hashed
                    FROM tweets_all t WHERE NOT EXISTS (SELECT 1 FROM cross_dup_rows d
                    WHERE d.tweetid = t.tweetid AND d._file = t._file)""")
            else:
                con.execute(f"CREATE VIEW tweets AS SELECT * EXCLUDE (_file), {hashed} AS is_hashed "
                            "FROM tweets_all")
        activity = ("SELECT campaign, userid, count(*) AS n_tweets, "
                    "count(*) FILTER (WHERE is_retweet) AS n_retweets, "
                    "min(tweet_time) AS first_tweet_time, max(tweet_time) AS last_tweet_time "
                    "FROM tweets GROUP BY campaign, userid")
        from_tweets = ("SELECT campaign, userid, "
                       + ", ".join(f"arg_max({c}, tweet_time) AS {c}" for c in PROFILE_COLUMNS)
                       + ", any_value(synthetic) AS synthetic FROM tweets GROUP BY campaign, userid")
        if users_sql and tweets_sql:
            profiles = (f"SELECT * EXCLUDE (_file, source_file, source_record), 'users file' AS profile_source "
                        f"FROM ({users_sql}) QUALIFY row_number() OVER "
                        "(PARTITION BY campaign, userid ORDER BY _file, source_record) = 1 "
                        f"UNION ALL BY NAME SELECT *, 'tweets' AS profile_source FROM ({from_tweets}) f "
                        f"WHERE NOT EXISTS (SELECT 1 FROM ({users_sql}) u "
                        "WHERE u.campaign = f.campaign AND u.userid = f.userid)")
        elif users_sql:
            profiles = (f"SELECT * EXCLUDE (_file, source_file, source_record), 'users file' AS profile_source "
                        f"FROM ({users_sql}) QUALIFY row_number() OVER "
                        "(PARTITION BY campaign, userid ORDER BY _file, source_record) = 1")
        else:
            profiles = f"SELECT *, 'tweets' AS profile_source FROM ({from_tweets})"
        if tweets_sql:
            con.execute(f"""CREATE VIEW accounts AS
                SELECT p.*, coalesce(a.n_tweets, 0) AS n_tweets, coalesce(a.n_retweets, 0) AS n_retweets,
                       a.first_tweet_time, a.last_tweet_time, {hashed.replace('userid', 'p.userid')} AS is_hashed
                FROM ({profiles}) p LEFT JOIN ({activity}) a USING (campaign, userid)""")
        else:
            con.execute(f"""CREATE VIEW accounts AS SELECT p.*, 0::BIGINT AS n_tweets,
                0::BIGINT AS n_retweets, NULL::TIMESTAMPTZ AS first_tweet_time,
                NULL::TIMESTAMPTZ AS last_tweet_time, {hashed} AS is_hashed FROM ({profiles}) p""")

    def sql(self, query: str) -> pd.DataFrame:
        """Run DuckDB SQL over the views ``tweets`` and ``accounts``."""
        return _to_pandas(self._con.sql(query))

    def relation(self, query: str) -> duckdb.DuckDBPyRelation:
        """A lazy DuckDB relation, for aggregations too big for pandas."""
        return self._con.sql(query)

    # ------------------------------------------------------------------ tables

    def tweets_frame(self, columns: Iterable[str] | None = None, where: str | None = None) -> pd.DataFrame:
        """Tweets as pandas, optionally only some columns or rows (SQL filter)."""
        if not self.has_tweets:
            return pd.DataFrame()
        cols = _column_list(columns)
        q = f"SELECT {cols} FROM tweets" + (f" WHERE {where}" if where else "")
        return self.sql(q + " ORDER BY campaign, tweet_time, tweetid")

    def sample_tweets(self, n: int, *, seed: int = 0, columns: Iterable[str] | None = None,
                      where: str | None = None) -> tuple[pd.DataFrame, int]:
        """At most ``n`` tweets (all when there are no more than ``n``, or
        ``n`` <= 0), and how many there were to choose from.

        The sample is the ``n`` tweets with the smallest MD5 of ``tweetid`` and
        ``seed``: a seeded uniform sample that DuckDB draws in one pass and that
        is the same whatever the number of threads.
        """
        cond = f" WHERE {where}" if where else ""
        total = int(self.sql(f"SELECT count(*) AS n FROM tweets{cond}")["n"].iloc[0])
        if n <= 0 or total <= n:
            return self.tweets_frame(columns, where), total
        # Pick the ids first (a narrow top-n), then read only those rows: a
        # top-n over wide rows (texts) would not fit DuckDB's memory budget.
        picked = (f"SELECT tweetid FROM tweets{cond} "
                  f"ORDER BY md5(tweetid || ':' || {int(seed)}), tweetid LIMIT {int(n)}")
        return self.sql(f"SELECT {_column_list(columns)} FROM tweets WHERE tweetid IN ({picked}) "
                        "ORDER BY campaign, tweet_time, tweetid"), total

    @cached_property
    def tweets(self) -> pd.DataFrame:
        return self.tweets_frame()

    @cached_property
    def accounts(self) -> pd.DataFrame:
        return self.sql("SELECT * FROM accounts ORDER BY campaign, userid")

    @property
    def has_tweets(self) -> bool:
        return any(e.source.kind == "tweets" for e in self.entries)

    @cached_property
    def _cross_dups(self) -> pd.DataFrame:
        return _to_pandas(self._con.sql("SELECT * FROM cross_dup_rows"))

    @cached_property
    def files(self) -> pd.DataFrame:
        """One row per file found: what it is and where each row went."""
        extra = self._cross_dups.groupby("_file").size() if len(self._cross_dups) else pd.Series(dtype=int)
        rows = []
        for i, e in enumerate(self.entries):
            r = e.report
            dup = int(extra.get(i, 0))
            rows.append({
                "file": e.source.label, "kind": e.source.kind, "campaign": e.source.campaign,
                "part": e.source.part, "synthetic": e.source.synthetic,
                "rows_read": r["rows_read"], "rows_loaded": r["rows_loaded"] - dup,
                "rows_rejected": r["rows_rejected"] + dup, "value_issues": sum(r["value_issues"].values()),
                "columns_missing": ", ".join(r["columns_missing"]),
                "columns_extra": ", ".join(r["columns_extra"]),
                "from_cache": e.cached, "sha256": r["sha256"], "cache_folder": str(e.folder),
            })
        return pd.DataFrame(rows)

    @cached_property
    def rejected(self) -> pd.DataFrame:
        """Every record read but not loaded, with the reason."""
        parts = []
        for e in self.entries:
            key = "tweetid" if e.source.kind == "tweets" else "userid"
            parts.append(
                f"SELECT {_s(e.source.label)} AS source_file, {_s(e.source.kind)} AS kind, "
                f"{_s(e.source.campaign)} AS campaign, record, {key}::VARCHAR AS id, \"column\", reason, raw "
                f"FROM read_parquet({_s(str(e.rejected))})")
        labels = {i: e.source.label for i, e in enumerate(self.entries)}
        frame = self.sql(" UNION ALL ".join(parts) + " ORDER BY source_file, record") if parts else pd.DataFrame()
        if len(self._cross_dups):
            d = self._cross_dups
            dup = pd.DataFrame({
                "source_file": d["_file"].map(labels), "kind": "tweets",
                "campaign": [self.entries[int(i)].source.campaign for i in d["_file"]],
                "record": d["source_record"], "id": d["tweetid"], "column": "tweetid",
                "reason": "duplicate tweetid (also in " + d["first_file"].map(labels) + ")", "raw": None})
            frame = pd.concat([frame, dup], ignore_index=True)
        return frame

    @cached_property
    def value_issues(self) -> pd.DataFrame:
        """Values that could not be typed (set to null in the loaded row)."""
        parts = []
        for e in self.entries:
            key = "tweetid" if e.source.kind == "tweets" else "userid"
            parts.append(f"SELECT {_s(e.source.label)} AS source_file, record, {key}::VARCHAR AS id, "
                         f"\"column\", \"value\", problem FROM read_parquet({_s(str(e.issues))})")
        return self.sql(" UNION ALL ".join(parts) + " ORDER BY source_file, record")

    # ------------------------------------------------------------------ facts

    @property
    def is_synthetic(self) -> bool:
        """True when any file is synthetic: results must then be labelled so."""
        return any(e.source.synthetic for e in self.entries)

    @property
    def campaigns(self) -> list[str]:
        if self.has_tweets:
            return list(self.sql("SELECT DISTINCT campaign FROM tweets ORDER BY 1")["campaign"])
        return sorted({e.source.campaign for e in self.entries})

    @property
    def fingerprint(self) -> str:
        """SHA-256 over the source files' own SHA-256 digests (provenance)."""
        h = hashlib.sha256()
        for d in sorted(e.report["sha256"] for e in self.entries):
            h.update(d.encode())
        return h.hexdigest()

    def summary(self) -> str:
        f = self.files
        lines = [("SYNTHETIC DATA: not findings about real accounts.\n" if self.is_synthetic else "")
                 + f"{len(f)} archive file(s) found:"]
        for r in f.itertuples():
            lines.append(f"  {r.kind:6} {r.campaign:28} {Path(r.file.split('!')[-1]).name}: "
                         f"read {r.rows_read:,}, loaded {r.rows_loaded:,}, rejected {r.rows_rejected:,}"
                         + (f", {r.value_issues:,} value issue(s)" if r.value_issues else "")
                         + (" (cache)" if r.from_cache else ""))
        for kind, g in f.groupby("kind", sort=True):
            lines.append(f"  all {kind} files: read {g.rows_read.sum():,}, loaded {g.rows_loaded.sum():,}, "
                         f"rejected {g.rows_rejected.sum():,}")
        if len(self.rejected):
            lines.append("rejected records by reason:")
            for reason, n in self.rejected["reason"].str.replace(r" \(.*", "", regex=True).value_counts().items():
                lines.append(f"  {n:,}  {reason}")
        for ig in self.ignored:
            lines.append(f"ignored: {ig.path} ({ig.reason})")
        return "\n".join(lines)

    def __repr__(self) -> str:  # no memory addresses in notebook outputs
        return f"<infoops.Dataset: {len(self.entries)} file(s), synthetic={self.is_synthetic}>"


def query_tweets(source: "Dataset | pd.DataFrame", query: str, *, arrow: bool = False):
    """Run ``query`` (which reads a table named ``tweets``) in DuckDB, on a
    loaded Dataset's view (out of core, any size) or on a tweets DataFrame, so
    one SQL aggregation serves both. Returns pandas, or an Arrow table when
    ``arrow`` (lists then stay compact Arrow lists)."""
    if isinstance(source, pd.DataFrame):
        con = duckdb.connect()
        con.execute("SET TimeZone = 'UTC'")
        con.register("tweets", pa.Table.from_pandas(source, preserve_index=False))
        rel = con.sql(query)
    else:
        rel = source.relation(query)
    if not arrow:
        return _to_pandas(rel)
    # Streamed in batches: a large result is then held by Python, not inside
    # DuckDB's fixed memory budget (where a big sorted result would not fit).
    reader = rel.to_arrow_reader(1_000_000)
    return pa.Table.from_batches(list(reader), schema=reader.schema)


def _column_list(columns: Iterable[str] | None) -> str:
    """SQL column list; the sort keys (campaign, time, id) are always included."""
    if not columns:
        return "*"
    keep = list(dict.fromkeys(["campaign", "tweet_time", "tweetid", *columns]))
    return ", ".join(f'"{c}"' for c in keep)


_NULLABLE = {pa.int64(): pd.Int64Dtype(), pa.int32(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}


def _to_pandas(rel: duckdb.DuckDBPyRelation) -> pd.DataFrame:
    """Arrow -> pandas keeping types honest: counts stay integers and flags
    stay booleans even where a value is missing (nullable dtypes), and dates
    stay datetime64 rather than Python objects."""
    return rel.to_arrow_table().to_pandas(date_as_object=False, types_mapper=_NULLABLE.get)


def load(paths_or_files: str | Path | Iterable[str | Path], *,
         campaign: str | Mapping[str, str] | None = None,
         campaign_column: str | None = None,
         cache_dir: str | Path | None = None,
         refresh: bool = False,
         progress: bool = True) -> Dataset:
    """Load archive files (folders are searched recursively).

    Parameters
    ----------
    paths_or_files : folder(s) and/or file(s): ``.csv``, ``.csv.gz`` or ``.zip``.
    campaign : override the campaign read from file names: one name for all,
        or a mapping from file name to campaign.
    campaign_column : take each tweet's campaign from this extra column when
        it is present and filled (e.g. ``campaign_inferred`` in re-saved mixes).
    cache_dir : where the Parquet cache lives (default ``data/cache``).
    refresh : convert again even when the cache is current.
    progress : show a progress bar (bytes converted over all files that are not
        cached yet; DuckDB streams each file, so memory stays bounded).
    """
    sources, ignored = discover(paths_or_files, campaign=campaign)
    root = Path(cache_dir) if cache_dir else paths.cache_dir()
    # The bar only appears when something needs converting (a warm cache is silent).
    todo = [s for s in sources if refresh or not is_cached(s, root)]
    bar = _ByteProgress(todo, progress)
    entries = []
    try:
        for s in sources:
            callback = bar.file(todo.index(s)) if s in todo else None
            entries.append(convert(s, cache_root=root, refresh=refresh, progress=callback))
    finally:
        bar.close()
    return Dataset(entries=entries, ignored=ignored, campaign_column=campaign_column)


__all__ = ["Dataset", "load", "query_tweets", "SourceFile"]
