"""Texts of the national-scale demo set, composed from the phrase lists in ``scale.toml``.

Titles, descriptions and association names come in Kazakh, Russian and English, name real
places in the form each language needs there («Оралдағы …», «… в Уральске», «… in Oral»), and
use a community's word forms where a topic is about its language, songs or dances.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from app.slugs import make_slug

DATA_FILE = Path(__file__).with_name("scale.toml")
LANGS = ("kk", "ru", "en")


@dataclass(frozen=True)
class Place:
    iso_code: str
    locality: str  # as stored on rows: the Russian name, like the small demo set
    kk: str
    kk_loc: str  # «Оралда»
    kk_attr: str  # «Оралдағы»
    ru_loc: str  # «в Уральске»
    en: str

    @property
    def words(self) -> dict[str, str]:
        return {
            "kk_loc": self.kk_loc,
            "kk_attr": self.kk_attr,
            "ru_loc": self.ru_loc,
            "place_en": self.en,
        }


@dataclass(frozen=True)
class Community:
    code: str
    weight: float
    kk: str  # attributive: «корей»
    ru: str  # masculine adjective: «корейский»
    en: str

    @property
    def words(self) -> dict[str, str]:
        stem = self.ru[:-2]  # every adjective in the file ends in -кий
        return {
            "kk": self.kk,
            "ru_m_gen": stem + "ого",
            "ru_f_gen": stem + "ой",
            "Ru_m": _capital(self.ru),
            "Ru_n": _capital(stem + "ое"),
            "en": self.en,
        }


@dataclass(frozen=True)
class Topic:
    task: int
    weight: float
    texts: tuple[tuple[str, str], ...]  # (language, text) in LANGS order
    leads: tuple[tuple[str, str], ...]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class ScaleWords:
    """The phrase lists, read once, and the ways they are put together."""

    def __init__(self, path: Path = DATA_FILE) -> None:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        self.regions: dict[str, tuple[float, tuple[Place, ...]]] = {
            iso: (entry["weight"], tuple(Place(iso, **row) for row in entry["localities"]))
            for iso, entry in data["places"].items()
        }
        self.communities = tuple(
            Community(code, **entry) for code, entry in data["communities"].items()
        )
        self.topics = tuple(
            Topic(
                task=entry["task"],
                weight=entry.get("weight", 1),
                texts=tuple((lang, entry[lang]) for lang in LANGS),
                leads=tuple((lang, entry["lead"][lang]) for lang in LANGS),
            )
            for entry in data["topics"]
        )
        self.venues: list[str] = data["venues"]["addresses"]
        associations = data["associations"]
        self.association_names: list[dict[str, str]] = associations["patterns"]
        self.names: list[list[str]] = associations["names"]
        self.chairpersons: list[str] = associations["chairpersons"]
        self.association_description: dict[str, str] = associations["description"]
        self.sentences: dict[str, Any] = data["event_sentences"]
        self.reports: list[dict[str, str]] = data["reports"]
        self.reasons: dict[str, list[str]] = data["reasons"]

    # ── Associations ──────────────────────────────────────────────────────────────────────

    def association_texts(
        self, rng: random.Random, community: Community, place: Place
    ) -> dict[str, str]:
        """Names in kk, ru and en (en is not stored: event descriptions use it) and
        descriptions in the same three languages."""
        pattern = rng.choice(self.association_names)
        name, name_en = rng.choice(self.names)
        words = {**community.words, **place.words, "name": name, "name_en": name_en}
        # The English name stays lower case: it is only ever used inside a sentence.
        texts = {f"name_{lang}": pattern[lang].format(**words) for lang in LANGS}
        texts |= {f"name_{lang}": _capital(texts[f"name_{lang}"]) for lang in ("kk", "ru")}
        for lang in LANGS:
            own_name = texts[f"name_{lang}"] if lang != "en" else texts["name_en"]
            texts[f"description_{lang}"] = self.association_description[lang].format(
                **{**words, "name": own_name}
            )
        return texts

    # ── Events ────────────────────────────────────────────────────────────────────────────

    def event_titles(
        self, topic: Topic, community: Community, place: Place | None
    ) -> dict[str, str]:
        """Titles in every language; with a place, the title says where."""
        return dict(_titles(topic, community, place))

    def event_descriptions(
        self,
        rng: random.Random,
        topic: Topic,
        place: Place | None,
        organiser: dict[str, str],
        languages: tuple[str, ...],
    ) -> dict[str, str]:
        """A few sentences per language: what happens, where, who organises it."""
        leads = dict(topic.leads)
        closing = rng.choice(self.sentences["closing"]) if rng.random() < 0.7 else None
        where = self.sentences["place"] if place else self.sentences["online"]
        words = place.words if place else {}
        texts = {}
        for lang in languages:
            parts = [
                leads[lang],
                where[lang].format(**words),
                self.sentences["organiser"][lang].format(association=organiser[lang]),
            ]
            if closing:
                parts.append(closing[lang])
            texts[lang] = " ".join(parts)
        return texts


@cache
def _titles(topic: Topic, community: Community, place: Place | None) -> tuple[tuple[str, str], ...]:
    words = community.words
    titles = []
    for lang, text in topic.texts:
        text = text.format(**words)
        if place is None:
            titles.append((lang, _capital(text)))
        elif lang == "kk":
            titles.append((lang, f"{place.kk_attr} {text}"))
        elif lang == "ru":
            titles.append((lang, f"{_capital(text)} {place.ru_loc}"))
        else:
            titles.append((lang, f"{_capital(text)} in {place.en}"))
    return tuple(titles)


@cache
def title_slug(title: str) -> str:
    """The slug services give an event with this title; titles repeat, so it is computed once."""
    return make_slug(title) or "event"
