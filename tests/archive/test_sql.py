"""Tests of :mod:`infoops.archive.sql`: quoting that survives hostile names."""

from __future__ import annotations

import duckdb

from infoops.archive.sql import fetch_rows, quote_name, quote_str


def test_quoting_round_trips_quotes_and_odd_names():
    con = duckdb.connect()
    name, value = 'we"ird col', "it's; DROP TABLE x; --"
    rows = fetch_rows(con, f"SELECT {quote_str(value)} AS {quote_name(name)}")
    assert rows == [(value,)]
    assert con.sql(f"SELECT {quote_str(value)} AS {quote_name(name)}").columns == [name]


def test_fetch_rows_leaves_the_connection_usable():
    con = duckdb.connect()
    assert fetch_rows(con, "SELECT 1") == [(1,)]
    assert fetch_rows(con, "SELECT 2") == [(2,)]  # the first result was closed
