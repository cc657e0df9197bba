"""Text search that forgives how people type, in Kazakh, Russian and English.

Two tools live here. :func:`matches_text` is a plain case-insensitive LIKE over a few columns,
enough for short lists such as the directory. The rest turns any text into *search keys*, used
by full-text indexes (``app/events/search.py``): the same function reads the indexed text and
the visitor's query, so whatever one spelling becomes, the other becomes too:

- case and Kazakh letters typed on a Russian keyboard are folded (қ→к, ә→а, і→и, ң→н, ...);
- Russian and English words are stemmed (Snowball), so «корейского» and «корейский» meet;
- Latin words are written in Cyrillic ("Almaty" → алматы, "qazaq" → казак), and letters people
  confuse or drop (й/ы/и, ё/э/е, ь, ъ) are folded after stemming;
- places known by two names (Орал and Уральск) share a key: indexed text keeps its own word and
  adds the shared one, a query asks for the shared one.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

import snowballstemmer
from sqlalchemy import and_, event, func, or_, true
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement

from app.extensions import db


def fold(text: str) -> str:
    return text.casefold()


@event.listens_for(Engine, "connect")
def _register_sqlite_casefold(connection, record) -> None:
    if type(connection).__module__.startswith("sqlite3"):
        connection.create_function(
            "casefold", 1, lambda v: None if v is None else fold(v), deterministic=True
        )


def _folded(column) -> ColumnElement:
    if db.engine.dialect.name == "sqlite":
        return func.casefold(column)
    return func.lower(column)


def matches_text(query: str, *columns) -> ColumnElement[bool]:
    """Every word of ``query`` appears in at least one of ``columns``, ignoring case."""
    conditions = []
    for word in fold(query).split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(
            or_(*(_folded(column).like(f"%{escaped}%", escape="\\") for column in columns))
        )
    return and_(*conditions) if conditions else true()


# Letters and decimal digits of any script; everything else separates words. Other numerals
# (¼, ², Ⅻ) too: PostgreSQL's parser does not count them as part of a word, SQLite's does.
OTHER_NUMERALS = "".join(
    c
    for c in map(chr, range(sys.maxunicode + 1))
    if c.isalnum() and not c.isalpha() and not c.isdecimal()
)
WORD = re.compile(rf"[^\W_{re.escape(OTHER_NUMERALS)}]+")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Longer words are cut: no index or query language has to handle a thousand-letter "word".
MAX_KEY_LENGTH = 60

RUSSIAN = snowballstemmer.stemmer("russian")
ENGLISH = snowballstemmer.stemmer("english")

KAZAKH_ON_RUSSIAN_KEYBOARD = str.maketrans("қәіңғүұөһё", "каингууохе")
# Applied after stemming, which needs the real letters.
CONFUSED_LETTERS = str.maketrans({"й": "и", "ы": "и", "э": "е", "ё": "е", "ь": None, "ъ": None})
# Latin letters that look like Cyrillic ones, for words that mix the two scripts.
LOOKALIKES = str.maketrans("aceopxykmtbh", "асеорхукмтвн")
# Latin letters that do not decompose into a base letter and a mark.
LATIN_SPECIALS = str.maketrans({"ş": "sh", "ç": "ch", "ı": "i", "ø": "o", "æ": "ae", "đ": "d"})
# How Kazakh, Russian and English words are written in Latin letters, longest spelling first.
LATIN_SOUNDS = {
    "shch": "щ", "sh": "ш", "ch": "ч", "zh": "ж", "kh": "х", "ts": "ц", "ph": "ф",
    "ya": "я", "yu": "ю", "yo": "е", "ye": "е",
    "a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и",
    "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р",
    "s": "с", "t": "т", "u": "у", "v": "в", "w": "у", "x": "кс", "y": "ы", "z": "з",
}  # fmt: skip
LATIN_SOUND = re.compile("|".join(sorted(LATIN_SOUNDS, key=len, reverse=True)))
# A y after a vowel is й (Semey, Kostanay); elsewhere ы (Kyzylorda).
GLIDE_Y = re.compile(r"(?<=[aeiouy])y")

# Places known by more than one name (the first is the one they share), beyond what folding and
# transliteration already unite (Qostanay, Қостанай, Костанай).
PLACE_NAMES = (
    ("Орал", "Уральск"),
    ("Өскемен", "Усть-Каменогорск"),
    ("Семей", "Семипалатинск"),
    ("Қостанай", "Кустанай"),
    ("Алматы", "Алма-Ата"),
    ("Астана", "Нур-Султан", "Нурсултан", "Целиноград"),
    ("Шымкент", "Чимкент"),
    ("Ақтөбе", "Актюбинск"),
    ("Қызылорда", "Кзыл-Орда", "Кзылорда"),
    ("Қарағанды", "Караганда"),
    ("Петропавл", "Петропавловск"),
    ("Көкшетау", "Кокчетав"),
    ("Талдықорған", "Талды-Курган"),
    ("Қонаев", "Капшагай", "Капчагай"),
    ("Түркістан", "Туркестан"),
    ("Жезқазған", "Джезказган"),
    ("Байқоңыр", "Байконур"),
    ("Риддер", "Лениногорск"),
    ("Маңғыстау", "Мангистау"),
    ("Қазақстан", "Казахстан"),
)
# Words a query may leave out: they say nothing about which event is meant.
STOP_WORDS = (
    "и в во на с со к ко по о об от для из у за до "
    "мен бен пен және да де та те үшін "
    "the a an of in on and for to at with"
)


def _latin_key(word: str) -> str | None:
    """The Cyrillic spelling of an English or Latin-script Kazakh word, or None if not Latin."""
    plain = unicodedata.normalize("NFKD", word.translate(LATIN_SPECIALS))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    if not plain.isascii():
        return None
    stem = GLIDE_Y.sub("й", ENGLISH.stemWord(plain))
    return LATIN_SOUND.sub(lambda sound: LATIN_SOUNDS[sound.group()], stem)


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """The key of one casefolded word: what every spelling of it has in common."""
    spelled = word.translate(LOOKALIKES) if CYRILLIC.search(word) else _latin_key(word) or word
    stem = RUSSIAN.stemWord(spelled.translate(KAZAKH_ON_RUSSIAN_KEYBOARD))
    return stem.translate(CONFUSED_LETTERS)[:MAX_KEY_LENGTH] or stem[:MAX_KEY_LENGTH]


def _keys(text: str) -> list[str]:
    return [word_key(word) for word in WORD.findall(unicodedata.normalize("NFC", fold(text)))]


def _place_aliases() -> dict[tuple[str, ...], str]:
    aliases = {}
    for shared, *others in PLACE_NAMES:
        (shared_key,) = _keys(shared)
        for name in (shared, *others):
            aliases[tuple(_keys(name))] = shared_key
    return aliases


PLACE_ALIASES = _place_aliases()
LONGEST_ALIAS = max(map(len, PLACE_ALIASES))
# Names of one word, and the first words of longer ones: most texts hold neither.
ONE_WORD_PLACES = {run[0]: shared for run, shared in PLACE_ALIASES.items() if len(run) == 1}
LONGER_PLACE_STARTS = frozenset(run[0] for run in PLACE_ALIASES if len(run) > 1)
STOP_KEYS = frozenset(_keys(STOP_WORDS))


def _with_places(keys: list[str]) -> list[tuple[list[str], str | None]]:
    """The keys cut into runs, each with the shared key of the place it names, if it does."""
    runs, start = [], 0
    while start < len(keys):
        for length in range(min(LONGEST_ALIAS, len(keys) - start), 0, -1):
            run = keys[start : start + length]
            if (shared := PLACE_ALIASES.get(tuple(run))) is not None:
                runs.append((run, shared))
                start += length
                break
        else:
            runs.append(([keys[start]], None))
            start += 1
    return runs


def document_keys(*texts: str | None) -> str:
    """The words of ``texts`` as an index stores them: each key once, places also by the name
    they share, separated by spaces."""
    keys: dict[str, None] = {}
    for text in texts:
        if not text:
            continue
        text_keys = _keys(text)
        keys.update(dict.fromkeys(text_keys))
        if LONGER_PLACE_STARTS.isdisjoint(text_keys):
            continue
        for length in range(2, LONGEST_ALIAS + 1):
            for run in zip(*(text_keys[offset:] for offset in range(length)), strict=False):
                if (shared := PLACE_ALIASES.get(run)) is not None:
                    keys[shared] = None
    for key in ONE_WORD_PLACES.keys() & keys.keys():
        keys[ONE_WORD_PLACES[key]] = None
    return " ".join(keys)


def query_keys(query: str) -> list[str]:
    """One key per word of ``query``, places by the name they share, each once; the last one
    may be a word still being typed. Little words are dropped unless there is nothing else."""
    keys = [shared or run[0] for run, shared in _with_places(_keys(query))]
    meaningful = [key for key in keys if key not in STOP_KEYS] or keys
    return list(dict.fromkeys(meaningful))


def fts5_query(keys: list[str]) -> str:
    """An SQLite FTS5 query for documents holding every key, the last as a prefix.

    Each key is a quoted string, so nothing in it (``NEAR``, ``*``, ``:``, parentheses) is read
    as syntax."""
    quoted = ['"' + key.replace('"', '""') + '"' for key in keys]
    return " ".join([*quoted[:-1], quoted[-1] + " *"]) if quoted else ""


def tsquery_text(keys: list[str]) -> str:
    """A PostgreSQL ``to_tsquery`` text for documents holding every key, the last as a prefix.

    Each key is a quoted lexeme, so nothing in it (``&``, ``|``, ``!``, ``:``) is an operator."""
    quoted = ["'" + key.replace("\\", "\\\\").replace("'", "''") + "'" for key in keys]
    return " & ".join([*quoted[:-1], quoted[-1] + ":*"]) if quoted else ""
