"""Read-only queries over associations that the public may see."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.associations.models import Association, AssociationStatus, association_focus_tasks
from app.extensions import db

PUBLIC_ASSOCIATION_STATUSES = (AssociationStatus.APPROVED,)


def approved_associations(task_number: int | None = None) -> list[Association]:
    query = select(Association).where(Association.status.in_(PUBLIC_ASSOCIATION_STATUSES))
    if task_number is not None:
        query = query.where(
            Association.id.in_(
                select(association_focus_tasks.c.association_id).where(
                    association_focus_tasks.c.task_number == task_number
                )
            )
        )
    query = query.options(selectinload(Association.region), selectinload(Association.community))
    return list(db.session.scalars(query.order_by(Association.name_kk, Association.id)))
