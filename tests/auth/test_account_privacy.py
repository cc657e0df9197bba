"""Which addresses have accounts is nobody's business: reset, confirmation and sign-up answer a
known address exactly as an unknown one, as fast, and only the owner learns anything, by mail."""

from __future__ import annotations

import pytest

from app.associations.models import Association
from app.auth.services import answer_sign_up_with_taken_email, find_user
from app.extensions import db
from app.outbox import OutgoingMail
from tests.auth.test_email_links import read_mail
from tests.events.test_query_count import counted_statements
from tests.factories import make_account, registration_form


@pytest.fixture
def account(app):
    with app.app_context():
        make_account(email="chair@example.kz", locale="ru")
        make_account(email="new@example.kz", email_confirmed_at=None)
        db.session.commit()


def answer(client, url: str, data: dict):
    """Status, headers that matter, body and flashed messages: all a visitor can see."""
    response = client.post(url, data=data, buffered=True)
    with client.session_transaction() as session:
        flashed = session.pop("_flashes", [])
    return response.status_code, response.headers.get("Location"), response.text, flashed


def mail_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(OutgoingMail))


def test_reset_answers_a_known_and_an_unknown_address_alike(app, client, account, outbox):
    known = answer(client, "/en/auth/reset", {"email": "chair@example.kz"})
    unknown = answer(client, "/en/auth/reset", {"email": "nobody@example.kz"})
    assert known == unknown
    assert known[0] == 302
    assert "a link to reset the password is on its way" in known[3][0][1]
    assert [message["To"] for message in read_mail(outbox)] == ["chair@example.kz"]


def test_reset_does_the_same_work_for_any_address_and_mails_after_answering(
    app, client, account, outbox
):
    """Nothing that depends on the address happens before the answer: not even a look-up."""
    responses, statements = {}, {}
    for address in ("chair@example.kz", "nobody@example.kz"):
        with counted_statements(app) as statements[address]:
            responses[address] = client.post("/en/auth/reset", data={"email": address})
    assert statements["chair@example.kz"] == statements["nobody@example.kz"]
    assert read_mail(outbox) == [] and mail_count(app) == 0  # not yet
    for response in responses.values():
        response.close()  # what a WSGI server does once the answer is sent
    assert [message["To"] for message in read_mail(outbox)] == ["chair@example.kz"]


def test_confirmation_resend_answers_alike_and_mails_only_a_waiting_address(
    app, client, account, outbox
):
    answers = [
        answer(client, "/en/auth/confirm/resend", {"resend-email": address})
        for address in ("new@example.kz", "chair@example.kz", "nobody@example.kz")
    ]
    assert answers[0] == answers[1] == answers[2]
    assert [message["To"] for message in read_mail(outbox)] == ["new@example.kz"]


def register(client, email: str):
    with client.application.app_context():
        data = registration_form(email=email, bin=None)
    return client.post("/en/auth/register", data=data, buffered=True)


def test_sign_up_with_a_taken_address_answers_as_for_a_new_one(app, client, account, outbox):
    taken = register(client, "chair@example.kz")
    new = register(client, "someone.else@example.kz")
    assert taken.status_code == new.status_code == 200
    assert taken.text.replace("chair@example.kz", "ADDRESS") == new.text.replace(
        "someone.else@example.kz", "ADDRESS"
    )
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Association)) == 1
    recipients = {message["To"]: message for message in read_mail(outbox)}
    assert set(recipients) == {"chair@example.kz", "someone.else@example.kz"}
    assert "/ru/auth/reset" in recipients["chair@example.kz"].get_payload(decode=True).decode()


def test_the_owner_of_a_taken_address_is_told_in_their_language(app, account, outbox):
    with app.test_request_context("/en/auth/register"):
        answer_sign_up_with_taken_email(find_user("chair@example.kz"), "whatever was typed")
        db.session.commit()
    (message,) = read_mail(outbox)
    assert message["To"] == "chair@example.kz"
    body = message.get_payload(decode=True).decode()
    assert "/ru/auth/login" in body
    assert "/ru/auth/reset" in body
