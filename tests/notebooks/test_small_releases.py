"""Every notebook on a release too small for its models, as a user with a
thin excerpt runs them: each runs to the end and says what it cannot answer,
instead of stopping on an empty table."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from helpers import tweet_rows, write_csv


@pytest.mark.slow
def test_a_release_with_no_account_active_enough_runs_every_notebook(tmp_path):
    # three accounts with two tweets each: fewer than min_tweets (5) for
    # coordination, and too few documents and terms for topics or a map
    rows = []
    for k, user in enumerate("abc"):
        rows += tweet_rows(2, start_ms=1547553780000 + k * 3_600_000, userid=user * 64,
                           tweet_text=f"texto numero {k} de la cuenta", hashtags="[uno, dos, tres]")
    for i, r in enumerate(rows):
        r["tweetid"] = str(int(r["tweetid"]) + i)  # distinct ids across the accounts' series
    release = write_csv(tmp_path / "small_201901_1_tweets_csv_hashed.csv", rows).parent
    out = tmp_path / "report"
    proc = subprocess.run([sys.executable, "-m", "infoops", "run", str(release), "--out", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]

    themes = (out / "02_themes" / "02_themes.ipynb").read_text(encoding="utf-8")
    assert "no topic model: too few documents, or too few terms in min_df documents" in themes
    assert "no map: no term is in enough documents (min_df)" in themes
    assert pd.read_csv(out / "02_themes" / "tables" / "topic_number_selection.csv").empty

    coord = out / "03_coordination"
    assert "No account was analysed: none has the tweets the signals need" in \
        (coord / "03_coordination.ipynb").read_text(encoding="utf-8")
    summary = pd.read_csv(coord / "tables" / "signals_vs_null.csv")
    assert len(summary) == 15 and (summary["pairs_tested"].fillna(0) == 0).all(), summary
    assert (summary["significant_edges"] == 0).all(), summary
    verdicts = pd.read_csv(coord / "tables" / "verdicts.csv")
    assert verdicts.empty and "verdict" in verdicts.columns
