"""Reports from the public that a published event breaks the rules."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.db import Base, utcnow
from app.events.models import Event


class ReportReason(enum.StrEnum):
    MISLEADING = "misleading"
    OFFENSIVE = "offensive"
    EXTREMISM = "extremism"
    SPAM = "spam"
    OTHER = "other"


class ReportStatus(enum.StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"
    UNPUBLISHED = "unpublished"


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
