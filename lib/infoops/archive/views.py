"""The SQL views that join a load's cache entries into two tidy tables,
``tweets`` and ``accounts``: one row per tweet (duplicates across files
reported, not loaded twice) and one per account (from the users file, or from
its latest tweet when the users file lacks it)."""

from __future__ import annotations

import duckdb

from .cache import CacheEntry
from .schema import USER_COLUMNS
from .sql import quote_str

PROFILE_COLUMNS = [c for c in USER_COLUMNS if c != "userid"]
# Columns of the cached Parquet that only the converter uses.
HELPER_COLUMNS = "_reason, _reason_column, _issues"


def rows_sql(entries: list[CacheEntry], kind: str, campaign_column: str | None) -> str:
    """SQL for the rows of every file of one kind, with campaign, file index,
    source file, synthetic flag and record number."""
    parts = []
    for i, e in enumerate(entries):
        if e.source.kind != kind:
            continue
        camp = quote_str(e.source.campaign)
        cols = e.report.get("columns_extra", [])
        if campaign_column and campaign_column in cols:
            camp = f"coalesce(nullif(trim(\"{campaign_column}\"), ''), {camp})"
        if e.report.get("record_numbers") == "column":
            body = f"* EXCLUDE ({HELPER_COLUMNS}) FROM read_parquet({quote_str(str(e.rows))})"
        else:
            # Every record of the file was loaded, in order: row i is record i + 1.
            body = (f"file_row_number + 1 AS source_record, * EXCLUDE ({HELPER_COLUMNS}, file_row_number) "
                    f"FROM read_parquet({quote_str(str(e.rows))}, file_row_number = true)")
        parts.append(
            f"SELECT {camp} AS campaign, {i} AS _file, {quote_str(e.source.label)} AS source_file, "
            f"{'true' if e.source.synthetic else 'false'} AS synthetic, {body}")
    return "\nUNION ALL BY NAME\n".join(parts)


def create_views(con: duckdb.DuckDBPyConnection, entries: list[CacheEntry], campaign_column: str | None) -> None:
    """Views ``tweets`` and ``accounts`` (and the table ``cross_dup_rows``) over
    the cache entries: the tidy tables every analysis reads."""
    tweets_sql = rows_sql(entries, "tweets", campaign_column)
    users_sql = rows_sql(entries, "users", campaign_column)
    hashed = "NOT regexp_full_match(userid, '[0-9]+')"
    # Rows dropped as duplicates of a tweet in an earlier file (filled below
    # only when there are several tweets files).
    con.execute("CREATE TEMP TABLE cross_dup_rows (tweetid VARCHAR, _file INTEGER, "
                "source_record BIGINT, first_file INTEGER)")
    if tweets_sql:
        con.execute(f"CREATE VIEW tweets_all AS {tweets_sql}")
        n_files = sum(e.source.kind == "tweets" for e in entries)
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
