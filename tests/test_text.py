"""Tests of :mod:`infoops.text`."""

from __future__ import annotations

import pandas as pd

from infoops import text
from infoops import themes as TH


def test_clean_text_strips_noise_and_keeps_hashtags():
    h = "a" * 64
    t = 'RT @Someone_1: Hola @' + h + ' mira https://t.co/AbC123 &amp; 2019 cosas #NoAlGolpe 🇻🇪'
    c = text.clean_text(t)
    assert "http" not in c and "@" not in c and h not in c and "2019" not in c and "rt " not in c
    assert "#noalgolpe" in c and "&" in c and c.startswith("hola")
    assert text.clean_text("@3PGzTwb+Kk4yCSOyqgAZ3zPaUJ7xE3L+BSppo6ZLw8U= hola") == "hola"


def _clean_reference(t: str) -> str:
    """The rules of clean_text applied one after the other, with no shortcut."""
    import html
    import re

    t = html.unescape(t)
    for rx, by in ((text.RT_RE, ""), (text.URL_RE, " "), (text.MENTION_RE, " "), (text.NUMBER_RE, " ")):
        t = rx.sub(by, t)
    return re.sub(r"\s+", " ", t).strip().lower()


def test_clean_text_shortcuts_change_nothing():
    """clean_text skips a rule when its pattern cannot match; the result is
    that of every rule applied, on texts at each rule's edges."""
    cases = ["RT @x: &amp; 12 http://t.co/x www.A.com", "rt @y: 3.5,2 stays lower", "x@ab.5 and 7a",
             "HTTPS://T.CO/Q?x=1 WWW.X.ORG/a", "İstanbul 5 ñ5 #2019 a_1", "a\u00a0b\u2028c\x1cd \u3000 e ",
             "&lt;b&gt; &#64;user &#x31;9 x", "@a@b c@d", "1.a 2,3: 4:", "", "sin nada que quitar",
             "RT @a: RT @b: doble", "url://no.es/a www.", "@userhttp://x.y/z", "Ver Www.Sitio.com/x ya",
             "ir a wWw.x", "fin. sin url"]
    for c in cases:
        assert text.clean_text(c) == _clean_reference(c), c


def test_stop_words_are_shipped_for_spanish_and_english():
    sw = text.stop_words()
    assert {"de", "la", "que", "the", "and", "rt"} <= sw
    assert len(sw) > 1500


def test_domain_rule_is_the_same_in_sql_and_python():
    """top_items(..., "domain") counts in SQL, coordination's co_domain in
    Python: both must read the same host from every URL."""
    urls = ["https://www.Example.com/a?b=1", "http://t.co/xyz", "HTTPS://News.BBC.co.uk:443/x",
            "https://www.www.odd.org#frag", "ftp://files.example.net/f", "www.nohttp.com/page",
            "not a url", "https://sub.www.example.com", "https://user@host.com/p", "http://[::1]/x"]
    frame = pd.DataFrame({"campaign": "c", "userid": [f"u{i}" for i in range(len(urls))],
                          "urls": [[u] for u in urls]})
    got = TH.top_items(frame, "domain", n=100)
    expected = pd.Series([text.url_domain(u) for u in urls]).dropna().value_counts()
    assert dict(zip(got["domain"], got["tweets"])) == expected.to_dict()
    assert text.url_domain("https://www.Example.com/a") == "example.com" and text.url_domain("not a url") is None


def test_runs_of_punctuation_are_not_terms():
    import re

    from infoops.text import TOKEN_PATTERN

    assert re.findall(TOKEN_PATTERN, "____ hola #Hands_Off a_b __x 12 ...") == ["hola", "#Hands_Off", "a_b", "12"]
