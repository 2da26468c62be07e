"""Documents for the text models: cleaning, dropping retweets and repeats, TF-IDF."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..archive.dataset import Dataset
from ..text import TOKEN_PATTERN, clean_text, stop_words


def prepare_documents(tweets: pd.DataFrame, *, drop_retweets: bool = True,
                      drop_duplicates: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Documents for topic models, and a table saying what was dropped.

    Returns (docs, accounting): docs has tweetid, campaign, userid, tweet_time,
    tweet_language, text (original) and clean (cleaned); accounting counts
    tweets in, retweets dropped, empty texts dropped, duplicates dropped and
    documents kept, per campaign.
    """
    d = tweets[["tweetid", "campaign", "userid", "tweet_time", "tweet_language", "tweet_text",
                "is_retweet"]].copy()
    d["clean"] = [clean_text(t) for t in d["tweet_text"].fillna("")]
    d["is_retweet"] = d["is_retweet"].fillna(False).astype(bool)
    acc = d.groupby("campaign").size().rename("tweets").to_frame()
    if drop_retweets:
        acc["retweets_dropped"] = d[d["is_retweet"]].groupby("campaign").size()
        d = d[~d["is_retweet"]]
    empty = d["clean"].str.len() < 3
    acc["empty_dropped"] = d[empty].groupby("campaign").size()
    d = d[~empty]
    if drop_duplicates:
        # One copy per normalized text (the earliest), across all campaigns.
        d = d.sort_values(["tweet_time", "tweetid"])
        dup = d.duplicated("clean", keep="first")
        acc["duplicates_dropped"] = d[dup].groupby("campaign").size()
        d = d[~dup]
    acc["documents"] = d.groupby("campaign").size()
    acc = acc.fillna(0).astype(int).reset_index()
    docs = d.rename(columns={"tweet_text": "text"}).drop(columns="is_retweet")
    return docs.sort_values(["campaign", "tweet_time", "tweetid"]).reset_index(drop=True), acc


class TooFewTerms(ValueError):
    """Too few documents or terms for a text model: the analysis that needs it
    is left out for these documents, and said so."""


def tfidf(docs: pd.Series, *, min_df: int | float = 5, max_df: float = 0.5):
    """Fitted TF-IDF (shipped stop words, word and #hashtag tokens) and the
    document-term matrix. Raises :class:`TooFewTerms` when no term is in at
    least ``min_df`` documents (and in at most ``max_df`` of them)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(token_pattern=TOKEN_PATTERN, stop_words=sorted(stop_words()), min_df=min_df,
                          max_df=max_df, sublinear_tf=True, lowercase=True, dtype=np.float32)
    n = len(docs)
    if n == 0 or (isinstance(min_df, int) and n < min_df):
        raise TooFewTerms(f"{n} document(s): a term must be in at least min_df = {min_df} of them")
    try:
        X = vec.fit_transform(docs)
    except ValueError as exc:  # sklearn: "empty vocabulary", "After pruning, no terms remain"
        raise TooFewTerms(f"no term of {n:,} documents is in at least min_df = {min_df} and at most "
                          f"max_df = {max_df} of them ({exc})") from None
    return vec, X.tocsr()


# Columns of the tweets table that the text analyses read.
TEXT_COLUMNS: tuple[str, ...] = ("tweetid", "campaign", "userid", "tweet_time", "tweet_language",
                                 "tweet_text", "is_retweet")


def sample_texts(ds: Dataset, cap: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tweets whose texts are analysed: all of them, or a seeded uniform
    sample of ``cap`` when there are more (``cap`` 0: all); plus a one-row
    table saying how many were read of how many."""
    tweets, n_all = ds.sample_tweets(cap, seed=seed, columns=TEXT_COLUMNS)
    return tweets, pd.DataFrame([{"tweets": n_all, "tweets_read_for_text": len(tweets),
                                  "max_tweets_text": cap, "seed": seed}])


def sampling_note(sampling: pd.DataFrame) -> str:
    """A sentence when the text analyses read a sample, else an empty string."""
    r = sampling.iloc[0]
    if r["tweets_read_for_text"] >= r["tweets"]:
        return ""
    return (f"SAMPLED: the text analyses read {r['tweets_read_for_text']:,} of {r['tweets']:,} tweets (uniform "
            f"by tweet id, seed {r['seed']}, max_tweets_text={r['max_tweets_text']}); hashtag, domain, language "
            "and client counts use every tweet.")
