"""Word counts of many texts at once: the matrix scikit-learn's
``CountVectorizer(token_pattern=WORD_PATTERN, lowercase=False)`` gives,
tokenized by one compiled pass over the texts' UTF-8 bytes (Arrow's
layout) instead of one regular-expression call per text in Python, which
took 40-65 s of the near-duplicate signal at 9M tweets.

The pattern ``(?u)#?\\b\\w\\w+\\b`` matches, in Python's ``re``, each
maximal run of two or more word characters, with the "#" just before it
when there is one. A word character is one ``re`` matches with ``\\w``:
``str.isalnum()`` or "_" (:func:`word_table` asks ``re`` itself for every
code point, so the two cannot disagree). Tokens become columns in sorted
order, as the vectorizer's vocabulary does: the sort of UTF-8 bytes is the
sort of code points, which is Python's order of strings.
"""

from __future__ import annotations

import functools
import re

import numba
import numpy as np
import scipy.sparse as sp

#: Words of two or more word characters, or hashtags (scikit-learn's default
#: token pattern with an optional "#").
WORD_PATTERN = r"(?u)#?\b\w\w+\b"

_MAX_CODE_POINT = 0x110000


@functools.lru_cache(maxsize=1)
def word_table() -> np.ndarray:
    """For every code point, whether Python's ``re`` matches it with ``\\w``:
    asked of ``re`` itself, in one pass over a string of all code points."""
    every = "".join(map(chr, range(_MAX_CODE_POINT)))
    out = np.zeros(_MAX_CODE_POINT, dtype=np.bool_)
    out[[m.start() for m in re.finditer(r"\w", every)]] = True
    return out


@numba.njit(cache=True)
def _tokens(offsets, data, isword, counts, token_offsets, token_bytes):  # pragma: no cover - compiled
    # the tokens of each text; when token_offsets is empty, only counts them
    # (counts[r] for text r) and returns their bytes; else writes their bytes
    # one after another (token t is token_bytes[token_offsets[t]:token_offsets[t + 1]])
    write = len(token_offsets) > 0
    t = 0
    q = 0
    for r in range(len(offsets) - 1):
        p = offsets[r]
        end = offsets[r + 1]
        run_start = -1  # byte where the current run of word characters began
        run_chars = 0
        n = 0
        while p <= end:
            cp = -1
            width = 1
            if p < end:
                b = data[p]
                # decode one UTF-8 code point (the texts come from Arrow: valid UTF-8)
                if b < 0x80:
                    cp = b
                elif b < 0xE0:
                    cp = ((b & 0x1F) << 6) | (data[p + 1] & 0x3F)
                    width = 2
                elif b < 0xF0:
                    cp = ((b & 0x0F) << 12) | ((data[p + 1] & 0x3F) << 6) | (data[p + 2] & 0x3F)
                    width = 3
                else:
                    cp = (((b & 0x07) << 18) | ((data[p + 1] & 0x3F) << 12) | ((data[p + 2] & 0x3F) << 6)
                          | (data[p + 3] & 0x3F))
                    width = 4
            if cp >= 0 and isword[cp]:
                if run_start < 0:
                    run_start = p
                    run_chars = 0
                run_chars += 1
            else:
                if run_start >= 0 and run_chars >= 2:
                    first = run_start
                    if first > offsets[r] and data[first - 1] == 35:  # a "#" just before the run
                        first -= 1
                    if write:
                        token_offsets[t] = q
                        for k in range(first, p):
                            token_bytes[q + k - first] = data[k]
                        t += 1
                    q += p - first
                    n += 1
                run_start = -1
            p += width
        if not write:
            counts[r] = n
    if write:
        token_offsets[t] = q
    return q


def text_buffers(texts) -> tuple[np.ndarray, np.ndarray]:
    """UTF-8 bytes of all texts and each text's start (Arrow's layout),
    without a Python object per text when ``texts`` are pandas' Arrow
    strings."""
    import pyarrow as pa

    try:
        arr = pa.array(texts, type=pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        arr = pa.array([str(t) for t in texts], type=pa.large_string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset:arr.offset + len(arr) + 1]
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8) if arr.buffers()[2] is not None \
        else np.zeros(1, np.uint8)
    return offsets.astype(np.int64), data


def word_counts(texts, piece: int = 1_000_000) -> tuple[sp.csr_matrix, np.ndarray]:
    """Counts of each text's words (rows: texts; columns: the words in
    sorted order; float32, indices sorted within rows) and the words: what
    ``CountVectorizer(token_pattern=WORD_PATTERN, lowercase=False,
    dtype=np.float32)`` gives, with ``get_feature_names_out()``. The texts
    are not lower-cased here: the coordination texts already are
    (:func:`infoops.text.clean_text`). Tokens are numbered ``piece`` texts
    at a time (Arrow's dictionary encoding), then the pieces' words are
    numbered together, so the tokens' bytes are never all held at once."""
    import pyarrow as pa
    import pyarrow.compute as pc

    offsets, data = text_buffers(texts)
    isword = word_table()
    n = len(offsets) - 1
    counts = np.zeros(n, np.int64)
    piece_ids, piece_words = [], []
    for start in range(0, n, piece):
        off = offsets[start:min(n, start + piece) + 1]
        n_bytes = _tokens(off, data, isword, counts[start:], np.empty(0, np.int64), np.empty(0, np.uint8))
        n_tokens = int(counts[start:start + len(off) - 1].sum())
        token_offsets, token_bytes = np.empty(n_tokens + 1, np.int64), np.empty(n_bytes, np.uint8)
        _tokens(off, data, isword, counts[start:], token_offsets, token_bytes)
        tokens = pa.LargeStringArray.from_buffers(n_tokens, pa.py_buffer(token_offsets), pa.py_buffer(token_bytes))
        encoded = pc.dictionary_encode(tokens)
        piece_ids.append(encoded.indices.to_numpy(zero_copy_only=False))
        piece_words.append(encoded.dictionary)
        del tokens, token_offsets, token_bytes, encoded
    # one number per distinct word across the pieces, in the vectorizer's
    # order: sorted words (the binary order of UTF-8 is that of code points)
    every = pc.dictionary_encode(pa.chunked_array(piece_words, type=pa.large_string()).combine_chunks())
    words = every.dictionary
    order = pc.array_sort_indices(words).to_numpy()
    column = np.empty(len(order), np.int32)
    column[order] = np.arange(len(order), dtype=np.int32)
    to_column = column[every.indices.to_numpy(zero_copy_only=False)]
    cols, first = [], 0
    for ids, piece_dict in zip(piece_ids, piece_words):
        cols.append(to_column[first:first + len(piece_dict)][ids])
        first += len(piece_dict)
    del piece_ids
    indices = np.concatenate(cols) if cols else np.empty(0, np.int32)
    indptr = np.zeros(n + 1, np.int64)
    np.cumsum(counts, out=indptr[1:])
    X = sp.csr_matrix((np.ones(len(indices), np.float32), indices, indptr), shape=(n, len(order)))
    X.sum_duplicates()  # repeated words of a text become counts, indices sorted within rows
    return X, words.take(pa.array(order)).to_numpy(zero_copy_only=False)
