"""Readable, stable URL slugs from Kazakh and Russian names."""

from __future__ import annotations

from slugify import slugify

# Letters of the Kazakh alphabet that the generic transliteration drops or confuses.
KAZAKH_LETTERS = [
    ("Ә", "A"), ("ә", "a"), ("Ғ", "G"), ("ғ", "g"), ("Қ", "Q"), ("қ", "q"),
    ("Ң", "N"), ("ң", "n"), ("Ө", "O"), ("ө", "o"), ("Ұ", "U"), ("ұ", "u"),
    ("Ү", "U"), ("ү", "u"), ("Һ", "H"), ("һ", "h"), ("І", "I"), ("і", "i"),
]  # fmt: skip

MAX_LENGTH = 80


def make_slug(text: str, taken=lambda slug: False) -> str:
    """A slug of ``text``; ``taken(slug)`` says when to add a number to keep it unique."""
    base = slugify(text, replacements=KAZAKH_LETTERS, max_length=MAX_LENGTH, word_boundary=True)
    base = base or "association"
    slug, n = base, 2
    while taken(slug):
        slug = f"{base}-{n}"
        n += 1
    return slug
