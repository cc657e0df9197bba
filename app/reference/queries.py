"""Reference rows in the order people expect to see them."""

from __future__ import annotations

from app.extensions import db
from app.reference.models import EthnicCommunity, Region, StatutoryTask


def all_tasks() -> list[StatutoryTask]:
    return list(db.session.scalars(db.select(StatutoryTask).order_by(StatutoryTask.number)))


def regions_by_name() -> list[Region]:
    """Regions alphabetically in the page's language."""
    return sorted(db.session.scalars(db.select(Region)), key=lambda r: r.name.casefold())


def communities_by_name() -> list[EthnicCommunity]:
    """Communities alphabetically in the page's language, "other" last."""
    return sorted(
        db.session.scalars(db.select(EthnicCommunity)),
        key=lambda c: (c.is_other, c.name.casefold()),
    )
