"""The audit log, for moderators: every decision and account change, newest first."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from sqlalchemy import select
from sqlalchemy.orm import aliased, selectinload

from app.audit import AuditEntry
from app.auth.models import User
from app.extensions import db
from app.moderation.views import bp
from app.params import bounded_int
from app.web import render

LOG_PAGE_SIZE = 50
SUBJECT_TYPES = ("associations", "events", "event_revisions", "reports", "users")


@dataclass(frozen=True)
class LogFilter:
    subject_type: str | None = None
    subject_id: int | None = None
    action: str = ""
    actor: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> LogFilter:
        subject_type = args.get("subject_type")
        subject_id = args.get("subject_id", "")
        page = args.get("page", "")
        return cls(
            subject_type=subject_type if subject_type in SUBJECT_TYPES else None,
            subject_id=bounded_int(subject_id, 1),
            action=args.get("action", "").strip()[:60],
            actor=args.get("actor", "").strip().lower()[:254],
            page=bounded_int(page, 1, 99_999) or 1,
        )

    def args(self, **changes) -> dict:
        values = {
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "action": self.action,
            "actor": self.actor,
            "page": self.page,
            **changes,
        }
        return {k: v for k, v in values.items() if v and not (k == "page" and v == 1)}

    @property
    def is_empty(self) -> bool:
        return not (self.subject_type or self.subject_id or self.action or self.actor)


def log_page(filters: LogFilter):
    actor = aliased(User)
    query = select(AuditEntry).outerjoin(actor, AuditEntry.actor_id == actor.id)
    if filters.subject_type:
        query = query.where(AuditEntry.subject_type == filters.subject_type)
    if filters.subject_id:
        query = query.where(AuditEntry.subject_id == filters.subject_id)
    if filters.action:
        query = query.where(AuditEntry.action.startswith(filters.action, autoescape=True))
    if filters.actor:
        query = query.where(actor.email.contains(filters.actor, autoescape=True))
    query = query.options(selectinload(AuditEntry.actor)).order_by(AuditEntry.id.desc())
    return db.paginate(query, page=filters.page, per_page=LOG_PAGE_SIZE, error_out=False)


@bp.get("/log")
def log():
    filters = LogFilter.from_args(request.args)
    return render(
        "moderation/log.html",
        fragment="results",
        filters=filters,
        page=log_page(filters),
        subject_types=SUBJECT_TYPES,
    )
