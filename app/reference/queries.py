"""Reference rows in the order people expect to see them.

They change only when ``flask reference load`` runs, so each process keeps them in memory for
the current generation of public pages (see app/caching.py) instead of asking on every page.
The rows are detached from any session and only read.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.caching import current_generation
from app.extensions import db
from app.reference.models import EthnicCommunity, Region, StatutoryTask

_kept: dict[tuple[type, str], list] = {}


def _rows(model: type) -> list:
    key = (model, current_generation())
    rows = _kept.get(key)
    if rows is None:
        # A session of their own: the request's session may hold the same rows, in use.
        with Session(db.engine) as session:
            rows = list(session.scalars(db.select(model)))
            session.expunge_all()
        for old in [k for k in _kept if k[0] is model]:
            del _kept[old]
        _kept[key] = rows
    return rows


def all_tasks() -> list[StatutoryTask]:
    return sorted(_rows(StatutoryTask), key=lambda task: task.number)


def regions_by_name() -> list[Region]:
    """Regions alphabetically in the page's language."""
    return sorted(_rows(Region), key=lambda r: r.name.casefold())


def communities_by_name() -> list[EthnicCommunity]:
    """Communities alphabetically in the page's language, "other" last."""
    return sorted(_rows(EthnicCommunity), key=lambda c: (c.is_other, c.name.casefold()))


def region_by_code(iso_code: str) -> Region | None:
    return next((region for region in _rows(Region) if region.iso_code == iso_code), None)


def community_by_code(code: str) -> EthnicCommunity | None:
    return next((community for community in _rows(EthnicCommunity) if community.code == code), None)
