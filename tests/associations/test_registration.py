"""Sign-up of an association: each validation rule, translated errors, input kept."""

from __future__ import annotations

import pytest

from app.associations.models import Association
from app.associations.validators import bin_check_digit, is_valid_bin
from app.auth.models import User
from app.extensions import db
from tests.factories import make_account, make_association, registration_form


def post_registration(client, lang="en", **overrides):
    with client.application.app_context():
        data = registration_form(**overrides)
    return client.post(f"/{lang}/auth/register", data=data)


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_sign_up_creates_a_pending_association_with_its_focus_tasks(app, client):
    assert post_registration(client).status_code == 200
    with app.app_context():
        association = db.session.scalars(db.select(Association)).one()
        assert association.status == "pending"
        assert association.slug == "qazaqstan-koreilerinin-qauymdastygy"
        assert [t.number for t in association.focus_tasks] == [2, 6]
        assert association.bin == "940140000385"
        user = db.session.scalars(db.select(User)).one()
        assert user.association_id == association.id
        assert user.locale == "en"
        assert user.email_confirmed_at is None


def test_slug_is_made_unique_and_stays_when_the_name_changes(app, client):
    with app.app_context():
        make_association(slug="qazaqstan-koreilerinin-qauymdastygy")
        db.session.commit()
    post_registration(client, bin=None)
    with app.app_context():
        slugs = set(db.session.scalars(db.select(Association.slug)))
    assert "qazaqstan-koreilerinin-qauymdastygy-2" in slugs


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"name_kk": "", "name_ru": ""},
            "name_ru",
            "Enter the official name in Kazakh or in Russian.",
        ),
        ({"email": "not-an-address"}, "email", "Enter a valid e-mail address"),
        ({"email": ""}, "email", "Enter your e-mail address."),
        ({"password": "short", "confirm": "short"}, "password", "at least 10 characters"),
        ({"confirm": "something else entirely"}, "confirm", "The passwords do not match."),
        ({"community_id": ""}, "community_id", "Choose the ethnic community."),
        ({"region_id": ""}, "region_id", "Choose the region."),
        ({"locality": ""}, "locality", "Enter the locality."),
        ({"bin": "940140000386"}, "bin", "This is not a valid BIN"),
        ({"bin": "12345"}, "bin", "This is not a valid BIN"),
        ({"bin": "94014000038a"}, "bin", "This is not a valid BIN"),
        ({"founded_year": "1850"}, "founded_year", "Enter a year between 1900 and"),
        ({"founded_year": "next year"}, "founded_year", "Not a valid integer value."),
        ({"legal_form": "branch"}, "parent_id", "Choose the association this branch belongs to."),
        ({"website": "javascript:alert(1)"}, "website", "starting with https:// or http://"),
        ({"website": "ftp://files.example.kz"}, "website", "starting with https:// or http://"),
        ({"contact_email": "info@"}, "contact_email", "Enter a valid e-mail address"),
        ({"focus_tasks": []}, "focus_tasks", "Choose at least one statutory task."),
        ({"focus_tasks": ["9"]}, "focus_tasks", "is not a valid choice"),
    ],
)
def test_each_rule_shows_its_error_next_to_the_field_and_keeps_the_input(
    app, client, overrides, field, message
):
    response = post_registration(client, **overrides)
    assert response.status_code == 200
    assert count(app, Association) == 0
    page = response.text
    assert f'id="{field}-error"' in page
    error_paragraph = page.split(f'id="{field}-error">', 1)[1].split("</p>", 1)[0]
    assert message in error_paragraph
    assert 'value="Алматы"' in page or overrides.get("locality") == ""
    assert "correct horse battery" not in page  # passwords are never sent back


def test_other_community_needs_its_name(app, client):
    with app.app_context():
        other = str(
            db.session.scalar(
                db.select(db.text("id"))
                .select_from(db.text("ethnic_communities"))
                .where(db.text("code = 'other'"))
            )
        )
    response = post_registration(client, community_id=other)
    assert "Name the community." in response.text
    post_registration(client, community_id=other, community_other="Қарақалпақтар")
    assert count(app, Association) == 1


def test_errors_are_translated(client):
    response = post_registration(client, lang="ru", bin="940140000386", focus_tasks=[])
    assert "Это неверный БИН" in response.text
    assert "Выберите хотя бы одну уставную задачу." in response.text


def test_a_taken_e_mail_is_answered_as_a_new_one_and_creates_nothing(app, client):
    # The owner is mailed instead (tests/auth/test_account_privacy.py): the page tells no one
    # which addresses have accounts.
    with app.app_context():
        make_account(email="chair@example.kz")
        db.session.commit()
    response = post_registration(client, email="Chair@Example.kz")
    assert response.status_code == 200
    assert "already exists" not in response.text
    assert "Chair@Example.kz" in response.text
    assert count(app, Association) == 0


def test_duplicate_bin_is_an_error_not_a_crash(app, client):
    with app.app_context():
        make_association(bin="940140000385")
        db.session.commit()
    response = post_registration(client)
    assert "An association with this BIN is already registered." in response.text


def test_markdown_description_is_sanitised(app, client):
    post_registration(
        client,
        description_kk="<script>alert(1)</script> [сілтеме](javascript:alert(2)) **мәтін**",
    )
    with app.app_context():
        association = db.session.scalars(db.select(Association)).one()
        association.status = "approved"
        slug = association.slug
        db.session.commit()
    page = client.get(f"/kk/associations/{slug}").text
    assert "<script>alert(1)" not in page
    assert 'href="javascript:' not in page
    assert "<strong>мәтін</strong>" in page


@pytest.mark.parametrize("value", ["940140000385", "990140004654"])
def test_valid_bins(value):
    assert is_valid_bin(value)


@pytest.mark.parametrize(
    "value",
    ["940140000386", "990140004655", "94014000038", "9401400003850", "941340000385", "", "ⅠⅡ"],
)
def test_invalid_bins(value):
    assert not is_valid_bin(value)


def test_bin_check_digit_uses_the_second_weights_when_the_first_give_ten():
    # Only digit 10 is set: the first weights give 1·10 = 10, so the second weights decide,
    # where digit 10 weighs 1.
    assert bin_check_digit("00000000010") == 1


def test_bin_without_a_possible_check_digit_is_invalid():
    # Some prefixes give 10 with both weightings: no twelfth digit can make them valid.
    candidates = (f"{n:011d}" for n in range(10**6))
    impossible = next(d for d in candidates if bin_check_digit(d) is None)
    assert not any(is_valid_bin(impossible + str(last)) for last in range(10))
