"""The associations and account pages are valid HTML, in every language."""

from __future__ import annotations

from app.extensions import db
from tests.checkers import validate_html
from tests.conftest import log_in
from tests.factories import make_account, make_association, registration_form


def test_association_pages_have_no_html_errors(app, client, tmp_path):
    with app.app_context():
        association = make_association(
            slug="koreans",
            description_ru="*Курсы* корейского",
            website="https://koreans.example.kz",
            contact_phone="+7 727 000 00 00",
        )
        make_account(email="member@example.kz", association=association)
        db.session.commit()
        invalid_registration = registration_form(bin="1", email="x", focus_tasks=[])
    documents = {}
    for lang in ("kk", "ru", "en"):
        for path in (
            "/associations",
            "/associations?task=6&q=кор",
            "/associations/koreans",
            "/auth/register",
            "/auth/login",
            "/auth/reset",
            "/auth/confirm/forged",
        ):
            documents[f"/{lang}{path}"] = client.get(f"/{lang}{path}").text
        documents[f"/{lang}/auth/register (errors)"] = client.post(
            f"/{lang}/auth/register", data=invalid_registration
        ).text
    log_in(client, "member@example.kz")
    for lang in ("kk", "ru", "en"):
        for path in ("/dashboard", "/dashboard/profile", "/auth/password"):
            documents[f"/{lang}{path}"] = client.get(f"/{lang}{path}").text
    errors = validate_html(documents, tmp_path)
    assert errors == [], "\n".join(
        f"{e['page']}:{e.get('lastLine')}: {e['message']}" for e in errors
    )
