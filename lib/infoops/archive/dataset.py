"""``Dataset``: a loaded set of archive files, as tidy tables and SQL views.

Large releases never need to fit in pandas: ``Dataset.sql()`` queries the
cached Parquet directly, and ``Dataset.tweets`` materialises pandas only when
asked (optionally just some columns). :func:`query_tweets` runs one SQL
aggregation on a Dataset or on a tweets DataFrame alike."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable

import duckdb
import pandas as pd
import pyarrow as pa

from .. import paths
from .cache import CacheEntry
from .discover import Ignored
from .sql import quote_str
from .views import create_views

# DuckDB's memory budget for queries over a loaded dataset (see Dataset._con).
DUCKDB_MEMORY = "4GB"


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
        con.execute(f"SET memory_limit = {quote_str(os.environ.get('INFOOPS_DUCKDB_MEMORY', DUCKDB_MEMORY))}")
        if self.entries:
            spill = self.entries[0].folder.parent / ".duckdb-spill"
            spill.mkdir(parents=True, exist_ok=True)
            con.execute(f"SET temp_directory = {quote_str(str(spill))}")
        create_views(con, self.entries, self.campaign_column)
        return con

    def sql(self, query: str) -> pd.DataFrame:
        """Run DuckDB SQL over the views ``tweets`` and ``accounts``."""
        return to_pandas(self._con.sql(query))

    def relation(self, query: str) -> duckdb.DuckDBPyRelation:
        """A lazy DuckDB relation, for aggregations too big for pandas."""
        return self._con.sql(query)

    # ------------------------------------------------------------------ tables

    def tweets_frame(self, columns: Iterable[str] | None = None, where: str | None = None) -> pd.DataFrame:
        """Tweets as pandas, optionally only some columns or rows (SQL filter)."""
        if not self.has_tweets:
            return pd.DataFrame()
        cols = column_list(columns)
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
        return self.sql(f"SELECT {column_list(columns)} FROM tweets WHERE tweetid IN ({picked}) "
                        "ORDER BY campaign, tweet_time, tweetid"), total

    @cached_property
    def tweets(self) -> pd.DataFrame:
        """Every tweet as pandas (all columns; use ``tweets_frame`` for some)."""
        return self.tweets_frame()

    @cached_property
    def accounts(self) -> pd.DataFrame:
        """Every account, one row per campaign and userid, with activity counts."""
        return self.sql("SELECT * FROM accounts ORDER BY campaign, userid")

    @property
    def has_tweets(self) -> bool:
        """Whether any tweets file was loaded (users files alone have no tweets)."""
        return any(e.source.kind == "tweets" for e in self.entries)

    @cached_property
    def _cross_dups(self) -> pd.DataFrame:
        return to_pandas(self._con.sql("SELECT * FROM cross_dup_rows"))

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
                "encoding": r.get("encoding", e.source.encoding),
                "encoding_note": r.get("encoding_note", ""),
                "record_ends": r.get("record_ends", ""),
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
                f"SELECT {quote_str(e.source.label)} AS source_file, {quote_str(e.source.kind)} AS kind, "
                f"{quote_str(e.source.campaign)} AS campaign, record, {key}::VARCHAR AS id, \"column\", reason, raw "
                f"FROM read_parquet({quote_str(str(e.rejected))})")
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
            parts.append(f"SELECT {quote_str(e.source.label)} AS source_file, record, {key}::VARCHAR AS id, "
                         f"\"column\", \"value\", problem FROM read_parquet({quote_str(str(e.issues))})")
        return self.sql(" UNION ALL ".join(parts) + " ORDER BY source_file, record")

    # ------------------------------------------------------------------ facts

    @property
    def is_synthetic(self) -> bool:
        """True when any file is synthetic: results must then be labelled so."""
        return any(e.source.synthetic for e in self.entries)

    @property
    def campaigns(self) -> list[str]:
        """Campaign names, from the tweets (or the files when there are none)."""
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

    def campaign_summary(self) -> pd.DataFrame:
        """Per campaign: accounts, tweets, first and last tweet, kinds of tweet,
        and rows loaded, rejected and with value issues. A loaded row counts
        under its own campaign (``campaign_column`` splits a mixed file); a
        rejected row under its file's campaign (its own fields are not trusted)."""
        acc = self.sql("SELECT campaign, count(*) AS accounts FROM accounts GROUP BY 1").set_index("campaign")
        where = pd.DataFrame(columns=["source_file", "record", "campaign"])
        if self.has_tweets:
            tw = self.sql("""SELECT campaign, count(*) AS tweets, min(tweet_time) AS first_tweet,
                    max(tweet_time) AS last_tweet, count(*) FILTER (WHERE is_retweet) AS retweets,
                    count(*) FILTER (WHERE NOT coalesce(is_retweet, false) AND is_quote) AS quotes,
                    count(*) FILTER (WHERE NOT coalesce(is_retweet, false) AND is_reply) AS replies
                FROM tweets GROUP BY 1""").set_index("campaign")
            where = self.sql("SELECT source_file, source_record AS record, campaign FROM tweets")
        else:
            tw = pd.DataFrame(index=pd.Index([], name="campaign"))
        users = self.sql("SELECT campaign, count(*) AS n FROM accounts WHERE profile_source = 'users file' "
                         "GROUP BY 1").set_index("campaign")["n"]
        file_campaign = {e.source.label: e.source.campaign for e in self.entries}
        issues = self.value_issues.merge(where, on=["source_file", "record"], how="left")
        issues["campaign"] = issues["campaign"].fillna(issues["source_file"].map(file_campaign))
        out = acc.join(tw, how="outer")
        tweets = out["tweets"] if "tweets" in out else pd.Series(0, index=out.index)
        out["rows_loaded"] = tweets.fillna(0).astype(int) + users.reindex(out.index).fillna(0).astype(int)
        out["rows_rejected"] = self.rejected.groupby("campaign").size().reindex(out.index).fillna(0).astype(int) \
            if len(self.rejected) else 0
        out["value_issues"] = issues.groupby("campaign").size().reindex(out.index).fillna(0).astype(int)
        return out.reset_index().rename(columns={"index": "campaign"})

    def summary(self) -> str:
        """What was found, read, loaded and rejected, in words (printed by the notebooks)."""
        f = self.files
        lines = [("SYNTHETIC DATA: not findings about real accounts.\n" if self.is_synthetic else "")
                 + f"{len(f)} archive file(s) found:"]
        for r in f.itertuples():
            lines.append(f"  {r.kind:6} {r.campaign:28} {Path(r.file.split('!')[-1]).name}: "
                         f"read {r.rows_read:,}, loaded {r.rows_loaded:,}, rejected {r.rows_rejected:,}"
                         + (f", {r.value_issues:,} value issue(s)" if r.value_issues else "")
                         + (" (cache)" if r.from_cache else ""))
            if r.encoding_note:
                lines.append(f"    encoding {r.encoding_note}")
            if r.record_ends:
                lines.append(f"    record ends {r.record_ends}")
        for kind, g in f.groupby("kind", sort=True):
            lines.append(f"  all {kind} files: read {g.rows_read.sum():,}, loaded {g.rows_loaded.sum():,}, "
                         f"rejected {g.rows_rejected.sum():,}")
        if len(self.rejected):
            lines.append("rejected records by reason:")
            for reason, n in self.rejected["reason"].str.replace(r" \(.*", "", regex=True).value_counts().items():
                lines.append(f"  {n:,}  {reason}")
        for ig in self.ignored:
            lines.append(f"ignored: {_shown_path(ig.path)} ({ig.reason})")
        return "\n".join(lines)

    def __repr__(self) -> str:  # no memory addresses in notebook outputs
        return f"<infoops.Dataset: {len(self.entries)} file(s), synthetic={self.is_synthetic}>"


def _shown_path(path: str) -> str:
    """A path as printed: relative to the project when inside it, so printed
    outputs (notebooks, reports) carry no machine's folder names."""
    try:
        return Path(path).resolve().relative_to(paths.PROJECT_ROOT).as_posix()
    except ValueError:
        return path


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
        return to_pandas(rel)
    # Streamed in batches: a large result is then held by Python, not inside
    # DuckDB's fixed memory budget (where a big sorted result would not fit).
    reader = rel.to_arrow_reader(1_000_000)
    return pa.Table.from_batches(list(reader), schema=reader.schema)


def column_list(columns: Iterable[str] | None) -> str:
    """SQL column list; the sort keys (campaign, time, id) are always included."""
    if not columns:
        return "*"
    keep = list(dict.fromkeys(["campaign", "tweet_time", "tweetid", *columns]))
    return ", ".join(f'"{c}"' for c in keep)


_NULLABLE = {pa.int64(): pd.Int64Dtype(), pa.int32(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}


def to_pandas(rel: duckdb.DuckDBPyRelation) -> pd.DataFrame:
    """Arrow -> pandas keeping types honest: counts stay integers and flags
    stay booleans even where a value is missing (nullable dtypes), and dates
    stay datetime64 rather than Python objects."""
    return rel.to_arrow_table().to_pandas(date_as_object=False, types_mapper=_NULLABLE.get)
