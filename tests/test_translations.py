"""Every interface string is marked for translation and translated into kk, ru and en."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("kk", "ru", "en")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def catalog(lang: str):
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def source_messages() -> set[str]:
    method_map = [
        ("app/**/templates/**.html", "jinja2"),
        ("app/templates/**.html", "jinja2"),
        ("app/**/templates/**.txt", "jinja2"),
        ("app/**.py", "python"),
    ]
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_has_no_untranslated_or_fuzzy_entry(lang):
    problems = []
    for message in catalog(lang):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id)
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_holds_every_string_of_the_source(lang):
    in_catalog = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(lang) if m.id}
    assert source_messages() - in_catalog == set()


@pytest.mark.parametrize("lang", ("kk", "ru"))
def test_placeholders_survive_translation(lang):
    for message in catalog(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(re.findall(r"%\(\w+\)s", ids[-1]))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)s", string)) == expected, message.id


JINJA = re.compile(r"{#.*?#}|{%.*?%}|{{.*?}}", re.DOTALL)
TAG = re.compile(r"<[^>]*>", re.DOTALL)
TEXT_ATTRIBUTE = re.compile(r'\b(?:alt|title|placeholder|aria-label)="([^"]*)"')
# Words that are the same in every language: language names in the switcher, symbols.
ALLOWED_TEXT = {"Қазақша", "Русский", "English", "←", "→", "·", "×"}


def templates() -> list[Path]:
    return sorted((ROOT / "app").glob("**/templates/**/*.html"))


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_text_outside_translation_calls(path):
    source = path.read_text(encoding="utf-8")
    without_jinja = JINJA.sub(" ", source)
    leftovers = [
        word
        for word in TAG.sub(" ", without_jinja).split()
        if re.search(r"[^\W\d_]", word) and word not in ALLOWED_TEXT and not word.startswith("&")
    ]
    assert leftovers == []
    for value in TEXT_ATTRIBUTE.findall(source):
        if re.search(r"[^\W\d_]", JINJA.sub("", value)) and "{{" not in value:
            pytest.fail(f"untranslated attribute text: {value!r}")
