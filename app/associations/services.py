"""Actions on associations: registration and profile changes, with their review rules."""

from __future__ import annotations

from typing import Any

from app.associations.lifecycle import (
    ASSOCIATION,
    apply_transition,
    profile_changes_wait_for_review,
)
from app.associations.models import Association, AssociationStatus
from app.audit import record
from app.auth.models import User
from app.auth.services import create_user
from app.extensions import db
from app.reference.models import StatutoryTask
from app.slugs import make_slug

PROFILE_FIELDS = (
    "name_kk", "name_ru", "community_id", "community_other", "region_id", "locality", "bin",
    "founded_year", "level", "legal_form", "parent_id", "chairperson", "description_kk",
    "description_ru", "description_en", "website", "contact_email", "contact_phone",
)  # fmt: skip
# Changing who the association is must be checked again before the public sees it.
REVIEWED_FIELDS = ("name_kk", "name_ru", "bin", "community_id", "community_other")


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {}
    for field in PROFILE_FIELDS:
        value = data.get(field)
        if isinstance(value, str):
            value = value.strip() or None
        cleaned[field] = value
    if cleaned.get("contact_email"):
        cleaned["contact_email"] = cleaned["contact_email"].lower()
    return cleaned


def _slug_taken(slug: str) -> bool:
    return db.session.scalar(db.select(Association.id).filter_by(slug=slug)) is not None


def _set_focus(association: Association, numbers: list[int]) -> None:
    association.focus_tasks = list(
        db.session.scalars(
            db.select(StatutoryTask)
            .where(StatutoryTask.number.in_(numbers))
            .order_by(StatutoryTask.number)
        )
    )


def register_association(data: dict[str, Any], email: str, password: str, locale: str) -> User:
    """A new account and its association, pending until a moderator approves it."""
    profile = _clean(data)
    association = Association(status=AssociationStatus.PENDING, **profile)
    association.slug = make_slug(profile["name_kk"] or profile["name_ru"], taken=_slug_taken)
    _set_focus(association, data["focus_tasks"])
    db.session.add(association)
    db.session.flush()
    user = create_user(email, password, locale=locale, association=association)
    record(user, "association.register", association, after=association.status)
    return user


def update_profile(association: Association, data: dict[str, Any], actor: User) -> set[str]:
    """Apply a profile edit; returns the fields that now wait for review.

    While pending or rejected the whole profile is under review anyway, so edits apply at once
    (and a rejected association goes back to the queue). For an approved association, changes
    to the name, BIN or community wait in ``pending_changes`` while the approved profile stays
    public; every other edit is published at once.
    """
    profile = _clean(data)
    waiting: set[str] = set()
    changed: dict[str, list] = {}
    pending = dict(association.pending_changes or {})
    for field, value in profile.items():
        current = getattr(association, field)
        if field in REVIEWED_FIELDS and profile_changes_wait_for_review(association):
            if value != current:
                pending[field] = value
                waiting.add(field)
            else:
                pending.pop(field, None)
        elif value != current:
            changed[field] = [current, value]
            setattr(association, field, value)
    old_focus = sorted(task.number for task in association.focus_tasks)
    if sorted(data["focus_tasks"]) != old_focus:
        changed["focus_tasks"] = [old_focus, sorted(data["focus_tasks"])]
        _set_focus(association, data["focus_tasks"])
    association.pending_changes = pending or None
    if changed:
        record(actor, "association.update_profile", association, details={"changed": changed})
    if waiting:
        record(
            actor, "association.request_review", association, details={"fields": sorted(waiting)}
        )
    if ASSOCIATION.allows(association.status, "resubmit"):
        apply_transition(association, "resubmit", actor)
    return waiting
