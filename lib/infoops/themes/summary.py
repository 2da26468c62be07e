"""Notebook 02's topic step and key results per campaign."""

from __future__ import annotations

import pandas as pd

from .topics import LanguageTopics, fit_embedding_topics, fit_topics_by_language


def fit(docs: pd.DataFrame, *, embedding: str, n_topics: int, min_df: int, seed: int,
        cap: int) -> LanguageTopics:
    """The notebook's topic step: per-language TF-IDF + NMF by default, or
    multilingual embeddings + k-means."""
    if embedding == "multilingual":
        return fit_embedding_topics(docs, k=n_topics or None, cap=cap, seed=seed)
    return fit_topics_by_language(docs, k=n_topics or None, min_df=min_df, seed=seed, min_docs=100)


def summary_table(accounting: pd.DataFrame, topic_tab: pd.DataFrame, lo: pd.DataFrame,
                  lt: LanguageTopics, docs: pd.DataFrame | None = None, min_share: float = 0.05) -> pd.DataFrame:
    """Key results per campaign: documents, distinctive terms, and
    ``topics_found``: the topics holding at least ``min_share`` of the
    campaign's own modelled documents (``docs``, aligned with ``lt.topics``)."""
    rows = []
    for r in accounting.itertuples():
        row = {"campaign": r.campaign, "tweets": r.tweets, "documents": r.documents, "method": lt.method}
        g = lo[lo["campaign"] == r.campaign] if len(lo) else lo
        row["after_event"] = ", ".join(g.sort_values(["z", "term"], ascending=[False, True]).head(6)["term"]) if len(g) else "n/a"
        row["before_event"] = ", ".join(g.sort_values(["z", "term"]).head(6)["term"]) if len(g) else "n/a"
        rows.append(row)
    out = pd.DataFrame(rows)
    if len(topic_tab) and docs is not None:
        d = pd.DataFrame({"campaign": docs["campaign"].to_numpy(), "topic": lt.topics})
        d = d[d["topic"] >= 0]
        share = d.groupby("campaign")["topic"].value_counts(normalize=True)
        found = share[share >= min_share].groupby(level="campaign").size()
        out["topics_found"] = out["campaign"].map(found).fillna(0).astype(int)
    return out
