"""No input makes the server answer 500: arbitrary text in every field of every form."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import limiter
from tests.conftest import log_in
from tests.factories import make_account, make_association, registration_form

# Printable text including Cyrillic, symbols and control characters browsers can send.
any_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300
)
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def fresh_client(app):
    """Each example starts with clean rate-limit counters, so every one reaches the form."""
    limiter.reset()
    return app.test_client()


def field_values(field_names):
    return st.fixed_dictionaries({}, optional={name: any_text for name in field_names})


REGISTRATION_FIELDS = (
    "email", "password", "confirm", "name_kk", "name_ru", "community_id", "community_other",
    "region_id", "locality", "bin", "founded_year", "level", "legal_form", "parent_id",
    "chairperson", "description_kk", "description_ru", "description_en", "website",
    "contact_email", "contact_phone", "focus_tasks",
)  # fmt: skip


@FUZZ
@given(values=field_values(REGISTRATION_FIELDS))
def test_registration_never_crashes(app, values):
    with app.app_context():
        data = {**registration_form(), **values}
    response = fresh_client(app).post("/ru/auth/register", data=data)
    assert response.status_code < 500


@FUZZ
@given(values=field_values(("email", "password", "remember")))
def test_login_never_crashes(app, values):
    assert fresh_client(app).post("/kk/auth/login", data=values).status_code < 500


@FUZZ
@given(values=field_values(("email",)))
def test_reset_request_never_crashes(app, values):
    assert fresh_client(app).post("/en/auth/reset", data=values).status_code < 500


@FUZZ
@given(values=field_values(REGISTRATION_FIELDS[3:]))
def test_profile_edit_never_crashes(app, values):
    client = fresh_client(app)
    with app.app_context():
        from app.extensions import db

        if not db.session.scalar(
            db.select(db.text("1"))
            .select_from(db.text("users"))
            .where(db.text("email = 'fuzz@example.kz'"))
        ):
            make_account(email="fuzz@example.kz", association=make_association())
            db.session.commit()
        data = {**registration_form(), **values}
    log_in(client, "fuzz@example.kz")
    assert client.post("/en/dashboard/profile", data=data).status_code < 500


@FUZZ
@given(values=field_values(("region", "community", "task", "q", "page")))
def test_directory_filters_never_crash(app, values):
    response = fresh_client(app).get("/kk/associations", query_string=values)
    assert response.status_code == 200
