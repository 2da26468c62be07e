"""Small SQL helpers shared by the reader's modules: quoting and fetching."""

from __future__ import annotations

import duckdb


def quote_name(name: str) -> str:
    """A SQL identifier, double-quoted."""
    return '"' + name.replace('"', '""') + '"'


def quote_str(value: str) -> str:
    """A SQL string literal, single-quoted."""
    return "'" + value.replace("'", "''") + "'"


def fetch_rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    """Every row of a query's result (closing the result, as DuckDB 2.0 needs)."""
    # DuckDB 2.0: fetchall() closes the result; fetchone() would leave it open.
    return con.sql(sql).fetchall()


