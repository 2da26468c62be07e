"""The result of a coordination run, shared by every step that reads it."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass
class CoordinationResult:
    """Everything a coordination run found: per-signal summary, the
    significant edges and every tested pair, creation batches, rare and
    automation clients, the evidence behind each pair and, when it ran, the
    permutation check."""
    accounts: pd.Index  # account index (userid by position)
    campaign_of: pd.Series  # userid -> campaign
    summary: pd.DataFrame  # per signal: pairs tested, edges kept, accounts flagged
    edges: pd.DataFrame  # significant edges of all signals (a, b as userids)
    pair_tests: pd.DataFrame | None = None  # every tested pair: observed, expected, p, q (a, b as userids)
    batches: pd.DataFrame | None = None
    clients: pd.DataFrame | None = None
    null_weights: dict[str, np.ndarray] = field(default_factory=dict)  # permutation check: null maxima per signal
    pair_agreement: pd.DataFrame | None = None  # closed form vs permutation null, per windowed signal
    automation: pd.DataFrame | None = None  # tweets sent through automation clients, per campaign
    pair_evidence: pd.DataFrame | None = None  # the tweets behind each significant pair
    activity: pd.Series | None = None  # tweets per analysed account (userid)
    populations: pd.DataFrame | None = None  # the null's populations (campaign x main language) and their sizes
