"""Sources per campaign: top hashtags, domains, mentions, languages and clients,
counted in DuckDB over every tweet."""

from __future__ import annotations

import pandas as pd

from ..archive.dataset import query_tweets
from ..text import DOMAIN_SQL


def _top_per_campaign(query: str, value: str, n: int) -> str:
    return (f"SELECT * EXCLUDE (_rank) FROM (SELECT *, row_number() OVER (PARTITION BY campaign "
            f"ORDER BY tweets DESC, {value}) AS _rank FROM ({query})) WHERE _rank <= {int(n)} "
            f"ORDER BY campaign, _rank")


def top_items(source, column: str, n: int = 15, *, lower: bool = False) -> pd.DataFrame:
    """Most frequent values of a list column per campaign, with the number of
    tweets and of distinct accounts using each. ``column`` is ``hashtags``,
    ``urls``, ``user_mentions`` or ``domain`` (the host of each URL, www.
    removed). ``source``: a Dataset (counted in DuckDB over every tweet) or a
    tweets DataFrame."""
    src = "urls" if column == "domain" else column
    item = DOMAIN_SQL if column == "domain" else ("lower(u)" if lower else "u")
    exploded = (f"SELECT campaign, userid, {item} AS {column} FROM "
                f"(SELECT campaign, userid, unnest(\"{src}\") AS u FROM tweets)")
    counts = (f"SELECT campaign, {column}, count(*) AS tweets, count(DISTINCT userid) AS accounts "
              f"FROM ({exploded}) WHERE {column} IS NOT NULL AND {column} <> '' GROUP BY campaign, {column}")
    return query_tweets(source, _top_per_campaign(counts, column, n)).reset_index(drop=True)


def value_shares(source, column: str, n: int = 10) -> pd.DataFrame:
    """Top values of a scalar column (language, client) per campaign with shares."""
    counts = (f"SELECT campaign, \"{column}\", count(*) AS tweets, "
              f"count(*) / sum(count(*)) OVER (PARTITION BY campaign) AS share "
              f"FROM tweets WHERE \"{column}\" IS NOT NULL GROUP BY campaign, \"{column}\"")
    return query_tweets(source, _top_per_campaign(counts, f'"{column}"', n)).reset_index(drop=True)
