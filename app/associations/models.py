from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ColumnElement, ForeignKey, String, Table, Text, false
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.caching import affects_public_pages
from app.db import Base, TimestampMixin
from app.i18n import localized
from app.reference.models import EthnicCommunity, Region, StatutoryTask

if TYPE_CHECKING:
    from app.auth.models import User


class AssociationStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


# The one definition of which associations the public sees (profile, directory, their events).
PUBLIC_ASSOCIATION_STATUSES = frozenset({AssociationStatus.APPROVED})

ASSOCIATION_STATUS_LABELS = {
    AssociationStatus.PENDING: _l("Waiting for approval"),
    AssociationStatus.APPROVED: _l("Approved"),
    AssociationStatus.REJECTED: _l("Rejected"),
    AssociationStatus.SUSPENDED: _l("Suspended"),
}


class AssociationLevel(enum.StrEnum):
    REPUBLICAN = "republican"
    REGIONAL = "regional"
    CITY = "city"
    DISTRICT = "district"


class LegalForm(enum.StrEnum):
    PUBLIC_ASSOCIATION = "public_association"
    ASSOCIATION_OF_LEGAL_ENTITIES = "association_of_legal_entities"
    BRANCH = "branch"


LEVEL_LABELS = {
    AssociationLevel.REPUBLICAN: _l("Republican"),
    AssociationLevel.REGIONAL: _l("Regional"),
    AssociationLevel.CITY: _l("City"),
    AssociationLevel.DISTRICT: _l("District"),
}
LEGAL_FORM_LABELS = {
    LegalForm.PUBLIC_ASSOCIATION: _l("Public association"),
    LegalForm.ASSOCIATION_OF_LEGAL_ENTITIES: _l("Association of legal entities"),
    LegalForm.BRANCH: _l("Branch of another association"),
}


association_focus_tasks = Table(
    "association_focus_tasks",
    Base.metadata,
    Column("association_id", ForeignKey("associations.id"), primary_key=True),
    Column("task_number", ForeignKey("statutory_tasks.number"), primary_key=True),
)


@affects_public_pages
class Association(TimestampMixin, Base):
    """An ethnocultural association: the organiser of events."""

    __tablename__ = "associations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=AssociationStatus.PENDING, index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    name_kk: Mapped[str | None] = mapped_column(String(300))
    name_ru: Mapped[str | None] = mapped_column(String(300))
    community_id: Mapped[int] = mapped_column(ForeignKey("ethnic_communities.id"), index=True)
    community_other: Mapped[str | None] = mapped_column(String(120))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    locality: Mapped[str] = mapped_column(String(120))
    bin: Mapped[str | None] = mapped_column(String(12), unique=True)
    founded_year: Mapped[int | None]
    level: Mapped[str] = mapped_column(String(20))
    legal_form: Mapped[str] = mapped_column(String(40))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"))
    chairperson: Mapped[str | None] = mapped_column(String(200))
    description_kk: Mapped[str | None] = mapped_column(Text)
    description_ru: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(String(500))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    is_trusted: Mapped[bool] = mapped_column(default=False, server_default=false())
    approved_at: Mapped[datetime | None]
    # Name, BIN or community changes of an approved association wait here for review.
    pending_changes: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    # Optimistic locking: two moderators deciding at once cannot both win.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    community: Mapped[EthnicCommunity] = relationship()
    region: Mapped[Region] = relationship()
    parent: Mapped[Association | None] = relationship(remote_side=[id])
    focus_tasks: Mapped[list[StatutoryTask]] = relationship(
        secondary=association_focus_tasks, order_by=StatutoryTask.number
    )
    members: Mapped[list[User]] = relationship(back_populates="association")

    __mapper_args__ = {"version_id_col": version}

    @hybrid_property
    def is_public(self) -> bool:
        """Its profile and its public events are on the site."""
        return self.status in PUBLIC_ASSOCIATION_STATUSES

    @is_public.inplace.expression
    @classmethod
    def _is_public_expression(cls) -> ColumnElement[bool]:
        return cls.status.in_(PUBLIC_ASSOCIATION_STATUSES)

    @property
    def name(self) -> str:
        """The name in the visitor's language where given (names exist in kk and ru only)."""
        return localized(self, "name")

    @property
    def status_label(self) -> str:
        return str(ASSOCIATION_STATUS_LABELS[AssociationStatus(self.status)])

    def __repr__(self) -> str:
        return f"<Association {self.slug}>"
