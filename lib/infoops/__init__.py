"""infoops: read Twitter's information-operations archive and study it.

>>> import infoops
>>> ds = infoops.load("data/sample")       # folder(s) or file(s) of any release
>>> print(ds.summary())                     # what was found, read, loaded, rejected
>>> ds.tweets, ds.accounts                  # tidy pandas tables
>>> ds.sql("SELECT campaign, count(*) FROM tweets GROUP BY 1")  # out-of-core
"""

from .archive import Dataset, load
from .errors import ArchiveError, MissingColumnsError, UnsafeZipError

__version__ = "0.1.0"

__all__ = ["load", "Dataset", "ArchiveError", "MissingColumnsError", "UnsafeZipError", "__version__"]
