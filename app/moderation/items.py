"""The kinds of item a moderator decides on: how to load each, and which lifecycle it follows.

What may be decided, and what needs a reason, is always the item's own state machine's answer;
nothing here lists actions again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort

from app.associations import lifecycle as association_lifecycle
from app.associations.models import Association
from app.events import lifecycle as event_lifecycle
from app.events.models import Event, EventRevision, Report
from app.extensions import db
from app.lifecycle import StateMachine
from app.moderation import decisions


@dataclass(frozen=True)
class Kind:
    model: type
    template: str
    # The machine whose decisions apply, and the item's state in it.
    machines: Callable[[object], list[tuple[StateMachine, str]]]
    decide: Callable

    def actions(self, item) -> set[str]:
        """The decisions a moderator may take on ``item`` now."""
        return set().union(
            *(machine.decisions_from(state) for machine, state in self.machines(item))
        )

    def needs_reason(self, item, action: str) -> bool:
        return any(machine.needs_reason(action) for machine, _ in self.machines(item))


def _report_machines(report: Report) -> list[tuple[StateMachine, str]]:
    machines = [(event_lifecycle.REPORT, report.status)]
    if not event_lifecycle.EVENT.allows(report.event.status, "unpublish"):
        # Already off the site or never public: only dismissing is left.
        machines = [(event_lifecycle.REPORT.restricted_to({"dismiss"}), report.status)]
    return machines


def _trusted_machines(event: Event) -> list[tuple[StateMachine, str]]:
    return [
        (event_lifecycle.POST_REVIEW, event_lifecycle.post_review_state(event)),
        (event_lifecycle.EVENT.restricted_to({"unpublish"}), event.status),
    ]


KINDS: dict[str, Kind] = {
    "association": Kind(
        Association,
        "moderation/review_association.html",
        lambda item: [(association_lifecycle.ASSOCIATION, item.status)],
        decisions.decide_association,
    ),
    "profile_change": Kind(
        Association,
        "moderation/review_association.html",
        lambda item: [
            (association_lifecycle.PROFILE_CHANGE, association_lifecycle.profile_change_state(item))
        ],
        decisions.decide_profile_change,
    ),
    "event": Kind(
        Event,
        "moderation/review_event.html",
        lambda item: [(event_lifecycle.EVENT, item.status)],
        decisions.decide_event,
    ),
    "trusted": Kind(
        Event, "moderation/review_event.html", _trusted_machines, decisions.decide_trusted
    ),
    "revision": Kind(
        EventRevision,
        "moderation/review_revision.html",
        lambda item: [(event_lifecycle.REVISION, item.status)],
        decisions.decide_revision,
    ),
    "report": Kind(
        Report, "moderation/review_report.html", _report_machines, decisions.decide_report
    ),
}


def load(kind: str, item_id: int):
    spec = KINDS.get(kind) or abort(404)
    item = db.session.get(spec.model, item_id) or abort(404)
    return spec, item
