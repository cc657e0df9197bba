from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.associations.models import Association
from app.db import Base, TimestampMixin
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


class EventFormat(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


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

    association: Mapped[Association] = relationship()
    task: Mapped[StatutoryTask | None] = relationship()
    region: Mapped[Region | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def title(self) -> str:
        return localized(self, "title")

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
