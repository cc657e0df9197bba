"""Rows of every kind for the moderation and event-management pages' validity checks."""

from __future__ import annotations

from app.auth.models import Role
from app.events.models import EventRevision, Report
from app.extensions import db
from app.moderation.models import ModeratorNote
from tests.factories import make_account, make_association, make_event


def build_pages_world() -> dict[str, str]:
    """Returns the moderation URLs (without language) to check, one per kind of page."""
    association = make_association(slug="koreans", description_kk="**Корей** мәдениеті")
    member = make_account(email="member@example.kz", association=association)
    admin = make_account(email="admin@example.kz", role=Role.ADMIN)
    make_account(email="mod@example.kz", role=Role.MODERATOR)
    pending = make_association(slug="pending", status="pending")
    changed = make_association(
        slug="changed", pending_changes={"name_kk": "Жаңа атау", "community_id": 1}
    )
    submitted = make_event(
        association,
        status="submitted",
        title_kk="Қаралатын шара",
        description_ru="*Описание*",
        capacity=40,
    )
    trusted = make_event(association, title_kk="Сенімді шара", is_auto_approved=True)
    published = make_event(association, title_kk="Жарияланған шара")
    revision = EventRevision(
        event=published,
        status="submitted",
        data={"title_kk": "Түзетілген", "capacity": 90, "has_sign_language": True},
    )
    report = Report(event=published, reason="misleading", text="Күні қате")
    db.session.add_all([revision, report])
    db.session.flush()
    db.session.add(
        ModeratorNote(
            subject_type="events", subject_id=submitted.id, author_id=admin.id, text="Тексеру керек"
        )
    )
    make_event(association, status="changes_requested", status_reason="Мекенжай қажет")
    make_event(association, status="draft", task_number=None, starts_at=None, ends_at=None)
    db.session.commit()
    assert member.id
    return {
        "queue": "/moderation",
        "association": f"/moderation/association/{pending.id}",
        "profile_change": f"/moderation/profile_change/{changed.id}",
        "event": f"/moderation/event/{submitted.id}",
        "trusted": f"/moderation/trusted/{trusted.id}",
        "revision": f"/moderation/revision/{revision.id}",
        "report": f"/moderation/report/{report.id}",
        "log": "/moderation/log",
        "moderators": "/moderation/moderators",
        "approved association": f"/moderation/association/{association.id}",
    }


MEMBER_PAGES = ["/dashboard", "/dashboard/events", "/dashboard/events/new"]
