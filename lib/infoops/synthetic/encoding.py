"""How values are written in the archive's format: times, snowflake ids,
hashed ids, t.co links, list fields."""

from __future__ import annotations

import hashlib
import string
from typing import Any

import numpy as np
import pandas as pd

from ..archive.schema import SNOWFLAKE_EPOCH_MS


def to_ms(ts: str) -> int:
    """Unix milliseconds of a UTC time written ``YYYY-MM-DD HH:MM``."""
    return int(pd.Timestamp(ts, tz="UTC").value // 1_000_000)


def format_minutes(ms: np.ndarray) -> np.ndarray:
    """Archive time format: UTC to the minute, ``2018-11-02 14:05``."""
    return pd.to_datetime(ms, unit="ms", utc=True).strftime("%Y-%m-%d %H:%M").to_numpy(dtype=object)


def snowflakes(ms: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Unique snowflake ids whose decoded time is exactly ``ms``."""
    ms = np.asarray(ms, dtype=np.int64)
    worker = rng.integers(0, 1024, size=len(ms), dtype=np.int64)
    order = np.lexsort((worker, ms))
    seq = np.zeros(len(ms), dtype=np.int64)
    # Same millisecond and worker: number them so ids never collide.
    key = ms[order] * 1024 + worker[order]
    if len(key):
        starts = np.r_[True, key[1:] != key[:-1]]
        idx = np.arange(len(key))
        run_start = np.maximum.accumulate(np.where(starts, idx, 0))
        seq[order] = idx - run_start
    return ((ms - SNOWFLAKE_EPOCH_MS) << 22) | (worker << 12) | (seq & 4095)


def hash_id(seed: int, *parts: Any) -> str:
    """A 64-hex hashed id, as the 2018-2019 files hash accounts under 5,000 followers."""
    # 64 hex characters, like the 2018-2019 releases' hashed ids. Derived from
    # the generator's own counters: there is no real identity behind it.
    return hashlib.sha256(":".join(map(str, (seed, *parts))).encode()).hexdigest()


def tco(rng: np.random.Generator) -> str:
    """A t.co short link."""
    chars = string.ascii_letters + string.digits
    return "https://t.co/" + "".join(chars[i] for i in rng.integers(0, len(chars), 10))


def py_list(items: list[str], empty: str) -> str:
    """List fields as the 2019 files write them: ``['a', 'b']``, ``[]`` or empty."""
    if not items:
        return empty
    return "[" + ", ".join(repr(str(i)) for i in items) + "]"
