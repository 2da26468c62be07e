"""Notebook 03's parameters: windows, thresholds and null-model settings."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np


@dataclass
class CoordParams:
    """Defaults follow the field: windows of one minute for retweets (CNT's
    documented default), an hour for texts and links, 30-minute activity bins
    (Pacheco et al. 2021)."""

    retweet_window: float = 60.0  # seconds: co-retweet
    fast_retweet_seconds: float = 300.0  # retweet within this of the original counts as fast
    text_window: float = 3600.0  # seconds: co-tweet and near-duplicate text
    near_duplicate_threshold: float = 0.7  # cosine of word TF-IDF, below identical
    url_window: float = 3600.0  # seconds: co-URL
    reply_window: float = 3600.0  # seconds: co-reply
    hashtag_sequence_min: int = 3  # hashtags in a sequence
    hashtag_sequence_window: float = 86400.0  # seconds
    activity_bin_minutes: int = 30  # synchronized activity bins
    min_similarity: float = 0.2  # cosine for similarity signals before the null test
    min_shared_items: int = 5  # similarity signals: pairs must share at least this many items
    min_tweets: int = 5  # accounts with fewer tweets are left out
    max_item_accounts: int = 2000  # items shared by more accounts are dropped (memory), reported
    max_client_accounts: int = 12  # a client is 'rare' when at most this many accounts use it
    creation_alpha: float = 0.01  # Bonferroni-corrected level for creation-day bursts
    n_null: int = 20  # null realizations per signal
    fdr_q: float = 0.01  # false-discovery rate of the closed-form per-pair tests (Benjamini-Hochberg)
    null_shift_seconds: float = 6 * 3600  # random shift of each account's times in the null
    seed: int = 0

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> "CoordParams":
        """From a notebook's parameters: every field the parameters name (others
        keep their defaults), numbers given as whole numbers taken as written
        for whole-number fields and as floats for the rest; checked."""
        given = {}
        for f in fields(cls):
            if f.name in params:
                v = params[f.name]
                given[f.name] = float(v) if f.type == "float" and isinstance(v, (int, float)) \
                    and not isinstance(v, bool) else v
        return cls(**given).check()

    def check(self) -> "CoordParams":
        """Raise ValueError with a plain message for any value out of range; return self."""
        for name in ("retweet_window", "text_window", "url_window", "reply_window", "hashtag_sequence_window",
                     "fast_retweet_seconds", "null_shift_seconds"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be > 0 seconds, got {getattr(self, name)!r}")
        if not 0 < self.near_duplicate_threshold < 1:
            raise ValueError("near_duplicate_threshold must be between 0 and 1")
        if not 0 < self.fdr_q < 1:
            raise ValueError(f"fdr_q must be between 0 and 1, got {self.fdr_q!r}")
        if not 0 < self.min_similarity < 1:
            raise ValueError("min_similarity must be between 0 and 1")
        for name, low in (("n_null", 5), ("min_tweets", 1), ("min_shared_items", 1), ("activity_bin_minutes", 1), ("max_item_accounts", 2),
                          ("max_client_accounts", 2), ("hashtag_sequence_min", 2)):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < low:
                raise ValueError(f"{name} must be a whole number >= {low}, got {v!r}")
        return self
