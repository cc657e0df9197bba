"""Moderators decide on associations: approval, rejection, profile changes; admins suspend."""

from __future__ import annotations

import email

import pytest

from app.associations.models import Association
from app.audit import AuditEntry
from app.extensions import db
from tests.factories import make_account, make_association


@pytest.fixture
def pending(app):
    with app.app_context():
        association = make_association(status="pending", slug="waiting", name_kk="Күтуші")
        make_account(email="chair@example.kz", association=association, locale="ru")
        db.session.commit()
        return association.id


def association(app, association_id) -> Association:
    with app.app_context():
        row = db.session.get(Association, association_id)
        db.session.expunge(row)
        return row


def mails(outbox):
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))]


def body(message) -> str:
    return message.get_payload(decode=True).decode()


def audit_entries(app, action):
    with app.app_context():
        return list(db.session.scalars(db.select(AuditEntry).filter_by(action=action)))


def test_pending_association_is_in_the_queue_with_its_age(app, moderator, pending):
    page = moderator.get("/en/moderation").text
    assert "Күтуші" in page
    assert "New association" in page
    assert "waiting" in page


def test_approving_makes_it_public_mails_the_association_and_is_logged(
    app, moderator, pending, outbox
):
    version = association(app, pending).version
    response = moderator.post(
        f"/en/moderation/association/{pending}/decide",
        data={"action": "approve", "version": version},
    )
    assert response.status_code == 303
    assert association(app, pending).status == "approved"
    assert moderator.get("/kk/associations/waiting").status_code == 200
    (message,) = mails(outbox)
    assert message["To"] == "chair@example.kz"
    assert "/ru/dashboard" in body(message)
    (entry,) = audit_entries(app, "association.approve")
    assert (entry.state_before, entry.state_after) == ("pending", "approved")
    with app.app_context():
        assert db.session.get(AuditEntry, entry.id).actor.email == "mod@example.kz"


def test_rejecting_needs_a_reason_which_the_association_then_sees(
    app, moderator, pending, outbox, client
):
    version = association(app, pending).version
    response = moderator.post(
        f"/en/moderation/association/{pending}/decide",
        data={"action": "reject", "version": version, "reason": " "},
    )
    assert response.status_code == 200
    assert "Give a reason" in response.text
    assert association(app, pending).status == "pending"
    moderator.post(
        f"/en/moderation/association/{pending}/decide",
        data={
            "action": "reject",
            "version": version,
            "reason": "Укажите полное официальное название.",
        },
    )
    assert association(app, pending).status == "rejected"
    assert "Укажите полное официальное название." in body(mails(outbox)[0])
    assert audit_entries(app, "association.reject")[0].reason == (
        "Укажите полное официальное название."
    )


def test_after_a_decision_the_moderator_lands_on_the_next_item(app, moderator, pending):
    with app.app_context():
        second = make_association(status="pending", slug="second").id
        db.session.commit()
    version = association(app, pending).version
    response = moderator.post(
        f"/en/moderation/association/{pending}/decide",
        data={"action": "approve", "version": version},
    )
    assert response.headers["Location"] == f"/en/moderation/association/{second}"
    response = moderator.post(
        f"/en/moderation/association/{pending}/decide",
        data={"action": "approve", "version": version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409  # already decided: the conflict is shown


def test_a_decision_on_something_decided_meanwhile_shows_who_decided(app, moderator, pending):
    seen = association(app, pending).version
    moderator.post(
        f"/en/moderation/association/{pending}/decide", data={"action": "approve", "version": seen}
    )
    response = moderator.post(
        f"/en/moderation/association/{pending}/decide",
        data={"action": "reject", "version": seen, "reason": "Жоқ"},
    )
    assert response.status_code == 409
    assert "mod@example.kz" in response.text
    assert "association.approve" in response.text
    assert association(app, pending).status == "approved"


def test_profile_changes_are_published_or_refused(app, moderator, outbox):
    with app.app_context():
        row = make_association(
            slug="koreans", name_kk="Ескі атау", pending_changes={"name_kk": "Жаңа атау"}
        )
        make_account(email="chair@example.kz", association=row)
        db.session.commit()
        association_id, version = row.id, row.version
    page = moderator.get(f"/en/moderation/profile_change/{association_id}").text
    assert "Ескі атау" in page and "Жаңа атау" in page
    moderator.post(
        f"/en/moderation/profile_change/{association_id}/decide",
        data={"action": "approve", "version": version},
    )
    row = association(app, association_id)
    assert (row.name_kk, row.pending_changes) == ("Жаңа атау", None)
    assert len(mails(outbox)) == 1


def test_admin_suspends_and_reinstates_an_association(app, admin, moderator, outbox):
    with app.app_context():
        row = make_association(slug="koreans", name_kk="Сеул достары")
        make_account(email="chair@example.kz", association=row)
        db.session.commit()
        association_id = row.id
    url = f"/en/moderation/associations/{association_id}"
    assert moderator.post(f"{url}/suspend", data={"reason": "Тексеріс"}).status_code == 403
    admin.post(f"{url}/suspend", data={"reason": "Тексеріс жүргізілуде"})
    assert association(app, association_id).status == "suspended"
    assert admin.get("/kk/associations/koreans").status_code == 200  # moderators still see it
    assert "Сеул достары" not in admin.application.test_client().get("/kk/associations").text
    assert audit_entries(app, "association.suspend")[0].reason == "Тексеріс жүргізілуде"
    admin.post(f"{url}/reinstate")
    assert association(app, association_id).status == "approved"
    assert len(mails(outbox)) == 2


def test_admin_marks_an_association_trusted(app, admin):
    with app.app_context():
        association_id = make_association(slug="koreans").id
        db.session.commit()
    admin.post(f"/en/moderation/associations/{association_id}/trust")
    assert association(app, association_id).is_trusted
    admin.post(f"/en/moderation/associations/{association_id}/distrust")
    assert not association(app, association_id).is_trusted
    assert [e.action for e in audit_entries(app, "association.trust")] == ["association.trust"]


def test_admin_deactivates_a_moderator(app, admin, moderator):
    with app.app_context():
        from app.auth.models import User

        moderator_id = db.session.scalars(
            db.select(User.id).filter_by(email="mod@example.kz")
        ).one()
    assert moderator.post(f"/en/moderation/moderators/{moderator_id}/deactivate").status_code == 403
    admin.post(f"/en/moderation/moderators/{moderator_id}/deactivate")
    assert moderator.get("/en/moderation").status_code == 302
    assert audit_entries(app, "account.deactivate")


def test_internal_notes_stay_internal(app, moderator, pending):
    moderator.post(
        f"/en/moderation/association/{pending}/notes", data={"text": "БСН-ді тексеру керек"}
    )
    assert "БСН-ді тексеру керек" in moderator.get(f"/en/moderation/association/{pending}").text
    member = moderator.application.test_client()
    from tests.conftest import log_in

    log_in(member, "chair@example.kz")
    assert "БСН-ді тексеру керек" not in member.get("/en/dashboard").text


def test_the_log_lists_decisions_with_filters(app, moderator, pending):
    version = association(app, pending).version
    moderator.post(
        f"/en/moderation/association/{pending}/decide",
        data={"action": "approve", "version": version},
    )
    page = moderator.get("/en/moderation/log?action=association.approve").text
    assert "association.approve" in page and "mod@example.kz" in page
    fragment = moderator.get("/en/moderation/log?action=event.", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text
    assert "No entry matches these filters." in fragment.text


def test_navigation_shows_the_number_waiting(app, moderator, pending):
    page = moderator.get("/en/").text
    assert 'class="count-badge">1<' in page


def test_the_dashboard_shows_each_decision_with_its_reason(app, moderator):
    with app.app_context():
        row = make_association(slug="koreans", pending_changes={"name_kk": "Жаңа атау"})
        make_account(email="chair@example.kz", association=row)
        db.session.commit()
        association_id, version = row.id, row.version
    moderator.post(
        f"/en/moderation/profile_change/{association_id}/decide",
        data={"action": "reject", "version": version, "reason": "Атау жарғыдағыдай болуы керек"},
    )
    member = app.test_client()
    from tests.conftest import log_in

    log_in(member, "chair@example.kz")
    page = member.get("/en/dashboard").text
    assert "The changes to your profile were not accepted" in page
    assert "Атау жарғыдағыдай болуы керек" in page


@pytest.mark.parametrize(("action", "reason"), [("approve", None), ("reject", "Атау қате")])
def test_each_profile_change_decision_is_mailed_and_logged(app, moderator, outbox, action, reason):
    with app.app_context():
        row = make_association(slug="koreans", name_kk="Ескі", pending_changes={"name_kk": "Жаңа"})
        make_account(email="chair@example.kz", association=row)
        db.session.commit()
        association_id, version = row.id, row.version
    data = {"action": action, "version": version, **({"reason": reason} if reason else {})}
    moderator.post(f"/en/moderation/profile_change/{association_id}/decide", data=data)
    row = association(app, association_id)
    assert row.name_kk == ("Жаңа" if action == "approve" else "Ескі")
    assert row.pending_changes is None
    (message,) = mails(outbox)
    if reason:
        assert reason in body(message)
    (entry,) = audit_entries(app, f"association.{action}_changes")
    assert entry.reason == reason
    assert entry.details == {"fields": {"name_kk": "Жаңа"}}
