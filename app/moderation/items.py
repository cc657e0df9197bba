"""The kinds of item a moderator decides on: how to load each, what may be done, and how."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort

from app.associations.models import Association, AssociationStatus
from app.events.models import Event, EventRevision, EventStatus
from app.events.report_model import Report, ReportStatus
from app.extensions import db
from app.moderation import decisions


@dataclass(frozen=True)
class Kind:
    model: type
    template: str
    actions: Callable[[object], set[str]]
    decide: Callable


def _association_actions(item: Association) -> set[str]:
    return {"approve", "reject"} if item.status == AssociationStatus.PENDING else set()


def _profile_actions(item: Association) -> set[str]:
    return {"approve", "reject"} if item.pending_changes else set()


def _event_actions(item: Event) -> set[str]:
    if item.status == EventStatus.SUBMITTED:
        return {"approve", "reject", "request_changes"}
    return {"unpublish"} if item.status in (EventStatus.APPROVED, EventStatus.CANCELLED) else set()


def _trusted_actions(item: Event) -> set[str]:
    if item.status != EventStatus.APPROVED:
        return set()
    return {"reviewed", "unpublish"} if item.post_reviewed_at is None else {"unpublish"}


def _revision_actions(item: EventRevision) -> set[str]:
    return {"approve", "reject", "request_changes"} if item.status == "submitted" else set()


def _report_actions(item: Report) -> set[str]:
    return {"dismiss", "unpublish"} if item.status == ReportStatus.OPEN else set()


def _decide_trusted(event, action, moderator, reason, seen_version):
    if action == "reviewed":
        decisions.mark_reviewed(event, moderator, seen_version)
    else:
        decisions.decide_event(event, action, moderator, reason, seen_version)


KINDS: dict[str, Kind] = {
    "association": Kind(
        Association,
        "moderation/review_association.html",
        _association_actions,
        decisions.decide_association,
    ),
    "profile_change": Kind(
        Association,
        "moderation/review_association.html",
        _profile_actions,
        decisions.decide_profile_change,
    ),
    "event": Kind(Event, "moderation/review_event.html", _event_actions, decisions.decide_event),
    "trusted": Kind(Event, "moderation/review_event.html", _trusted_actions, _decide_trusted),
    "revision": Kind(
        EventRevision,
        "moderation/review_revision.html",
        _revision_actions,
        decisions.decide_revision,
    ),
    "report": Kind(
        Report, "moderation/review_report.html", _report_actions, decisions.decide_report
    ),
}


def load(kind: str, item_id: int):
    spec = KINDS.get(kind) or abort(404)
    item = db.session.get(spec.model, item_id) or abort(404)
    return spec, item
