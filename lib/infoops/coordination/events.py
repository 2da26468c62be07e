"""The events every coordination signal is built from: one row per tweet of
the accounts studied, with exact time and the items each signal uses."""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..archive.dataset import query_tweets
from ..text import clean_text

#: Event columns held as categories.
CATEGORICAL: tuple[str, ...] = ("campaign", "tweet_client_name")


def _kept_sql(min_tweets: int) -> str:
    """The userids of the accounts studied: those with at least ``min_tweets`` tweets."""
    return f"SELECT userid FROM tweets GROUP BY userid HAVING count(*) >= {int(min_tweets)}"


def prepare_events(source, min_tweets: int) -> tuple[pd.DataFrame, pd.Index]:
    """One row per tweet of accounts with at least ``min_tweets`` tweets, with
    exact time in seconds and the items each signal uses; plus the account index.

    ``source`` is a loaded Dataset (read out of core: DuckDB filters, orders
    and computes times; only the columns the signals use reach pandas, list
    columns as compact Arrow lists) or a tweets DataFrame (same query).
    Rows follow the tweets table's order (campaign, time, id) or the frame's.
    """
    from ..archive.schema import snowflake_ms_sql

    if isinstance(source, pd.DataFrame):
        source = source.assign(_order=np.arange(len(source)))
        keys = ["_order"]
    else:
        keys = ["campaign", "tweet_time", "tweetid"]
    src_ms = f"({snowflake_ms_sql('retweet_tweetid')})::DOUBLE"
    kept = _kept_sql(min_tweets)
    table = query_tweets(source, f"""
        WITH kept AS (SELECT userid, row_number() OVER (ORDER BY userid) - 1 AS acct FROM ({kept}))
        SELECT {", ".join(k for k in keys if k not in ("campaign", "tweetid"))}, tweetid, acct, campaign,
               epoch_us(coalesce(tweet_time_exact, tweet_time)) / 1e6 AS ts,
               coalesce(is_retweet, false) AS is_rt,
               retweet_tweetid, in_reply_to_tweetid, tweet_client_name,
               CASE WHEN coalesce(is_retweet, false) THEN NULL ELSE tweet_text END AS tweet_text,
               hashtags, urls, user_mentions,
               CASE WHEN coalesce(is_retweet, false) THEN {src_ms} END AS _src_ms
        FROM tweets JOIN kept USING (userid)""", arrow=True)
    # the account index: acct numbers the kept userids in this order
    users = pd.Index(query_tweets(source, f"{kept} ORDER BY userid")["userid"].tolist(), name="userid")
    table = _sorted(table, keys)
    table = table.drop_columns([k for k in keys if k not in ("campaign", "tweetid")])
    # Only texts of tweets that are not retweets are compared (co_tweet, near_duplicate).
    norm = _normalised(table.column("tweet_text"))
    table = table.drop_columns(["tweet_text"])
    # few distinct values: categories (sorted), 530 MB less at full size than a string per row (measured)
    for name in CATEGORICAL:
        table = table.set_column(table.schema.get_field_index(name), name, pc.dictionary_encode(table[name]))
    t = table.to_pandas(types_mapper=lambda ty: pd.ArrowDtype(ty) if pa.types.is_list(ty) else None)
    del table
    for name in CATEGORICAL:
        t[name] = t[name].cat.reorder_categories(sorted(t[name].cat.categories))
    t["rt_latency"] = t["ts"] - t.pop("_src_ms") / 1000
    t["norm_text"] = norm.to_pandas()
    # lengths counted by Arrow (code points, as len()): pandas' str.len on 9M texts took 10 s
    t["norm_len"] = pc.utf8_length(norm).to_numpy().astype(np.int32)
    return t.reset_index(drop=True), users


def _sorted(table: pa.Table, keys: list[str]) -> pa.Table:
    """``table`` sorted by ``keys``, built column by column, each original
    column released once taken, so the peak is one column above the table
    (a sort of wide rows, texts and lists, does not fit DuckDB's memory
    budget at full size, and Arrow's sort_by would hold two copies)."""
    order = pc.sort_indices(table.select(keys), sort_keys=[(k, "ascending") for k in keys])
    names, columns = table.column_names, []
    for name in names:
        columns.append(table.column(name).take(order))
        table = table.drop_columns([name])
    return pa.table(columns, names=names)


def _normalised(texts: pa.ChunkedArray, piece: int = 500_000) -> pa.ChunkedArray:
    """:func:`~infoops.text.clean_text` of each text ("" for none), piece by
    piece, so no list of every text is held at once."""
    out = []
    for start in range(0, len(texts), piece):
        raw = texts.slice(start, piece).to_pylist()
        out.append(pa.array([clean_text(x) if isinstance(x, str) else "" for x in raw], type=pa.large_string()))
    return pa.chunked_array(out, type=pa.large_string())


#: Twitter's codes for tweets without a language of their own (undetermined,
#: no linguistic content, media, hashtags, mentions or cashtags only, very
#: short text, art): they say nothing about the language an account writes in.
UNINFORMATIVE_LANGUAGES: tuple[str, ...] = ("und", "zxx", "qme", "qht", "qam", "qct", "qst", "art")


def account_languages(source, min_tweets: int) -> pd.Series | None:
    """Each studied account's main tweet language (the most frequent
    informative ``tweet_language`` of its tweets; ties to the first code in
    alphabetical order; "unknown" without any), indexed by userid in the
    account index's order (that of :func:`prepare_events`). None when the
    tweets carry no ``tweet_language``."""
    if isinstance(source, pd.DataFrame) and "tweet_language" not in source:
        return None
    skip = ", ".join(f"'{x}'" for x in UNINFORMATIVE_LANGUAGES)
    out = query_tweets(source, f"""
        WITH kept AS ({_kept_sql(min_tweets)}),
             used AS (SELECT userid, lower(tweet_language) AS lang, count(*) AS n FROM tweets
                      WHERE tweet_language IS NOT NULL AND lower(tweet_language) NOT IN ({skip}) GROUP BY ALL)
        SELECT kept.userid, coalesce(first(used.lang ORDER BY used.n DESC, used.lang), 'unknown') AS language
        FROM kept LEFT JOIN used USING (userid) GROUP BY kept.userid ORDER BY kept.userid""")
    return pd.Series(out["language"].to_numpy(dtype=object), index=pd.Index(out["userid"], name="userid"),
                     name="language")


def explode_items(ev: pd.DataFrame, column: str, transform: Callable | None = None) -> pd.DataFrame:
    """One row per (account, time, item) of a list column, optionally
    transformed (:func:`map_items`)."""
    e = ev[["acct", "ts", column]].explode(column).dropna(subset=[column]).rename(columns={column: "item"})
    return e if transform is None else map_items(e, transform)


def map_items(items: pd.DataFrame, transform: Callable) -> pd.DataFrame:
    """``items`` with each item transformed, rows whose item becomes None
    left out. The transform runs once per distinct item: URLs and hashtags
    repeat (at full size about 10 rows per distinct URL)."""
    codes, distinct = pd.factorize(items["item"])
    mapped = np.array([transform(v) for v in distinct] + [None], dtype=object)[codes]  # code -1 (missing): None
    out = items.assign(item=mapped)
    return out[pd.notna(mapped)]


def account_campaigns(ev: pd.DataFrame, n: int) -> np.ndarray:
    """Each account's campaign (that of its first event in table order), by
    account index; None for an account without events."""
    first = ev.drop_duplicates("acct")
    return pd.Series(first["campaign"].to_numpy(), index=first["acct"].to_numpy()).reindex(range(n)).to_numpy()
