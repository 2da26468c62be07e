"""The compiled word counts equal scikit-learn's CountVectorizer with the
same token pattern, on the characters where a hand-written tokenizer
would go wrong."""

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from infoops.coordination.word_counts import WORD_PATTERN, word_counts, word_table


def _vectorizer(texts):
    cv = CountVectorizer(token_pattern=WORD_PATTERN, lowercase=False, dtype=np.float32)
    return cv.fit_transform(texts), cv.get_feature_names_out()


EDGE_CASES = [
    "hola #voto a b c",          # one-letter words are not tokens
    "##abc a#bc #a #bb ab#",     # a "#" counts only right before a run of 2+
    "mañana país ya_ 12 3 x2",   # non-ASCII letters, underscore and digits are word characters
    "",                          # no words
    "... !!! ?",                 # no words
    "e\u0301x cafe\u0301",       # a combining accent is not a word character: it splits words
    "日本語のテキスト 中文",        # CJK runs
    "x\U0001F600yy 😀😀",          # emoji are not word characters, 4-byte UTF-8
    "İstanbul ǆemal ²³ ½",       # superscripts and fractions are numeric (word characters)
    "hola hola hola #hola",      # counts, and a hashtag apart from its word
    "tab\tand\nnewline\u00a0nbsp",
    "عربي فارسی русский ελληνικά",
]


@pytest.mark.parametrize("as_arrow", [True, False])
def test_word_counts_equal_the_vectorizer_on_edge_cases(as_arrow):
    texts = pd.Series(EDGE_CASES, dtype="string[pyarrow]") if as_arrow else list(EDGE_CASES)
    want, want_words = _vectorizer(EDGE_CASES)
    got, words = word_counts(texts)
    assert list(words) == list(want_words)
    assert got.dtype == np.float32 and got.shape == want.shape and got.has_sorted_indices
    assert (got != want).nnz == 0
    assert got.sum() == want.sum() > 20


@pytest.mark.parametrize("piece", [7, 1_000_000])
def test_word_counts_equal_the_vectorizer_on_random_mixed_scripts(piece):
    """Random strings from an alphabet of word and non-word characters of
    several scripts and byte widths, including the ones that decide a token's
    edges ("#", "_", combining marks); tokenized in one piece or in many,
    whose words are then numbered together."""
    rng = np.random.default_rng(11)
    alphabet = list("ab#_ 1.-") + ["ñ", "é", "\u0301", "ж", "中", "😀", "²", "\u00a0", "ـ", "٣"]
    texts = ["".join(rng.choice(alphabet, int(rng.integers(0, 30)))) for _ in range(3000)]
    want, want_words = _vectorizer(texts)
    got, words = word_counts(pd.Series(texts, dtype="string[pyarrow]"), piece=piece)
    assert list(words) == list(want_words) and len(words) > 1000
    assert (got != want).nnz == 0


def test_no_words_give_an_empty_matrix_of_the_texts_rows():
    got, words = word_counts(["", "a", "!!"])
    assert got.shape == (3, 0) and len(words) == 0


def test_word_table_is_what_re_calls_a_word_character():
    import re

    table = word_table()
    rng = np.random.default_rng(3)
    for c in np.r_[np.arange(0x3000), rng.integers(0x3000, 0x110000, 5000)]:
        c = int(c)
        if 0xD800 <= c <= 0xDFFF:
            assert not table[c]
            continue
        assert table[c] == (re.match(r"\w", chr(c)) is not None), hex(c)
