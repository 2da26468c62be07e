"""Notebook 01's key results, one row per campaign."""

from __future__ import annotations

import numpy as np
import pandas as pd


def level_change_words(x: pd.Series) -> str:
    """A level change in words: the rate ratio with its interval, or why there
    is none (a model that did not converge, an interval that is undefined)."""
    if "converged" in x and x["converged"] is not None and not bool(x["converged"]):
        return "model did not converge: no estimate is reported"
    if not all(np.isfinite([x["rate_ratio"], x["rr_ci_low"], x["rr_ci_high"], x["p_value"]])):
        return f"x{x['rate_ratio']:.2f}, but its confidence interval is undefined (too little variation in the counts)"
    return f"x{x['rate_ratio']:.2f} (95% CI {x['rr_ci_low']:.2f}-{x['rr_ci_high']:.2f}, p={x['p_value']:.2g})"


def summary_table(cov: pd.DataFrame, its: pd.DataFrame, cps: pd.DataFrame, plac: pd.DataFrame,
                  sil: pd.DataFrame, wh: pd.DataFrame, bursts: pd.DataFrame) -> pd.DataFrame:
    """The notebook's key results, one row per campaign, in words and numbers."""
    rows = []
    for r in cov.itertuples():
        row = {"campaign": r.campaign, "data_span": f"{r.first_tweet:%Y-%m-%d} to {r.last_tweet:%Y-%m-%d}",
               "event_covered": r.event_covered, "coverage": r.verdict}
        lv = its[(its["campaign"] == r.campaign) & (its["term"] == "level_change")].dropna(subset=["estimate"])
        row["level_change_at_event"] = level_change_words(lv.iloc[0]) if len(lv) else "not estimable: " + r.verdict
        c = cps[cps["campaign"] == r.campaign] if len(cps) else cps
        row["change_points_days_from_event"] = (", ".join(str(int(v)) for v in c["days_from_event"])
                                                if len(c) else "none")
        pl = plac[plac["campaign"] == r.campaign] if len(plac) else plac
        row["placebo_empirical_p"] = round(float(pl["empirical_p"].iloc[0]), 3) if len(pl) else None
        s = sil[sil["campaign"] == r.campaign]
        row["share_silent_before_event"] = round(float(s["share_silent_before_event"].iloc[0]), 3) if len(s) else None
        w = wh[wh["campaign"] == r.campaign]
        row["working_hours_share"] = round(float(w["working_hours_share"].iloc[0]), 3) if len(w) else None
        b = bursts[bursts["campaign"] == r.campaign]
        row["creation_burst_weeks"] = ", ".join(f"{d:%Y-%m-%d}" for d in b["week"]) or "none"
        rows.append(row)
    return pd.DataFrame(rows)
