"""Tests of :mod:`infoops.themes.params`."""

from __future__ import annotations

import pandas as pd
import pytest

from infoops.themes import ThemeParams

GOOD = {"event_date": "2019-01-23", "window_days_before": 60, "window_days_after": 28, "n_topics": 0, "min_df": 5,
        "drop_retweets": True, "drop_duplicates": True, "max_tweets_text": 200000, "max_docs_map": 3000,
        "embedding": "tfidf", "seed": 0, "data_paths": ""}


def test_from_params_checks_and_keeps_what_notebook_02_uses():
    p = ThemeParams.from_params(GOOD)
    assert p.event_date == pd.Timestamp("2019-01-23", tz="UTC") and p.days_before == 60 and p.embedding == "tfidf"


@pytest.mark.parametrize("change,message", [
    ({"embedding": "bert"}, "embedding must be 'tfidf' or 'multilingual'"),
    ({"min_df": 0}, "min_df must be a whole number >= 1"),
    ({"max_docs_map": 10}, "max_docs_map must be a whole number >= 100"),
    ({"event_date": "soon"}, "event_date 'soon' is not a date"),
])
def test_bad_values_stop_with_a_plain_message(change, message):
    with pytest.raises(ValueError, match=message):
        ThemeParams.from_params({**GOOD, **change})
