from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TimestampMixin

if TYPE_CHECKING:
    from app.associations.models import Association


class Role(enum.StrEnum):
    ASSOCIATION = "association"
    MODERATOR = "moderator"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.ASSOCIATION: _l("Association member"),
    Role.MODERATOR: _l("Moderator"),
    Role.ADMIN: _l("Administrator"),
}


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        String(20), default=Role.ASSOCIATION, server_default=Role.ASSOCIATION.value
    )
    locale: Mapped[str] = mapped_column(String(5), default="kk", server_default="kk")
    is_active_account: Mapped[bool] = mapped_column(default=True, server_default=true())
    email_confirmed_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    # Part of every session and remember-me cookie (get_id); bumped by log-out, a password change
    # and deactivation (services.end_sessions), so that every cookie issued before stops working.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"), index=True)

    association: Mapped[Association | None] = relationship(back_populates="members")

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS[Role(self.role)])

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.email}>"
