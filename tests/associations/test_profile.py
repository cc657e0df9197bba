"""The association's dashboard and profile edits, with the review rule for who it is."""

from __future__ import annotations

import pytest

from app.associations.models import Association
from app.audit import AuditEntry
from app.extensions import db
from tests.conftest import log_in
from tests.factories import make_account, make_association, registration_form


@pytest.fixture
def approved(app):
    with app.app_context():
        association = make_association(
            slug="koreans",
            name_kk="Корейлер",
            name_ru="Корейцы",
            bin="940140000385",
            locality="Алматы",
        )
        make_account(association=association)
        db.session.commit()
        return association.id


def profile_form(app, **overrides) -> dict:
    with app.app_context():
        data = registration_form(**{"name_kk": "Корейлер", "name_ru": "Корейцы", **overrides})
    for key in ("email", "password", "confirm"):
        data.pop(key)
    return data


def association(app, association_id) -> Association:
    with app.app_context():
        row = db.session.get(Association, association_id)
        db.session.expunge(row)
        return row


def test_dashboard_shows_the_state_and_the_rejection_reason(app, client):
    with app.app_context():
        rejected = make_association(status="rejected", status_reason="Укажите полное название.")
        make_account(association=rejected)
        db.session.commit()
    log_in(client, "chair@example.kz")
    page = client.get("/ru/dashboard").text
    assert "Отклонено" in page
    assert "Укажите полное название." in page


def test_other_edits_of_an_approved_association_publish_at_once(app, client, approved):
    log_in(client, "chair@example.kz")
    response = client.post(
        "/en/dashboard/profile", data=profile_form(app, locality="Қонаев", chairperson="Пак Виктор")
    )
    assert response.headers["Location"] == "/en/dashboard"
    row = association(app, approved)
    assert (row.locality, row.chairperson, row.pending_changes) == ("Қонаев", "Пак Виктор", None)
    assert "Пак Виктор" in client.get("/en/associations/koreans").text
    with app.app_context():
        actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert "association.update_profile" in actions


def test_name_bin_and_community_changes_wait_for_review(app, client, approved):
    log_in(client, "chair@example.kz")
    client.post(
        "/en/dashboard/profile", data=profile_form(app, name_kk="Жаңа атау", bin="990140004654")
    )
    row = association(app, approved)
    assert row.name_kk == "Корейлер"
    assert row.bin == "940140000385"
    assert row.pending_changes == {"name_kk": "Жаңа атау", "bin": "990140004654"}
    assert row.status == "approved"
    public = client.get("/kk/associations/koreans").text
    assert "Корейлер" in public and "Жаңа атау" not in public
    # The form shows what waits, so a second edit does not lose it.
    form = client.get("/en/dashboard/profile").text
    assert 'value="Жаңа атау"' in form


def test_editing_a_rejected_association_sends_it_back_for_review(app, client):
    with app.app_context():
        rejected = make_association(status="rejected", status_reason="Атауы толық емес.")
        make_account(association=rejected)
        db.session.commit()
        association_id = rejected.id
    log_in(client, "chair@example.kz")
    client.post("/en/dashboard/profile", data=profile_form(app, name_kk="Толық атауы"))
    row = association(app, association_id)
    assert (row.status, row.name_kk, row.status_reason) == ("pending", "Толық атауы", None)


def test_profile_form_errors_keep_the_input(app, client, approved):
    log_in(client, "chair@example.kz")
    response = client.post(
        "/en/dashboard/profile", data=profile_form(app, bin="123", chairperson="Пак Виктор")
    )
    assert response.status_code == 200
    assert "This is not a valid BIN" in response.text
    assert 'value="Пак Виктор"' in response.text
    assert association(app, approved).chairperson is None


def test_suspended_association_cannot_edit(app, client):
    with app.app_context():
        suspended = make_association(status="suspended", status_reason="Тексеріс")
        make_account(association=suspended)
        db.session.commit()
    log_in(client, "chair@example.kz")
    assert client.get("/en/dashboard/profile").status_code == 403
