"""Tests of :mod:`infoops.archive.schema`: the column facts the reader relies on."""

from __future__ import annotations

import duckdb

from infoops.archive import schema


def test_columns_match_the_archive_format():
    assert len(schema.TWEET_COLUMNS) == 31 and len(set(schema.TWEET_COLUMNS)) == 31
    assert schema.USER_COLUMNS == ("userid", "user_display_name", "user_screen_name", "user_reported_location",
                                   "user_profile_description", "user_profile_url", "follower_count",
                                   "following_count", "account_creation_date", "account_language")
    typed = (schema.ID_COLUMNS + schema.COUNT_COLUMNS + schema.BOOL_COLUMNS + schema.LIST_COLUMNS
             + schema.PIPE_LIST_COLUMNS + schema.COORD_COLUMNS + schema.DATE_COLUMNS)
    assert len(typed) == len(set(typed)) and set(typed) <= set(schema.TWEET_COLUMNS)
    assert not set(schema.FREE_TEXT_COLUMNS) & set(typed)  # free text is never typed
    assert set(schema.REQUIRED_TWEET_COLUMNS) <= set(schema.TWEET_COLUMNS)


def test_snowflake_sql_decodes_a_known_id():
    # (1085200000000000000 >> 22) + epoch: 2019-01-15 15:40:16.698 UTC
    got = duckdb.sql(f"SELECT {schema.snowflake_ms_sql(repr('1085200000000000000'))} AS ms").fetchall()[0][0]
    assert got == (1085200000000000000 >> 22) + schema.SNOWFLAKE_EPOCH_MS == 1547566816698
    small = duckdb.sql(f"SELECT {schema.snowflake_ms_sql(repr(str(schema.FIRST_SNOWFLAKE_ID - 1)))}").fetchall()
    assert small[0][0] is None  # sequential ids from before snowflakes carry no time
