"""Candidate pairs of similar texts by MinHash locality-sensitive hashing
(Broder 1997; Leskovec, Rajaraman and Ullman, *Mining of Massive Datasets*,
ch. 3), for text sets too large for the exact windowed search.

Each text is the set of its word pairs (two consecutive words; a text of
one word, that word). Two texts that hold the same common words in another
order share few word pairs, while near copies share most of theirs.
``BANDS`` x ``ROWS`` seeded hash functions give its MinHash signature; two
texts whose sets have Jaccard similarity J agree on one band with
probability J^rows, so they become candidates with probability
1 - (1 - J^rows)^bands (24 bands of 4: 0.79 at J = 0.5, 0.9996 at J = 0.78,
the J of a 17-word text with one word changed; 1.5e-4 at J = 0.05).
Candidates are then checked exactly by the caller. The hashes are seeded
and each text is hashed alone, so the result does not depend on the number
of threads.
"""

from __future__ import annotations

import numba
import numpy as np
import pandas as pd

from .word_counts import text_buffers

BANDS, ROWS = 24, 4

_FNV_BASIS, _FNV_PRIME = np.uint64(14695981039346656037), np.uint64(1099511628211)


@numba.njit(cache=True)
def _mix(z):  # pragma: no cover - compiled
    # splitmix64's finaliser: a seeded key xor'ed in, then mixed, is one of
    # the hash functions (a linear (a x + b) mod p without 128-bit products
    # would keep the order of x, and every signature would pick one pair)
    z = z + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@numba.njit(cache=True)
def _word_pairs(offsets, data, ptr, out):  # pragma: no cover - compiled
    # each text's word-pair hashes written from ptr[r]; when out is empty,
    # only counted, into ptr[r + 1]
    write = len(out) > 0
    for r in range(len(offsets) - 1):
        m = ptr[r] if write else 0
        prev = np.uint64(0)
        words = 0
        p = offsets[r]
        end = offsets[r + 1]
        while p <= end:
            # one word: bytes up to a space (the texts are normalised: single spaces)
            start = p
            h = np.uint64(14695981039346656037)
            while p < end and data[p] != 32:
                h = (h ^ np.uint64(data[p])) * np.uint64(1099511628211)
                p += 1
            if p > start:
                words += 1
                if words >= 2 or (p >= end and words == 1):
                    # the pair (previous word, this one); a lone word stands for itself
                    if write:
                        out[m] = (prev * np.uint64(31) + h) if words >= 2 else h
                    m += 1
                prev = h
            p += 1
        if not write:
            ptr[r + 1] = m


@numba.njit(parallel=True, cache=True)
def _minima(ptr, hashes, keys):  # pragma: no cover - compiled
    # the smallest hash of each text's word pairs under each key
    out = np.full((len(ptr) - 1, len(keys)), np.uint64(0xFFFFFFFFFFFFFFFF))
    for r in numba.prange(len(ptr) - 1):
        for q in range(ptr[r], ptr[r + 1]):
            for k in range(len(keys)):
                v = _mix(hashes[q] ^ keys[k])
                if v < out[r, k]:
                    out[r, k] = v
    return out


def word_pair_hashes(texts) -> tuple[np.ndarray, np.ndarray]:
    """Each text's word pairs, hashed once (FNV-1a of the words, combined):
    text r's are ``hashes[ptr[r]:ptr[r + 1]]``. Every band's minima are
    then taken from these, without reading the texts again."""
    offsets, data = text_buffers(texts)
    ptr = np.zeros(len(offsets), dtype=np.int64)
    _word_pairs(offsets, data, ptr, np.empty(0, np.uint64))  # counts
    ptr = np.cumsum(ptr)
    out = np.empty(int(ptr[-1]), dtype=np.uint64)
    _word_pairs(offsets, data, ptr, out)
    return ptr, out


@numba.njit(cache=True)
def _scan(order, keys, ts, text, window, max_run, out_i, out_j):  # pragma: no cover - compiled
    # pairs (i < j in time order) with equal keys, within the window, texts
    # differing; runs (rows of one key) longer than max_run are skipped and
    # counted. Writes the pairs when out_i is long enough; returns (pairs, skipped).
    write = len(out_i) > 0
    m = 0
    skipped = 0
    start = 0
    n = len(order)
    while start < n:
        stop = start + 1
        while stop < n and keys[order[stop]] == keys[order[start]]:
            stop += 1
        if stop - start > max_run:
            skipped += stop - start
        else:
            for x in range(start, stop):
                for y in range(x + 1, stop):
                    if ts[order[y]] - ts[order[x]] > window:
                        break
                    if text[order[x]] != text[order[y]]:
                        if write:
                            out_i[m] = order[x]
                            out_j[m] = order[y]
                        m += 1
        start = stop
    return m, skipped


@numba.njit(cache=True)
def _grouped(rows, group, n_groups):  # pragma: no cover - compiled
    # rows ordered by group, keeping their order within a group (a stable
    # counting sort: rows of one bucket stay in time order)
    start = np.zeros(n_groups + 1, np.int64)
    for r in rows:
        start[group[r] + 1] += 1
    for g in range(n_groups):
        start[g + 1] += start[g]
    out = np.empty(len(rows), np.int64)
    for r in rows:
        g = group[r]
        out[start[g]] = r
        start[g] += 1
    return out


def _hash_keys(n_hashes: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(0, np.iinfo(np.uint64).max, n_hashes, dtype=np.uint64, endpoint=True)


def minhash_signatures(texts, n_hashes: int, seed: int) -> np.ndarray:
    """MinHash signature of each text's set of word pairs (module doc):
    ``n_hashes`` values per text, each the smallest over its pairs of one
    seeded hash function. A text without words gets 2^64 - 1 everywhere."""
    return _minima(*word_pair_hashes(texts), _hash_keys(n_hashes, seed))


def _band_keys(minima: np.ndarray) -> np.ndarray:
    """One key per row: FNV-1a over the row's minima (a band)."""
    key = np.full(len(minima), _FNV_BASIS)
    with np.errstate(over="ignore"):
        for column in minima.T:
            key = (key ^ column) * _FNV_PRIME
    return key


def lsh_candidates(texts, code: np.ndarray, ts: np.ndarray, window: float, *, bands: int = BANDS,
                   rows: int = ROWS, max_bucket: int = 2000, seed: int = 0):
    """Yield, band by band, candidate pairs of rows (positions ``i`` < ``j``,
    rows in time order ``ts``; row r holds text ``texts[code[r]]``, each
    distinct text given once) whose MinHash band agrees, whose times are
    within ``window`` seconds and whose texts differ. Texts without words
    are never candidates. A bucket of more than ``max_bucket`` rows (one
    template everyone uses) is skipped; the third value yielded counts its
    rows. Each text is hashed once; one band's keys are held at a time."""
    ptr, hashes = word_pair_hashes(texts)
    hash_keys = _hash_keys(bands * rows, seed)
    ts = np.asarray(ts, dtype=np.float64)
    code = np.asarray(code, dtype=np.int64)
    with_words = np.flatnonzero((np.diff(ptr) > 0)[code])
    none = np.empty(0, np.int64)
    for band in range(bands):
        # the band's buckets numbered by hashing the texts' keys, not by
        # sorting the rows' (24 sorts of 5.6M keys took a fifth of the search at 9M)
        bucket, uniques = pd.factorize(_band_keys(_minima(ptr, hashes, hash_keys[band * rows:(band + 1) * rows])))
        keys = bucket.astype(np.int64)[code]
        order = _grouped(with_words, keys, len(uniques))
        args = (order, keys, ts, code, float(window), int(max_bucket))
        n_pairs, skipped = _scan(*args, none, none)  # count, then fill
        i, j = np.empty(n_pairs, np.int64), np.empty(n_pairs, np.int64)
        if n_pairs:
            _scan(*args, i, j)
        yield i, j, skipped
