"""Texts, hashtags and links in the planted themes' vocabulary."""

from __future__ import annotations

import numpy as np

from . import vocab


class TextMaker:
    """Renders tweets from the theme phrase banks (seeded by its generator)."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng

    def pick(self, seq: list[str]) -> str:
        """One element of ``seq``."""
        return seq[int(self.rng.integers(len(seq)))]

    def body(self, theme: str, lang: str) -> str:
        """A tweet text on ``theme`` in ``lang``."""
        r = self.rng
        parts = [self.pick(vocab.PHRASES[theme][lang])]
        # Phrases of one theme often come together: that co-occurrence is
        # what makes a theme a theme rather than ten unrelated slogans.
        if r.random() < 0.7:
            second = self.pick(vocab.PHRASES[theme][lang])
            if second != parts[0]:
                parts.append(second)
        if r.random() < 0.6:
            parts.append(self.pick(vocab.TAGLINES[theme][lang]))
        text = ". ".join(p[0].upper() + p[1:] for p in parts if p)
        opener, closer = self.pick(vocab.OPENERS[lang]), self.pick(vocab.CLOSERS[lang])
        # Line breaks inside quoted fields: 18% and 34% of the texts in the two
        # real samples of shared/realdata have one.
        if r.random() < 0.25:
            text = text.replace(". ", ".\n", 1)
        if r.random() < 0.03:
            text += ' "' + self.pick(vocab.PHRASES[theme][lang]).split()[0] + '", dicen &amp; repiten'
        return " ".join(x for x in (opener, text, closer) if x)

    def hashtags(self, theme: str, lang: str) -> list[str]:
        """Hashtags for a tweet on ``theme`` in ``lang``."""
        r = self.rng
        n = int(r.choice([0, 1, 1, 1, 2, 2, 3]))
        tags = []
        for _ in range(n):
            pool = vocab.THEME_HASHTAGS[theme][lang] if r.random() < 0.7 else vocab.POPULAR_HASHTAGS[lang]
            t = self.pick(pool)
            if t not in tags:
                tags.append(t)
        return tags

    def url(self, campaign: str) -> str:
        """A link of a campaign's sources."""
        r = self.rng
        domains = vocab.CAMPAIGN_DOMAINS.get(campaign, []) if r.random() < 0.5 else vocab.POPULAR_DOMAINS
        domain = self.pick(domains or vocab.POPULAR_DOMAINS)
        return f"https://{domain}/{self.pick(vocab.URL_SLUGS)}/{int(r.integers(10_000, 9_999_999))}"
