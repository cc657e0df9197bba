from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Text,
    false,
    inspect,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.associations.models import Association
from app.auth.models import User
from app.caching import affects_public_pages
from app.db import Base, TimestampMixin, utcnow
from app.i18n import localized
from app.reference.models import Region, StatutoryTask


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    CHANGES_REQUESTED = "changes_requested"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"
    UNPUBLISHED = "unpublished"


# The one definition of which events the public sees (cancelled ones stay, marked as such),
# as long as their association is public too: see Event.is_public.
PUBLIC_EVENT_STATUSES = frozenset({EventStatus.APPROVED, EventStatus.CANCELLED})
# Lists find what is on now by its start, through an index: so an event has a longest length.
LONGEST_EVENT = timedelta(days=92)


def listed_for(event_status: str, association_public: bool) -> bool:
    """Whether an event in ``event_status`` of a public (or not) association is public."""
    return event_status in PUBLIC_EVENT_STATUSES and association_public


# Statuses whose reason is a moderator's word to the association (a cancellation's is its own).
MODERATOR_REASON_STATUSES = frozenset(
    {EventStatus.REJECTED, EventStatus.CHANGES_REQUESTED, EventStatus.UNPUBLISHED}
)

REVISION_ATTENTION_STATUSES = frozenset(
    {EventStatus.SUBMITTED, EventStatus.CHANGES_REQUESTED, EventStatus.REJECTED}
)

# What an event's status is called wherever a person sees it (a revision's too).
EVENT_STATUS_LABELS = {
    EventStatus.DRAFT: _l("Draft"),
    EventStatus.SUBMITTED: _l("Waiting for review"),
    EventStatus.APPROVED: _l("Published"),
    EventStatus.REJECTED: _l("Rejected"),
    EventStatus.CHANGES_REQUESTED: _l("Changes requested"),
    EventStatus.WITHDRAWN: _l("Withdrawn"),
    EventStatus.CANCELLED: _l("Cancelled"),
    EventStatus.UNPUBLISHED: _l("Taken off the site"),
}


class EventFormat(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


FORMAT_LABELS = {
    EventFormat.IN_PERSON: _l("In person"),
    EventFormat.ONLINE: _l("Online"),
    EventFormat.HYBRID: _l("In person and online"),
}
# The languages an event is held in: a code and its held_in_<code> column.
LANGUAGE_LABELS = {
    "kk": _l("Kazakh"),
    "ru": _l("Russian"),
    "en": _l("English"),
    "other": _l("Other languages"),
}
# What the organisers provide for accessibility: a key and its column.
ACCESS_LABELS = {
    "step_free": _l("Step-free access"),
    "sign_language": _l("Sign language interpretation"),
    "translation": _l("Simultaneous translation"),
}
ACCESS_ATTRIBUTES = {
    "step_free": "has_step_free_access",
    "sign_language": "has_sign_language",
    "translation": "has_simultaneous_translation",
}


def _public_before_or_after(event: Event) -> bool:
    """Whether a write to ``event`` can change a public page: it is in a public state now, or
    was before the write (a draft, a submission, a rejection are seen by no visitor)."""
    earlier = inspect(event).attrs.status.history.deleted
    return any(status in PUBLIC_EVENT_STATUSES for status in (event.status, *earlier))


@affects_public_pages(when=_public_before_or_after)
class Event(TimestampMixin, Base):
    """An event of an association, advancing exactly one statutory task."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("format IN ('in_person', 'online', 'hybrid')", name="format_known"),
        CheckConstraint(
            "status IN ('draft', 'withdrawn') OR (task_number IS NOT NULL"
            " AND starts_at IS NOT NULL AND ends_at IS NOT NULL)",
            name="complete_unless_draft",
        ),
        # The public list: what is on from a time, soonest first, whole or by task or region.
        Index("ix_events_listed_starts", "is_listed", "starts_at", "ends_at", "id"),
        Index("ix_events_listed_task_starts", "is_listed", "task_number", "starts_at", "ends_at"),
        Index("ix_events_listed_region_starts", "is_listed", "region_id", "starts_at", "ends_at"),
        Index("ix_events_listed_association", "is_listed", "association_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    # Drafts may lack the task and times; submission requires them (see lifecycle.py).
    task_number: Mapped[int | None] = mapped_column(
        ForeignKey("statutory_tasks.number"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=EventStatus.DRAFT, index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    slug: Mapped[str] = mapped_column(String(120))
    title_kk: Mapped[str | None] = mapped_column(String(300))
    title_ru: Mapped[str | None] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    description_kk: Mapped[str | None] = mapped_column(Text)
    description_ru: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    starts_at: Mapped[datetime | None] = mapped_column(index=True)
    ends_at: Mapped[datetime | None]
    timezone: Mapped[str] = mapped_column(String(40), default="Asia/Almaty")
    format: Mapped[str] = mapped_column(String(20), default=EventFormat.IN_PERSON)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    locality: Mapped[str | None] = mapped_column(String(120))
    venue_address: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))
    held_in_kk: Mapped[bool] = mapped_column(default=False, server_default=false())
    held_in_ru: Mapped[bool] = mapped_column(default=False, server_default=false())
    held_in_en: Mapped[bool] = mapped_column(default=False, server_default=false())
    held_in_other: Mapped[bool] = mapped_column(default=False, server_default=false())
    registration_url: Mapped[str | None] = mapped_column(String(500))
    capacity: Mapped[int | None]
    has_step_free_access: Mapped[bool] = mapped_column(default=False, server_default=false())
    has_sign_language: Mapped[bool] = mapped_column(default=False, server_default=false())
    has_simultaneous_translation: Mapped[bool] = mapped_column(
        default=False, server_default=false()
    )
    submitted_at: Mapped[datetime | None]
    approved_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    # Trusted associations' events are approved by the rules and reviewed afterwards.
    is_auto_approved: Mapped[bool] = mapped_column(default=False, server_default=false())
    post_reviewed_at: Mapped[datetime | None]
    # iCalendar SEQUENCE: rises with each approved revision.
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Maintained copy of is_public for queries; never set by hand (see listing.py).
    is_listed: Mapped[bool] = mapped_column(default=False, server_default=false())

    association: Mapped[Association] = relationship()
    task: Mapped[StatutoryTask | None] = relationship()
    region: Mapped[Region | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @hybrid_property
    def is_public(self) -> bool:
        """Anyone may see it: on the list, its page, the feeds and its association's page.

        In SQL it is ``is_listed``, a column kept equal to :func:`listed_for` on every write
        (``app/events/listing.py``), so public queries need no join and can use an index.
        """
        return listed_for(self.status, self.association.is_public)

    @is_public.inplace.expression
    @classmethod
    def _is_public_expression(cls) -> ColumnElement[bool]:
        return cls.is_listed.is_(True)

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def status_label(self) -> str:
        return str(EVENT_STATUS_LABELS[EventStatus(self.status)])

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def moderator_reason(self) -> str | None:
        return self.status_reason if self.status in MODERATOR_REASON_STATUSES else None

    @property
    def takes_place_in_person(self) -> bool:
        return self.format != EventFormat.ONLINE

    @property
    def takes_place_online(self) -> bool:
        return self.format != EventFormat.IN_PERSON

    @property
    def format_label(self) -> str:
        return str(FORMAT_LABELS[EventFormat(self.format)])

    @property
    def held_in_labels(self) -> list[str]:
        """The languages it is held in, as labels, in the list's order."""
        return [
            str(label)
            for code, label in LANGUAGE_LABELS.items()
            if getattr(self, f"held_in_{code}")
        ]

    @property
    def access_labels(self) -> list[str]:
        """What the organisers provide for accessibility, as labels."""
        return [
            str(label)
            for key, label in ACCESS_LABELS.items()
            if getattr(self, ACCESS_ATTRIBUTES[key])
        ]

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.status}>"


class EventRevision(Base):
    """Proposed changes to an approved event; the approved version stays public meanwhile."""

    __tablename__ = "event_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=EventStatus.SUBMITTED, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    is_auto_approved: Mapped[bool] = mapped_column(default=False, server_default=false())
    post_reviewed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    event: Mapped[Event] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def status_label(self) -> str:
        return str(EVENT_STATUS_LABELS[EventStatus(self.status)])

    @property
    def moderator_reason(self) -> str | None:
        return self.reason if self.status in MODERATOR_REASON_STATUSES else None

    @property
    def needs_attention(self) -> bool:
        """The association should see where its latest changes stand: waiting or refused."""
        return self.status in REVISION_ATTENTION_STATUSES


class ReportReason(enum.StrEnum):
    MISLEADING = "misleading"
    OFFENSIVE = "offensive"
    EXTREMISM = "extremism"
    SPAM = "spam"
    OTHER = "other"


REPORT_REASON_LABELS = {
    ReportReason.MISLEADING: _l("Wrong or misleading information"),
    ReportReason.OFFENSIVE: _l("Offensive or discriminatory content"),
    ReportReason.EXTREMISM: _l("Calls to extremism or hatred"),
    ReportReason.SPAM: _l("Advertising or spam"),
    ReportReason.OTHER: _l("Something else"),
}


class ReportStatus(enum.StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"
    UNPUBLISHED = "unpublished"


REPORT_STATUS_LABELS = {
    ReportStatus.OPEN: _l("Waiting for a moderator"),
    ReportStatus.DISMISSED: _l("Dismissed"),
    ReportStatus.UNPUBLISHED: _l("Event taken off the site"),
}


class Report(Base):
    """A visitor's report that a public event breaks the rules; it joins the moderation queue."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    event: Mapped[Event] = relationship()
    decided_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def status_label(self) -> str:
        return str(REPORT_STATUS_LABELS[ReportStatus(self.status)])

    @property
    def reason_label(self) -> str:
        return str(REPORT_REASON_LABELS[ReportReason(self.reason)])
