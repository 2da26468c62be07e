"""infoops: read Twitter's information-operations archive and study it.

>>> import infoops
>>> ds = infoops.load("data/sample")       # folder(s) or file(s) of any release
>>> print(ds.summary())                     # what was found, read, loaded, rejected
>>> ds.tweets, ds.accounts                  # tidy pandas tables
>>> ds.sql("SELECT campaign, count(*) FROM tweets GROUP BY 1")  # out-of-core
"""

import os

# UMAP's layout is compiled by numba for the CPU at hand and amplifies the
# last-bit differences between CPUs into a different map. Code compiled for a
# generic CPU gives the same map on every x86-64 machine (set before numba is
# imported; a user's own setting wins).
os.environ.setdefault("NUMBA_CPU_NAME", "generic")

from .archive import Dataset, load  # noqa: E402
from .errors import ArchiveError, MissingColumnsError, UnsafeZipError  # noqa: E402

__version__ = "0.1.0"

__all__ = ["load", "Dataset", "ArchiveError", "MissingColumnsError", "UnsafeZipError", "__version__"]
