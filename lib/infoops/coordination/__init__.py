"""Coordination signals between accounts, each pair tested against a null
model with false-discovery-rate control, campaigns judged against control
accounts: the analysis behind notebook 03. Figures are in
:mod:`infoops.coordination.figures`.
"""

from .baselines import (
    AUTOMATION_CLIENTS,
    OFFICIAL_CLIENTS,
    automation_clients,
    control_note,
    creation_batches,
    creation_days,
    creation_power,
    flagged_by_campaign,
    group_edges,
    rare_clients,
    sample_note,
    verdicts,
)
from .closed_form import signal_tests, strongest_evidence
from .events import explode_items, prepare_events
from .fusion import fuse, group_table, pairs_preview, signal_overlap
from .networks import windowed_pairs
from .nulls import null_events, null_max_weights, null_table, permutation_edges
from .params import CoordParams
from .result import CoordinationResult
from .run import run, summary_table
from .signals import Signal, all_signals, near_duplicate_items, near_duplicate_pairs, signal_edges

__all__ = ["AUTOMATION_CLIENTS", "CoordParams", "CoordinationResult", "OFFICIAL_CLIENTS", "Signal", "all_signals",
           "automation_clients", "control_note", "creation_batches", "creation_days",
           "creation_power", "explode_items",
           "flagged_by_campaign", "fuse", "group_edges", "group_table", "near_duplicate_items", "near_duplicate_pairs",
           "null_events", "null_max_weights", "null_table", "pairs_preview", "permutation_edges", "prepare_events",
           "rare_clients", "run", "sample_note", "signal_edges", "signal_overlap", "signal_tests", "strongest_evidence",
           "summary_table", "verdicts", "windowed_pairs"]
