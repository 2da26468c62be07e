"""Everything that compares results with what the generator planted, and
the readers of a synthetic release's ``ground_truth`` folder.

Analyses never import this module; the notebooks call it on synthetic data
only, and it takes the analyses' tables as plain DataFrames."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..text import TOKEN_PATTERN, clean_text, stop_words


def compare_with_truth(its: pd.DataFrame, cps: pd.DataFrame, truth: dict) -> pd.DataFrame:
    """Estimates beside what the synthetic generator planted, per campaign."""
    rows = []
    planted_event = pd.Timestamp(truth["config"]["event_date"])
    for camp, info in truth["campaigns"].items():
        tm = info["timing"]
        lv = its[(its["campaign"] == camp) & (its["term"] == "level_change")].dropna(subset=["estimate"])
        sl = its[(its["campaign"] == camp) & (its["term"] == "slope_change")].dropna(subset=["estimate"])
        c = cps[cps["campaign"] == camp] if len(cps) else cps
        nearest = None
        if len(c):
            d = (pd.to_datetime(c["change_date"]) - planted_event).dt.days
            nearest = int(d.iloc[int(np.argmin(np.abs(d.to_numpy())))])
        row = {"campaign": camp, "role": info["role"], "planted_log_level_change": tm["log_level_change"]}
        if len(lv):
            r = lv.iloc[0]
            row.update(estimated=r["estimate"], ci_low=r["ci_low"], ci_high=r["ci_high"],
                       ci_holds_planted=bool(r["ci_low"] <= tm["log_level_change"] <= r["ci_high"]),
                       ci_excludes_zero=bool(r["ci_low"] > 0 or r["ci_high"] < 0))
        row["planted_slope_change_per_day"] = tm["slope_change_per_30d"] / 30
        if len(sl):
            row["estimated_slope_change_per_day"] = sl.iloc[0]["estimate"]
        row["nearest_change_point_days_from_planted"] = nearest
        row["change_point_within_2_days"] = (nearest is not None and abs(nearest) <= 2)
        rows.append(row)
    return pd.DataFrame(rows)


def agreement_with_truth(docs: pd.DataFrame, topics: np.ndarray, labels: pd.DataFrame) -> pd.DataFrame:
    """Adjusted Rand index and NMI between fitted topics and planted themes,
    over all documents and per language."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    theme = docs["tweetid"].map(labels.set_index("tweetid")["theme"])
    ok = theme.notna().to_numpy()
    rows = []
    lang = docs["tweet_language"].fillna("und").to_numpy()
    for name, mask in [("all documents", ok)] + [(f"language={l}", ok & (lang == l))
                                                  for l in sorted(set(lang[ok])) if (ok & (lang == l)).sum() >= 50]:
        t, p = theme[mask].to_numpy(), topics[mask]
        rows.append({"subset": name, "documents": int(mask.sum()),
                     "adjusted_rand_index": adjusted_rand_score(t, p),
                     "nmi": normalized_mutual_info_score(t, p)})
    return pd.DataFrame(rows)


def topic_theme_crosstab(docs: pd.DataFrame, topics: np.ndarray, labels: pd.DataFrame,
                         topic_labels: dict[int, str]) -> pd.DataFrame:
    """Documents by fitted topic and planted theme."""
    theme = docs["tweetid"].map(labels.set_index("tweetid")["theme"])
    return pd.crosstab(pd.Series(topics).map(topic_labels).rename("topic"), theme.to_numpy(), colnames=["planted theme"])


def theme_vocabulary() -> dict[str, set[str]]:
    """Words (and #hashtags) used by exactly one planted theme of the
    synthetic generator, lower-cased, stop words removed: to check a shift
    found on synthetic data against what was planted."""
    from . import vocab

    words: dict[str, set[str]] = {}
    for th in vocab.THEMES:
        w: set[str] = set()
        for lang in ("es", "en"):
            for text in vocab.PHRASES[th][lang] + vocab.TAGLINES[th][lang]:
                w.update(re.findall(TOKEN_PATTERN, clean_text(text)))
            w.update("#" + h.lower() for h in vocab.THEME_HASHTAGS[th][lang])
        words[th] = w - stop_words()
    shared = {x for th, w in words.items() for x in w if any(x in v for o, v in words.items() if o != th)}
    return {th: w - shared for th, w in words.items()}


def shift_vs_truth(lo: pd.DataFrame, truth: dict, n: int = 20) -> pd.DataFrame:
    """For each synthetic campaign: of the ``n`` most distinctive after-event
    terms, the share that belong to themes planted to rise; of the ``n`` most
    distinctive before-event terms, the share from themes planted to fall."""
    vocab_by_theme = theme_vocabulary()
    rows = []
    for camp, info in truth["campaigns"].items():
        g = lo[lo["campaign"] == camp]
        if g.empty:
            continue
        names = info["themes"]["names"]
        change = dict(zip(names, np.subtract(info["themes"]["mix_after_event"], info["themes"]["mix_before_event"])))
        rising = [t for t, d in change.items() if d > 0.05]
        falling = [t for t, d in change.items() if d < -0.05]
        up = set().union(*(vocab_by_theme[t] for t in rising)) if rising else set()
        down = set().union(*(vocab_by_theme[t] for t in falling)) if falling else set()
        after = g.sort_values(["z", "term"], ascending=[False, True]).head(n)["term"]
        before = g.sort_values(["z", "term"]).head(n)["term"]
        rows.append({"campaign": camp, "planted_rising": ", ".join(rising) or "none",
                     "planted_falling": ", ".join(falling) or "none",
                     "after_terms_from_rising_themes": float(after.isin(up).mean()) if rising else np.nan,
                     "before_terms_from_falling_themes": float(before.isin(down).mean()) if falling else np.nan,
                     "top_after_terms": ", ".join(after.head(8))})
    return pd.DataFrame(rows)


PRIMARY_SIGNAL = {"co_retweet": "co_retweet", "co_tweet": "co_tweet", "near_duplicate_text": "near_duplicate",
                  "co_url": "co_url", "hashtag_sequence": "hashtag_sequence",
                  "synchronized_activity": "synchronized_activity", "creation_batch": "creation_batch",
                  "shared_client": "shared_client", "fast_retweet": "fast_retweet", "co_domain": "co_domain",
                  "co_hashtag": "co_hashtag", "diluted_coretweet": "co_retweet", "co_url_any": "co_url_any",
                  "sparse_bursts": "synchronized_activity", "paraphrase": "paraphrase"}


def recovery(edges: pd.DataFrame, truth: dict, roles: pd.DataFrame,
             pair_tests: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per planted group: precision and recall of the connected component of
    its planted signal's significant network that overlaps it most (and,
    given every tested pair, how its own pairs fared: :func:`group_pairs`);
    per decoy group (ordinary accounts that look alike by chance), how many
    of its accounts any signal flagged; and the share of organic, control
    and decoy accounts flagged by any signal."""
    import networkx as nx

    rows = []
    flagged = set(edges["a"]) | set(edges["b"])
    if pair_tests is not None:
        everyone = set().union(*(g["members"] for g in truth["planted_groups"]))
        pair_tests = pair_tests[pair_tests["a"].isin(everyone) & pair_tests["b"].isin(everyone)]
    for g in truth["planted_groups"]:
        members = set(g["members"])
        if g.get("role", "coordinated") == "decoy":
            rows.append({"group": g["group_id"], "planted_signal": "none (decoy)", "planted_size": len(members),
                         "detected_size": len(members & flagged), "overlap": 0, "precision": np.nan,
                         "recall": np.nan})
            continue
        sig = PRIMARY_SIGNAL[g["behaviours"][0]]
        e = edges[edges["signal"] == sig]
        G = nx.Graph()
        G.add_edges_from(e[["a", "b"]].itertuples(index=False))
        best, best_overlap = set(), 0
        for comp in nx.connected_components(G):
            ov = len(comp & members)
            if ov > best_overlap:
                best, best_overlap = comp, ov
        rows.append({"group": g["group_id"], "planted_signal": sig, "planted_size": len(members),
                     "detected_size": len(best), "overlap": best_overlap,
                     "precision": best_overlap / len(best) if best else 0.0,
                     "recall": best_overlap / len(members),
                     **(group_pairs(pair_tests, sig, members) if pair_tests is not None else {})})
    rec = pd.DataFrame(rows)
    fp = []
    for role in ("organic", "control", "decoy"):
        ids = set(roles.loc[roles["role"] == role, "userid"])
        if role == "decoy" and not ids:
            continue
        fp.append({"role": role, "accounts": len(ids), "flagged": len(ids & flagged),
                   "share_flagged": len(ids & flagged) / max(len(ids), 1)})
    both = set(roles.loc[roles["role"].isin(["organic", "control", "decoy"]), "userid"])
    fp.append({"role": "organic + control + decoy", "accounts": len(both), "flagged": len(both & flagged),
               "share_flagged": len(both & flagged) / max(len(both), 1)})
    return rec, pd.DataFrame(fp)


def group_pairs(pair_tests: pd.DataFrame, signal: str, members: set[str]) -> dict[str, float]:
    """How ``signal``'s test treated the pairs inside a planted group: how
    many pairs the group has, how many were tested and kept, and the smallest
    q of those tested but not kept (NaN when none): why a group was found
    only in part (a test short of power shows small p's that FDR control
    over all tested pairs does not keep)."""
    t = pair_tests[(pair_tests["signal"] == signal) & pair_tests["a"].isin(members) & pair_tests["b"].isin(members)]
    t = t.groupby(["a", "b"]).agg(significant=("significant", "any"), q_value=("q_value", "min"))
    missed = t.loc[~t["significant"], "q_value"]
    n = len(members)
    return {"group_pairs": n * (n - 1) // 2, "pairs_tested": len(t), "pairs_significant": int(t["significant"].sum()),
            "q_closest_miss": float(missed.min()) if len(missed) else np.nan}


def _truth_file(data: list[Path], name: str) -> Path | None:
    """A file of a synthetic release's ground_truth folder, beside (or in) one of the paths."""
    for p in data:
        for cand in (p / "ground_truth" / name, p.parent / "ground_truth" / name):
            if cand.exists():
                return cand
    return None


def ground_truth(data: list[Path]) -> dict[str, Any] | None:
    """truth.json of a synthetic release, when one of the paths holds it."""
    f = _truth_file(data, "truth.json")
    return json.loads(f.read_text()) if f else None


def truth_table(data: list[Path], name: str) -> pd.DataFrame | None:
    """A table of a synthetic release's ground_truth folder, as text:
    ``tweet_labels`` (planted theme, group and behaviour of every tweet) or
    ``accounts`` (role and group of every account); None when absent."""
    f = _truth_file(data, f"{name}.csv")
    return pd.read_csv(f, dtype=str, keep_default_na=False) if f else None
