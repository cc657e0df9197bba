from __future__ import annotations

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.caching import affects_public_pages
from app.db import Base
from app.i18n import localized


class LocalizedNameMixin:
    name_kk: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))

    @property
    def name(self) -> str:
        return localized(self, "name")


@affects_public_pages
class StatutoryTask(Base):
    """One of the six tasks of Art. 4 of the Law of 20 October 2008 (original wording)."""

    __tablename__ = "statutory_tasks"
    __table_args__ = (CheckConstraint("number BETWEEN 1 AND 6", name="number_range"),)

    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    short_kk: Mapped[str] = mapped_column(String(80))
    short_ru: Mapped[str] = mapped_column(String(80))
    short_en: Mapped[str] = mapped_column(String(80))
    text_kk: Mapped[str] = mapped_column(Text)
    text_ru: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)

    @property
    def short(self) -> str:
        return localized(self, "short")

    @property
    def text(self) -> str:
        return localized(self, "text")

    def __repr__(self) -> str:
        return f"<StatutoryTask {self.number}>"


@affects_public_pages
class Region(LocalizedNameMixin, Base):
    """A region or a city of republican significance, by its ISO 3166-2:KZ code."""

    __tablename__ = "regions"
    __table_args__ = (CheckConstraint("kind IN ('region', 'city')", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    iso_code: Mapped[str] = mapped_column(String(8), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    centre_kk: Mapped[str | None] = mapped_column(String(100))
    centre_ru: Mapped[str | None] = mapped_column(String(100))
    centre_en: Mapped[str | None] = mapped_column(String(100))

    def __repr__(self) -> str:
        return f"<Region {self.iso_code}>"


@affects_public_pages
class EthnicCommunity(LocalizedNameMixin, Base):
    __tablename__ = "ethnic_communities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    # "Other" lets an association name a community that is not on the list.
    is_other: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return f"<EthnicCommunity {self.code}>"
