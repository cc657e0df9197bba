"""The mandate's long texts, one TOML file per language beside this module.

Kazakh is the seed text verbatim; Russian and English are translations of it. Long content lives
here rather than in gettext catalogs, which are for interface strings.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CONTENT_DIR = Path(__file__).parent


@dataclass(frozen=True)
class Section:
    title: str
    body: str


@dataclass(frozen=True)
class TaskText:
    number: int
    short: str
    text: str


@dataclass(frozen=True)
class TimelineItem:
    date: str
    text: str


@dataclass(frozen=True)
class MandateContent:
    name: str
    lead: str
    history: Section
    law: Section
    goal: Section
    edition_note: str
    timeline: Section
    timeline_items: tuple[TimelineItem, ...]
    tasks: Section
    task_texts: tuple[TaskText, ...]

    def task(self, number: int) -> TaskText:
        return next(task for task in self.task_texts if task.number == number)


@cache
def load_content(lang: str) -> MandateContent:
    with (CONTENT_DIR / f"{lang}.toml").open("rb") as handle:
        doc = tomllib.load(handle)
    return MandateContent(
        name=doc["assembly"]["name"],
        lead=doc["assembly"]["lead"].strip(),
        history=Section(doc["history"]["title"], doc["history"]["body"].strip()),
        law=Section(doc["law"]["title"], doc["law"]["body"].strip()),
        goal=Section(doc["goal"]["title"], doc["goal"]["text"].strip()),
        edition_note=doc["edition"]["note"].strip(),
        timeline=Section(doc["timeline"]["title"], ""),
        timeline_items=tuple(TimelineItem(**item) for item in doc["timeline"]["items"]),
        tasks=Section(doc["tasks_intro"]["title"], doc["tasks_intro"]["lead"].strip()),
        task_texts=tuple(
            TaskText(number=task["number"], short=task["short"], text=task["text"].strip())
            for task in doc["task"]
        ),
    )
