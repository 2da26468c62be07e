"""Archive files -> tidy tables: the reading layer every analysis uses.

discover (find files) -> convert (typed Parquet cache, every row loaded or
rejected) -> reader.load -> Dataset (tweets, accounts, sql()).
"""

from .dataset import Dataset, query_tweets
from .discover import Ignored, SourceFile, discover
from .reader import load

__all__ = ['SourceFile', 'Ignored', 'discover', 'Dataset', 'query_tweets', 'load']
