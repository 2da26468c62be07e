"""Tests of :mod:`infoops.timing.latency`."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import timing_tweets

from infoops import timing as T
from infoops.archive.schema import SNOWFLAKE_EPOCH_MS


def _sf(ms: int) -> str:
    return str((ms - SNOWFLAKE_EPOCH_MS) << 22)




def test_retweet_latency_from_snowflakes():
    src = 1548250000000
    tw = timing_tweets(["2019-01-23 13:27:10.500"], is_retweet=True)
    tw["retweet_tweetid"] = _sf(src)
    lat = T.retweet_latency(tw)
    expected = (pd.Timestamp("2019-01-23 13:27:10.500", tz="UTC").value // 1_000_000 - src) / 1000
    assert lat["latency_s"].iloc[0] == pytest.approx(expected)


def test_snowflake_sql_and_python_agree_on_every_kind_of_id():
    import duckdb

    from infoops.archive.schema import FIRST_SNOWFLAKE_ID, snowflake_ms_sql

    ids = [str(_sf(1548250000000)), "1085200000000000007", str(FIRST_SNOWFLAKE_ID), str(FIRST_SNOWFLAKE_ID - 1),
           "12345", "9.06e+17", "1e3", "abc123", "", None, "18446744073709551615", "99999999999999999999",
           "123456789012345678901"]
    frame = pd.DataFrame({"id": ids})
    sql = duckdb.sql(f"SELECT ({snowflake_ms_sql('id')})::DOUBLE AS ms FROM frame").df()["ms"]
    py = T.snowflake_ms(frame["id"])
    # The largest 20-digit ids overflow an unsigned 64-bit integer: SQL gives
    # NULL; no real tweet id is near that size.
    fits = [x is not None and x.isdigit() and int(x) < 2**64 or not (x or "").isdigit() for x in ids]
    assert sql[fits].fillna(-1).tolist() == py[fits].fillna(-1).tolist()
    assert sql.notna().sum() >= 3
