"""The audit log: who did what to which item, state before and after, and why. Append-only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column()
    state_before: Mapped[str | None] = mapped_column(String(30))
    state_after: Mapped[str | None] = mapped_column(String(30))
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))

    # Named by string: the audit log is core and does not import the accounts feature.
    actor = relationship("User")

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} {self.subject_type}:{self.subject_id}>"


def record(
    actor,
    action: str,
    subject,
    *,
    before: str | None = None,
    after: str | None = None,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry; the caller's request commits it with the change it describes."""
    from app.extensions import db

    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        subject_type=subject.__tablename__,
        subject_id=subject.id,
        state_before=before,
        state_after=after,
        reason=reason,
        details=details,
    )
    db.session.add(entry)
    return entry
