"""Idempotent loading of reference rows: run it any number of times, it only adds or updates."""

from __future__ import annotations

import csv
from pathlib import Path

from app.extensions import db
from app.mandate.content import load_content
from app.reference.models import EthnicCommunity, Region, StatutoryTask

DATA_DIR = Path(__file__).parent / "data"


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _upsert(model, key: str, rows: list[dict]) -> int:
    existing = {getattr(obj, key): obj for obj in db.session.scalars(db.select(model))}
    changed = 0
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            db.session.add(model(**row))
            changed += 1
            continue
        for field, value in row.items():
            if getattr(obj, field) != value:
                setattr(obj, field, value)
                changed += 1
    return changed


def task_rows() -> list[dict]:
    content = {lang: load_content(lang) for lang in ("kk", "ru", "en")}
    rows = []
    for number in range(1, 7):
        row: dict = {"number": number}
        for lang, doc in content.items():
            task = doc.task(number)
            row[f"short_{lang}"] = task.short
            row[f"text_{lang}"] = task.text
        rows.append(row)
    return rows


def region_rows() -> list[dict]:
    return [
        {
            "iso_code": row["iso_code"],
            "kind": row["kind"],
            **{f"name_{lang}": row[f"name_{lang}"] for lang in ("kk", "ru", "en")},
            **{f"centre_{lang}": row[f"centre_{lang}"] or None for lang in ("kk", "ru", "en")},
        }
        for row in _read_csv("regions.csv")
    ]


def community_rows() -> list[dict]:
    return [{**row, "is_other": row["code"] == "other"} for row in _read_csv("communities.csv")]


def load_reference_data() -> dict[str, int]:
    """Insert missing rows and correct changed ones; returns the number of changes per kind."""
    changes = {
        "tasks": _upsert(StatutoryTask, "number", task_rows()),
        "regions": _upsert(Region, "iso_code", region_rows()),
        "communities": _upsert(EthnicCommunity, "code", community_rows()),
    }
    db.session.commit()
    return changes
