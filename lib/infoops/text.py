"""Text rules shared by the analyses: cleaning tweets, stop words, tokens and
the host of a URL (one rule in two forms, Python and SQL)."""

from __future__ import annotations

import html
import re
from functools import lru_cache

URL_RE = re.compile(r"https?://\S+|www\.\S+", re.I)


RT_RE = re.compile(r"^RT @[\w+/=]+:\s*")


MENTION_RE = re.compile(r"@[\w+/=]+")  # screen names and the archive's hashes (hex or base64)


NUMBER_RE = re.compile(r"(?<![#\w])\d[\d.,:]*\b")


# Words of two or more characters that start and end with a letter or digit
# (a run of underscores or punctuation is not a term), hashtags kept whole.
TOKEN_PATTERN = r"(?u)#?\b[^\W_]\w*[^\W_]\b"


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


_DIGIT_RE = re.compile(r"\d")


def clean_text(text: str) -> str:
    """Lower-cased text without RT prefix, URLs, mentions, numbers and HTML
    entities, whitespace runs made one space."""
    # Each rule runs only when its pattern can match (a cheap test first):
    # this runs once per original tweet, 5.6 million times at full size.
    t = text or ""
    if "&" in t:
        t = html.unescape(t)
    if t.startswith("RT @"):
        t = RT_RE.sub("", t)
    if "://" in t or ("." in t and "www." in t.lower()):  # URL_RE's two forms, case-insensitive
        t = URL_RE.sub(" ", t)
    if "@" in t:
        t = MENTION_RE.sub(" ", t)
    if _DIGIT_RE.search(t):
        t = NUMBER_RE.sub(" ", t)
    # str.split and the re module's \s share one definition of whitespace
    return " ".join(t.split()).lower()


# The host of a URL, lower-cased, without "www.": one rule in two forms, SQL
# for counts over every tweet (top_items) and Python for coordination's
# co_domain signal; a test checks that they agree.
DOMAIN_SQL = r"regexp_replace(lower(regexp_extract(u, '^[a-zA-Z]+://([^/:?#]+)', 1)), '^www\.', '')"


_DOMAIN_RE = re.compile(r"^[a-zA-Z]+://([^/:?#]+)")


def url_domain(url: object) -> str | None:
    """The host of a URL, lower-cased, without "www." (None if not a URL)."""
    m = _DOMAIN_RE.match(str(url))
    return m.group(1).lower().removeprefix("www.") if m else None
