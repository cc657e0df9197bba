"""The audit log, for moderators: every decision and account change, newest first."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from sqlalchemy import select
from sqlalchemy.orm import aliased, selectinload

from app.audit import AuditEntry
from app.auth.models import User
from app.extensions import db
from app.moderation import bp
from app.params import ListFilter, integer, one_of, param, text
from app.web import render

LOG_PAGE_SIZE = 50
SUBJECT_TYPES = ("associations", "events", "event_revisions", "reports", "users")


@dataclass(frozen=True)
class LogFilter(ListFilter):
    subject_type: str | None = param(one_of(SUBJECT_TYPES))
    subject_id: int | None = param(integer(1))
    action: str = param(text(60), default="")
    actor: str = param(text(254, lower=True), default="")


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
