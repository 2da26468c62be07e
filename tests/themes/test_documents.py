"""Tests of :mod:`infoops.themes.documents`."""

from __future__ import annotations

import pandas as pd

from infoops import themes as TH


def test_retweets_and_repeated_texts_are_dropped_and_counted():
    tw = pd.DataFrame({
        "tweetid": [str(i) for i in range(6)], "campaign": "c", "userid": "u",
        "tweet_time": pd.date_range("2019-01-01", periods=6, freq="h", tz="UTC"), "tweet_language": "es",
        "tweet_text": ["Golpe de estado", "golpe de estado https://t.co/x", "RT @a: otra cosa", "hola mundo",
                       "hola mundo", "x"],
        "is_retweet": [False, False, True, False, False, False]})
    docs, acc = TH.prepare_documents(tw)
    assert docs["clean"].tolist() == ["golpe de estado", "hola mundo"]
    a = acc.iloc[0]
    assert (a.tweets, a.retweets_dropped, a.empty_dropped, a.duplicates_dropped, a.documents) == (6, 1, 1, 2, 2)
