"""Tests of :mod:`infoops.synthetic.vocab`: every theme can be said in both languages."""

from __future__ import annotations

from infoops.synthetic import vocab


def test_every_theme_has_phrases_taglines_and_hashtags_in_spanish_and_english():
    assert len(vocab.THEMES) == 6
    for th in vocab.THEMES:
        for lang in ("es", "en"):
            assert len(vocab.PHRASES[th][lang]) >= 5 and vocab.TAGLINES[th][lang] and vocab.THEME_HASHTAGS[th][lang]
    assert vocab.PLANTED_CLIENT not in vocab.CLIENTS_COMMON + vocab.CLIENTS_AUTOMATION
