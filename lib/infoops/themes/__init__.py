"""Content themes and their shift around an event: the analysis behind notebook 02.

Figures are in :mod:`infoops.themes.figures`.
"""

from ..sentences import embed_multilingual, multilingual_available
from .documents import TEXT_COLUMNS, prepare_documents, sample_texts, sampling_note, tfidf
from .embeddings import MAP_MIN_DOCS, cluster_embeddings, map_features, map_note, map_table, sample_index, umap_map
from .params import ThemeParams, check_params
from .shift import before_after_log_odds, distinctive_terms, log_odds_dirichlet, term_counts
from .sources import top_items, value_shares
from .summary import fit, summary_table
from .topics import (
    COHERENCE_TOLERANCE,
    DIVERSITY_FLOOR,
    MIN_DOCS_PER_PERIOD,
    LanguageTopics,
    TopicModel,
    assign_topics,
    cluster_terms,
    fit_embedding_topics,
    fit_topics,
    fit_topics_by_language,
    language_groups,
    npmi_coherence,
    selection_note,
    topic_diversity,
    topic_mix,
    topic_prevalence,
    topic_table,
)

__all__ = ["COHERENCE_TOLERANCE", "DIVERSITY_FLOOR", "LanguageTopics", "MAP_MIN_DOCS", "MIN_DOCS_PER_PERIOD", "TEXT_COLUMNS", "ThemeParams", "TopicModel", "assign_topics", "before_after_log_odds", "check_params", "cluster_embeddings", "cluster_terms", "distinctive_terms", "embed_multilingual", "fit", "fit_embedding_topics", "fit_topics", "fit_topics_by_language", "language_groups", "log_odds_dirichlet", "map_features", "map_note", "map_table", "multilingual_available", "npmi_coherence", "prepare_documents", "sample_index", "sample_texts", "sampling_note", "selection_note", "summary_table", "term_counts", "tfidf", "top_items", "topic_diversity", "topic_mix", "topic_prevalence", "topic_table", "umap_map", "value_shares"]
