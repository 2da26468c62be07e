"""The events every coordination signal is built from: one row per tweet of
the accounts studied, with exact time and the items each signal uses."""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa

from ..archive.dataset import query_tweets
from ..text import clean_text


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
    table = query_tweets(source, f"""
        WITH kept AS (SELECT userid, row_number() OVER (ORDER BY userid) - 1 AS acct FROM tweets
                      GROUP BY userid HAVING count(*) >= {int(min_tweets)})
        SELECT {", ".join(k for k in keys if k not in ("campaign", "tweetid"))}, tweetid, acct, userid, campaign,
               epoch_us(coalesce(tweet_time_exact, tweet_time)) / 1e6 AS ts,
               coalesce(is_retweet, false) AS is_rt,
               retweet_tweetid, in_reply_to_tweetid, tweet_client_name,
               CASE WHEN coalesce(is_retweet, false) THEN NULL ELSE tweet_text END AS tweet_text,
               hashtags, urls, user_mentions,
               CASE WHEN coalesce(is_retweet, false) THEN {src_ms} END AS _src_ms
        FROM tweets JOIN kept USING (userid)""", arrow=True)
    # Sorted here rather than in DuckDB: a sort of wide rows (texts, lists)
    # does not fit DuckDB's memory budget on a full-size release.
    table = table.sort_by([(k, "ascending") for k in keys])
    users = pd.Index(table.column("userid").unique().to_pylist(), name="userid").sort_values()
    # tweetid stays: the evidence tables name the tweets behind each pair.
    table = table.drop_columns(["userid"] + [k for k in keys if k not in ("campaign", "tweetid")])
    t = table.to_pandas(types_mapper=lambda ty: pd.ArrowDtype(ty) if pa.types.is_list(ty) else None)
    t["rt_latency"] = t["ts"] - t.pop("_src_ms") / 1000
    # Only texts of tweets that are not retweets are compared (co_tweet, near_duplicate).
    t["norm_text"] = [clean_text(x) if isinstance(x, str) else "" for x in t.pop("tweet_text")]
    return t.reset_index(drop=True), users


def explode_items(ev: pd.DataFrame, column: str, transform: Callable | None = None) -> pd.DataFrame:
    """One row per (account, time, item) of a list column, optionally transformed."""
    e = ev[["acct", "ts", column]].explode(column).dropna(subset=[column])
    if transform is not None:
        e[column] = e[column].map(transform)
        e = e.dropna(subset=[column])
    return e.rename(columns={column: "item"})


def account_campaigns(ev: pd.DataFrame, n: int) -> np.ndarray:
    """Each account's campaign (that of its first event in table order), by
    account index; None for an account without events."""
    first = ev.drop_duplicates("acct")
    return pd.Series(first["campaign"].to_numpy(), index=first["acct"].to_numpy()).reindex(range(n)).to_numpy()
