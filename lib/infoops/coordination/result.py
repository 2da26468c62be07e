"""The result of a coordination run, shared by every step that reads it."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass
class CoordinationResult:
    """Everything a coordination run found: per-signal summary, significant
    edges, raw edges, null maxima, creation batches and rare clients."""
    accounts: pd.Index  # account index (userid by position)
    campaign_of: pd.Series  # userid -> campaign
    summary: pd.DataFrame  # per signal: observed vs null
    edges: pd.DataFrame  # significant edges of all signals (a, b as userids)
    all_edges: dict[str, pd.DataFrame] = field(default_factory=dict)  # raw edges per signal (indices)
    batches: pd.DataFrame | None = None
    clients: pd.DataFrame | None = None
    null_weights: dict[str, np.ndarray] = field(default_factory=dict)  # largest edge weight per null realization
    pair_tests: pd.DataFrame | None = None  # closed-form per-pair tests (a, b as userids)
    pair_agreement: pd.DataFrame | None = None  # closed form vs permutation null, per signal
    automation: pd.DataFrame | None = None  # tweets sent through automation clients, per campaign
    pair_evidence: pd.DataFrame | None = None  # the tweets behind each closed-form significant pair
