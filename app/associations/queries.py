"""Read-only queries over associations that the public may see."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.associations.models import Association, association_focus_tasks
from app.extensions import db
from app.params import CODE, REGION_CODE, ListFilter, integer, matching, param, text
from app.reference.models import EthnicCommunity, Region
from app.search import matches_text


def _focusing_on(task_number: int) -> ColumnElement[bool]:
    return Association.id.in_(
        select(association_focus_tasks.c.association_id).where(
            association_focus_tasks.c.task_number == task_number
        )
    )


def approved_associations(
    task_number: int | None = None, limit: int | None = None
) -> list[Association]:
    """Public associations by name; those naming ``task_number`` as a focus, when given."""
    query = select(Association).where(Association.is_public)
    if task_number is not None:
        query = query.where(_focusing_on(task_number))
    query = query.options(joinedload(Association.region), joinedload(Association.community))
    query = query.order_by(Association.name_kk, Association.id).limit(limit)
    return list(db.session.scalars(query))


def task_associations_by_region(task_number: int) -> list[tuple[Region, int]]:
    """How many public associations name the task as a focus, region by region, most first."""
    query = (
        select(Region, func.count(Association.id))
        .join(Association, Association.region_id == Region.id)
        .where(Association.is_public, _focusing_on(task_number))
        .group_by(Region.id)
    )
    counted = [(region, count) for region, count in db.session.execute(query)]
    return sorted(counted, key=lambda row: (-row[1], row[0].name))


def bin_taken(bin_value: str, except_id: int | None = None) -> bool:
    query = select(Association.id).where(Association.bin == bin_value)
    if except_id is not None:
        query = query.where(Association.id != except_id)
    return db.session.scalar(query) is not None


DIRECTORY_PAGE_SIZE = 20


@dataclass(frozen=True)
class DirectoryFilter(ListFilter):
    """The directory's filters as the URL gives them; unknown values are simply ignored."""

    region: str | None = param(matching(REGION_CODE))
    community: str | None = param(matching(CODE))
    task: int | None = param(integer(1, 6))
    q: str = param(text(200), default="")


def directory_page(filters: DirectoryFilter):
    """Approved associations matching the filters, sorted by name, one page of them."""
    query = select(Association).where(Association.is_public)
    if filters.region:
        query = query.join(Association.region).where(Region.iso_code == filters.region)
    if filters.community:
        query = query.join(Association.community).where(EthnicCommunity.code == filters.community)
    if filters.task:
        query = query.where(
            Association.id.in_(
                select(association_focus_tasks.c.association_id).where(
                    association_focus_tasks.c.task_number == filters.task
                )
            )
        )
    if filters.q:
        query = query.where(
            matches_text(
                filters.q,
                Association.name_kk,
                Association.name_ru,
                Association.locality,
                Association.chairperson,
            )
        )
    query = query.options(
        joinedload(Association.region),
        joinedload(Association.community),
        selectinload(Association.focus_tasks),
    ).order_by(func.coalesce(Association.name_kk, Association.name_ru), Association.id)
    return db.paginate(
        query, page=filters.page, per_page=DIRECTORY_PAGE_SIZE, error_out=False, count=True
    )


def public_association(slug: str) -> Association | None:
    """An association by slug with what its profile shows, in two statements: the row with
    its single-valued relations and tasks joined, then its members."""
    return (
        db.session.scalars(
            select(Association)
            .where(Association.slug == slug)
            .options(
                joinedload(Association.region),
                joinedload(Association.community),
                joinedload(Association.parent),
                joinedload(Association.focus_tasks),
                selectinload(Association.members),
            )
        )
        .unique()
        .first()
    )
