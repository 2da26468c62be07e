"""Distinctive terms before vs after the event: weighted log-odds with an
informative Dirichlet prior (Monroe, Colaresi and Quinn 2008)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..text import TOKEN_PATTERN, stop_words


def log_odds_dirichlet(counts_a: pd.Series, counts_b: pd.Series, prior: pd.Series | None = None,
                       prior_scale: float | None = None) -> pd.DataFrame:
    """Weighted log-odds ratio with an informative Dirichlet prior
    (Monroe, Colaresi and Quinn 2008, "Fightin' Words").

    ``counts_a`` and ``counts_b``: term counts of the two groups. The prior is
    the pooled counts (or ``prior``) scaled to ``prior_scale`` pseudo-counts
    (default: the mean group size). Returns delta (a minus b), its variance
    and z-score per term, sorted by z (terms of group a first).
    """
    vocab = counts_a.index.union(counts_b.index)
    ya = counts_a.reindex(vocab, fill_value=0).astype(float)
    yb = counts_b.reindex(vocab, fill_value=0).astype(float)
    base = (ya + yb) if prior is None else prior.reindex(vocab, fill_value=0).astype(float)
    scale = prior_scale if prior_scale is not None else (ya.sum() + yb.sum()) / 2
    alpha = base / base.sum() * scale
    a0 = alpha.sum()
    na, nb = ya.sum(), yb.sum()
    delta = (np.log((ya + alpha) / (na + a0 - ya - alpha)) - np.log((yb + alpha) / (nb + a0 - yb - alpha)))
    var = 1 / (ya + alpha) + 1 / (yb + alpha)
    out = pd.DataFrame({"term": vocab, "count_a": ya.to_numpy(), "count_b": yb.to_numpy(),
                        "delta": delta.to_numpy(), "variance": var.to_numpy()})
    out["z"] = out["delta"] / np.sqrt(out["variance"])
    return out.sort_values(["z", "term"], ascending=[False, True]).reset_index(drop=True)


def term_counts(texts: pd.Series, min_df: int = 2) -> pd.Series:
    """Term counts over texts (terms in at least ``min_df`` documents)."""
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(token_pattern=TOKEN_PATTERN, stop_words=sorted(stop_words()), min_df=min_df)
    X = vec.fit_transform(texts)
    return pd.Series(np.asarray(X.sum(axis=0)).ravel(), index=vec.get_feature_names_out())


def before_after_log_odds(docs: pd.DataFrame, event: pd.Timestamp, days_before: int, days_after: int,
                          *, min_df: int = 2) -> pd.DataFrame:
    """Distinctive terms after (positive z) vs before (negative z) the event,
    inside the window, per campaign and for all campaigns together."""
    ev = pd.Timestamp(event)
    ev = ev.tz_localize("UTC") if ev.tzinfo is None else ev
    w = docs[(docs["tweet_time"] >= ev - pd.Timedelta(days=days_before))
             & (docs["tweet_time"] < ev + pd.Timedelta(days=days_after))]
    out = []
    groups = [("all campaigns", w)] + list(w.groupby("campaign"))
    for camp, g in groups:
        after, before = g[g["tweet_time"] >= ev], g[g["tweet_time"] < ev]
        if len(after) < 20 or len(before) < 20:
            continue
        counts = term_counts(g["clean"], min_df=min_df)
        ca = term_counts(after["clean"], min_df=1).reindex(counts.index, fill_value=0)
        cb = term_counts(before["clean"], min_df=1).reindex(counts.index, fill_value=0)
        lo = log_odds_dirichlet(ca, cb)
        lo.insert(0, "campaign", camp)
        lo = lo.rename(columns={"count_a": "count_after", "count_b": "count_before"})
        out.append(lo)
    cols = ["campaign", "term", "count_after", "count_before", "delta", "variance", "z"]
    return pd.concat(out, ignore_index=True)[cols] if out else pd.DataFrame(columns=cols)


def distinctive_terms(lo: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Per campaign, the ``n`` terms most distinctive after and before the event."""
    top = (lo.sort_values(["z", "term"], ascending=[False, True]).groupby("campaign").head(n)
           .groupby("campaign")["term"].agg(", ".join).rename("most distinctive after the event"))
    bottom = (lo.sort_values(["z", "term"]).groupby("campaign").head(n)
              .groupby("campaign")["term"].agg(", ".join).rename("most distinctive before"))
    return pd.concat([top, bottom], axis=1)
