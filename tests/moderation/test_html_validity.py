"""Moderation and event-management pages are valid HTML in every language."""

from __future__ import annotations

from app.events.models import Event
from app.extensions import db
from tests.checkers import validate_html
from tests.conftest import log_in
from tests.factories import event_form
from tests.moderation.pages import MEMBER_PAGES, build_pages_world


def test_moderation_and_management_pages_have_no_html_errors(app, tmp_path):
    with app.app_context():
        pages = build_pages_world()
        published = db.session.scalars(
            db.select(Event).filter_by(title_kk="Жарияланған шара")
        ).one()
        invalid_event = event_form(title_kk="", title_ru="", task_number=None, capacity="x")
        edit_url = f"/dashboard/events/{published.id}/edit"
        report_url = f"/events/{published.id}-{published.slug}/report"
    admin, member = app.test_client(), app.test_client()
    log_in(admin, "admin@example.kz")
    log_in(member, "member@example.kz")
    documents = {}
    for lang in ("kk", "ru", "en"):
        for name, path in pages.items():
            documents[f"{lang} {name}"] = admin.get(f"/{lang}{path}").text
        documents[f"{lang} decision errors"] = admin.post(
            f"/{lang}{pages['event']}/decide", data={"action": "reject"}
        ).text
        for path in (*MEMBER_PAGES, edit_url):
            documents[f"{lang} {path}"] = member.get(f"/{lang}{path}").text
        documents[f"{lang} event form errors"] = member.post(
            f"/{lang}/dashboard/events/new", data=invalid_event
        ).text
        documents[f"{lang} report"] = member.get(f"/{lang}{report_url}").text
    assert all("<html" in html for html in documents.values())
    errors = validate_html(documents, tmp_path)
    assert errors == [], "\n".join(
        f"{e['page']}:{e.get('lastLine')}: {e['message']}" for e in errors
    )
