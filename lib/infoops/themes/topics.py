"""Topics per language (TF-IDF + NMF, k chosen by coherence and diversity),
their tables, prevalence over time and mix per campaign."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..order import top_indices
from ..sentences import embed_multilingual
from ..text import TOKEN_PATTERN, stop_words
from .documents import TooFewTerms, tfidf
from .embeddings import cluster_embeddings, sample_index


@dataclass
class TopicModel:
    """A fitted NMF topic model of one language's documents."""
    vectorizer: object
    nmf: object
    X: sp.csr_matrix  # TF-IDF of the fitted documents
    W: np.ndarray  # document-topic weights
    terms: np.ndarray
    k: int
    selection: pd.DataFrame  # the k-selection criterion per candidate k

    def top_terms(self, n: int = 10) -> list[list[str]]:
        """The ``n`` heaviest terms of each topic."""
        return [list(self.terms[top_indices(row, n)]) for row in self.nmf.components_]


def npmi_coherence(X: sp.csr_matrix, top: list[np.ndarray]) -> float:
    """Mean NPMI of the top-term pairs of each topic, from document
    co-occurrence in the corpus itself (no external reference corpus)."""
    B = (X > 0).astype(np.float64).tocsc()  # float32 logs differ between CPUs
    n = B.shape[0]
    scores = []
    for idx in top:
        sub = B[:, idx]
        co = (sub.T @ sub).toarray() / n
        p = np.diag(co)
        vals = []
        for i in range(len(idx)):
            for j in range(i + 1, len(idx)):
                pij = co[i, j]
                if pij <= 0:
                    vals.append(-1.0)
                else:
                    vals.append(np.log(pij / (p[i] * p[j])) / -np.log(pij))
        scores.append(np.mean(vals) if vals else 0.0)
    return float(np.mean(scores))


def topic_diversity(components: np.ndarray, n: int = 25) -> float:
    """Share of distinct words among the top ``n`` words of all topics
    (Dieng, Ruiz and Blei 2020): low when topics repeat each other."""
    top = [top_indices(r, n) for r in components]
    return len(set(np.concatenate(top))) / (n * len(top))


#: The columns of a language model's k-selection table.
SELECTION_COLUMNS = ("k", "npmi_coherence", "diversity", "passes_diversity", "quality", "reconstruction_error",
                     "chosen")
# Topics whose top terms are largely shared are one theme split in two: a k
# whose diversity falls below this floor is not chosen.
DIVERSITY_FLOOR = 0.8
# NPMI coherence plateaus as k grows; more topics must earn their place, so
# the smallest k within this distance of the best coherence is chosen.
COHERENCE_TOLERANCE = 0.01


def fit_topics(docs: pd.Series, *, k: int | None = None, k_range: range = range(4, 13), min_df: int | float = 5,
               seed: int = 0, n_top: int = 10) -> TopicModel:
    """TF-IDF + NMF. With ``k=None`` each k in ``k_range`` is fitted; among
    the k whose topic diversity (share of distinct top terms, Dieng et al.
    2020) reaches ``DIVERSITY_FLOOR``, the smallest whose mean NPMI coherence
    of its top terms is within ``COHERENCE_TOLERANCE`` of the best is kept.
    Diversity is a floor, not a factor, so redundant topics never win by
    multiplying a negative coherence; when no k reaches the floor, the most
    diverse is kept. The table of k against both criteria is returned as ``selection``
    (``quality``: the coherence of the k that pass the floor)."""
    from sklearn.decomposition import NMF

    vec, X = tfidf(docs, min_df=min_df)
    # Double precision: in float32 the fit (and its reconstruction error)
    # differs between CPUs in the 7th digit, which tables and nbval would show.
    X = X.astype(np.float64)
    terms = np.asarray(vec.get_feature_names_out())
    candidates = [k] if k else [c for c in k_range if c < min(X.shape)]
    if not candidates:
        raise TooFewTerms(f"too few documents or terms ({X.shape[0]} documents, {X.shape[1]} terms) "
                         "for topic modelling")
    rows, fits = [], {}
    for c in candidates:
        nmf = NMF(n_components=c, init="nndsvda", random_state=seed, max_iter=400)
        W = nmf.fit_transform(X)
        coh = npmi_coherence(X, [top_indices(r, n_top) for r in nmf.components_])
        div = topic_diversity(nmf.components_)
        rows.append({"k": c, "npmi_coherence": coh, "diversity": div, "passes_diversity": div >= DIVERSITY_FLOOR,
                     "quality": coh if div >= DIVERSITY_FLOOR else np.nan,
                     "reconstruction_error": float(nmf.reconstruction_err_)})
        fits[c] = (nmf, W)
    sel = pd.DataFrame(rows)
    ok = sel[sel["passes_diversity"]]
    if len(ok):
        k_best = int(ok.loc[ok["npmi_coherence"] >= ok["npmi_coherence"].max() - COHERENCE_TOLERANCE, "k"].min())
    else:
        k_best = int(sel.sort_values(["diversity", "k"], ascending=[False, True])["k"].iloc[0])
    sel["chosen"] = sel["k"] == k_best
    nmf, W = fits[k_best]
    return TopicModel(vec, nmf, X, W, terms, k_best, sel)


@dataclass
class LanguageTopics:
    """Topic models fitted per language (TF-IDF vocabularies of different
    languages do not overlap, so one model would split by language first)."""

    models: dict[str, TopicModel]
    topics: np.ndarray  # global topic id per document, -1 = not modelled
    labels: dict[int, str]  # global topic id -> "es: term / term / term"
    languages: pd.Series  # language group per document
    method: str = "tfidf-nmf per language"
    embeddings: np.ndarray | None = None  # multilingual path: embeddings of the sampled documents
    sampled: np.ndarray | None = None  # multilingual path: indices of the embedded documents
    embedding_selection: pd.DataFrame | None = None

    @property
    def selection(self) -> pd.DataFrame:
        """The k-selection table of every language model (no rows when no
        language had enough documents for one)."""
        if self.embedding_selection is not None:
            return self.embedding_selection
        if not self.models:
            return pd.DataFrame(columns=[*SELECTION_COLUMNS, "language"])
        return pd.concat([m.selection.assign(language=l) for l, m in self.models.items()], ignore_index=True)


def language_groups(docs: pd.DataFrame, min_docs: int = 300) -> pd.Series:
    """Language of each document for modelling: languages with at least
    ``min_docs`` documents keep their code, the rest form ``other``."""
    lang = docs["tweet_language"].fillna("und").str.lower()
    counts = lang.value_counts()
    big = set(counts[counts >= min_docs].index) - {"und"}
    return lang.where(lang.isin(big), "other")


def fit_topics_by_language(docs: pd.DataFrame, *, k: int | None = None, min_df: int | float = 5, seed: int = 0,
                           min_docs: int = 300) -> LanguageTopics:
    """One topic model per language with at least ``min_docs`` documents and
    enough terms (in ``min_df`` documents or more) for one; the documents of
    the other languages have no topic (-1)."""
    groups = language_groups(docs, min_docs)
    topics = np.full(len(docs), -1)
    models, labels, offset = {}, {}, 0
    for lang in sorted(groups.unique(), key=lambda g: (g == "other", -int((groups == g).sum()), g)):
        mask = (groups == lang).to_numpy()
        if mask.sum() < min_docs:
            continue  # too few to model: left as -1 and reported
        try:
            m = fit_topics(docs["clean"][mask], k=k, min_df=min_df, seed=seed)
        except TooFewTerms:
            continue  # left as -1 and counted as documents without a topic
        models[lang] = m
        local = assign_topics(m)
        topics[mask] = np.where(local >= 0, local + offset, -1)
        for t, terms in enumerate(m.top_terms(3)):
            labels[offset + t] = f"{lang}: " + " / ".join(terms)
        offset += m.k
    return LanguageTopics(models, topics, labels, groups)


def assign_topics(model: TopicModel) -> np.ndarray:
    """Dominant topic of each document (-1 when all weights are 0)."""
    top = model.W.argmax(axis=1)
    return np.where(model.W.max(axis=1) > 0, top, -1)


def topic_table(lt: LanguageTopics, docs: pd.DataFrame, n_terms: int = 10, n_examples: int = 3) -> pd.DataFrame:
    """Per topic: language, label, size, top terms and the most representative tweets."""
    if lt.embeddings is not None:
        return _embedding_topic_table(lt, docs, n_terms, n_examples)
    rows = []
    offset = 0
    for lang, m in lt.models.items():
        mask = np.flatnonzero((lt.languages == lang).to_numpy())
        local = assign_topics(m)
        for t, terms in enumerate(m.top_terms(n_terms)):
            members = np.flatnonzero(local == t)
            best = members[top_indices(m.W[members, t], n_examples)]
            row = {"topic": offset + t, "language": lang, "label": lt.labels[offset + t],
                   "documents": len(members), "share": len(members) / max(len(docs), 1),
                   "top_terms": ", ".join(terms)}
            for i, b in enumerate(best):
                row[f"example_{i + 1}"] = docs["text"].iloc[mask[b]]
            rows.append(row)
        offset += m.k
    return pd.DataFrame(rows)


def _embedding_topic_table(lt: LanguageTopics, docs: pd.DataFrame, n_terms: int, n_examples: int) -> pd.DataFrame:
    idx = lt.sampled
    local = lt.topics[idx]
    terms = cluster_terms(docs["clean"].iloc[idx].reset_index(drop=True), local, n=n_terms)
    rows = []
    for t in range(local.max() + 1):
        members = np.flatnonzero(local == t)
        centre = lt.embeddings[members].mean(axis=0)
        best = members[top_indices(lt.embeddings[members] @ centre, n_examples)]
        row = {"topic": t, "language": "multilingual", "label": lt.labels[t], "documents": len(members),
               "share": len(members) / len(idx), "top_terms": ", ".join(terms[t])}
        for i, b in enumerate(best):
            row[f"example_{i + 1}"] = docs["text"].iloc[idx[b]]
        rows.append(row)
    return pd.DataFrame(rows)


# A week's topic shares are shown only when it holds this many documents:
# the shares of a one-document week are noise, not a mix.
MIN_DOCS_PER_PERIOD = 10


def topic_prevalence(docs: pd.DataFrame, topics: np.ndarray, freq: str = "W-MON",
                     min_docs: int = MIN_DOCS_PER_PERIOD) -> pd.DataFrame:
    """Share of each topic per campaign and period (weeks by default); the
    share is missing (a gap) in periods with fewer than ``min_docs`` documents."""
    d = docs.assign(topic=topics, period=docs["tweet_time"].dt.tz_localize(None).dt.to_period(freq).dt.start_time)
    c = d.groupby(["campaign", "period", "topic"]).size().rename("documents").reset_index()
    c["period_documents"] = c.groupby(["campaign", "period"])["documents"].transform("sum")
    c["share"] = (c["documents"] / c["period_documents"]).where(c["period_documents"] >= min_docs)
    return c


def topic_mix(docs: pd.DataFrame, topics: np.ndarray, labels: dict[int, str] | None = None) -> pd.DataFrame:
    """Topic shares per campaign (rows) and topic (columns)."""
    m = pd.crosstab(docs["campaign"], topics, normalize="index")
    if labels:
        m.columns = [labels.get(c, str(c)) for c in m.columns]
    return m


def cluster_terms(clean: pd.Series, labels: np.ndarray, n: int = 10) -> list[list[str]]:
    """Class-based TF-IDF terms of each cluster (for embedding clusters)."""
    from sklearn.feature_extraction.text import CountVectorizer

    joined = [" ".join(clean[labels == c]) for c in range(labels.max() + 1)]
    vec = CountVectorizer(token_pattern=TOKEN_PATTERN, stop_words=sorted(stop_words()))
    C = vec.fit_transform(joined).toarray().astype(float)
    tf = C / np.maximum(C.sum(axis=1, keepdims=True), 1)
    idf = np.log(1 + C.sum() / np.maximum(C.sum(axis=0), 1))
    score = tf * idf
    terms = np.asarray(vec.get_feature_names_out())
    return [list(terms[top_indices(row, n)]) for row in score]


def fit_embedding_topics(docs: pd.DataFrame, *, k: int | None = None, k_range: range = range(4, 13),
                         cap: int = 4000, seed: int = 0) -> LanguageTopics:
    """Themes across languages: multilingual sentence embeddings of (at most
    ``cap``, seeded sample of) the documents, k-means clusters, k chosen by
    the silhouette (cosine) when not given; clusters described by class-based
    TF-IDF terms. Documents outside the sample get topic -1, and all of them
    when there are no more documents than clusters asked for."""
    from sklearn.metrics import silhouette_score

    idx = sample_index(len(docs), cap, seed)
    E = embed_multilingual(docs["clean"].iloc[idx].tolist())
    method = "multilingual USE embeddings + k-means"
    candidates = [c for c in ([k] if k else k_range) if c < len(idx)]
    if not candidates:
        return LanguageTopics({}, np.full(len(docs), -1), {}, pd.Series("multilingual", index=docs.index),
                              method=method, embeddings=E, sampled=idx,
                              embedding_selection=pd.DataFrame(columns=["k", "silhouette", "language", "chosen"]))
    rows, best = [], None
    for c in candidates:
        lab = cluster_embeddings(E, c, seed)
        sil = float(silhouette_score(E, lab, metric="cosine", random_state=seed,
                                     sample_size=min(len(idx), 3000)))
        rows.append({"k": c, "silhouette": sil, "language": "multilingual"})
        if best is None or sil > best[0] + 1e-9:
            best = (sil, c, lab)
    sel = pd.DataFrame(rows)
    sel["chosen"] = sel["k"] == best[1]
    topics = np.full(len(docs), -1)
    topics[idx] = best[2]
    terms = cluster_terms(docs["clean"].iloc[idx].reset_index(drop=True), best[2], n=3)
    labels = {t: "multi: " + " / ".join(ts) for t, ts in enumerate(terms)}
    return LanguageTopics({}, topics, labels, pd.Series("multilingual", index=docs.index),
                          method=method, embeddings=E, sampled=idx,
                          embedding_selection=sel)


def selection_note(selection: pd.DataFrame) -> str:
    """A sentence per language model where no number of topics reached the
    diversity floor: its topics overlap and say little; or that no model
    could be fitted."""
    if selection.empty:
        return "no topic model: too few documents, or too few terms in min_df documents, to fit one"
    if "passes_diversity" not in selection:
        return ""
    weak = [lang for lang, g in selection.groupby("language", sort=False) if not g["passes_diversity"].any()]
    return "\n".join(f"language {lang}: no number of topics gives diverse topics (diversity below "
                     f"{DIVERSITY_FLOOR} for every k): the topics overlap; read them as one theme, not several"
                     for lang in weak)
