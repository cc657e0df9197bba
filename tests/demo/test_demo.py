"""`flask demo load`: realistic, varied, valid demo data that a second run leaves alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.associations.models import Association, AssociationStatus
from app.associations.validators import is_valid_bin
from app.audit import AuditEntry
from app.auth.models import Role
from app.auth.services import find_user
from app.demo.commands import demo_cli
from app.demo.loader import (
    DATA_FILE,
    DEMO_ADMIN_EMAIL,
    DEMO_ASSOCIATION_EMAIL,
    DEMO_MODERATOR_EMAIL,
    DEMO_PASSWORD,
    DemoDataError,
    association_email,
    read_demo_data,
)
from app.extensions import db
from tests.conftest import REFERENCE_TABLES

# The worked examples of the BIN rule; demo data must not pass them off as its own.
EXAMPLE_BINS = {"940140000385", "990140004654"}


@pytest.fixture
def loaded(app, runner) -> str:
    result = runner.invoke(demo_cli, ["load"])
    assert result.exit_code == 0, result.output
    return result.output


def _associations() -> list[Association]:
    return list(db.session.scalars(sa.select(Association).order_by(Association.slug)))


def _snapshot(app) -> dict[str, list]:
    """Every row of every non-reference table, so that any change at all shows."""
    with app.app_context():
        return {
            table.name: sorted(map(tuple, db.session.execute(table.select())), key=repr)
            for table in db.metadata.sorted_tables
            if table.name not in REFERENCE_TABLES
        }


def test_load_creates_varied_associations(app, loaded):
    with app.app_context():
        associations = _associations()
        assert 18 <= len(associations) <= 22
        assert len({a.region.iso_code for a in associations}) >= 12
        assert len({a.community.code for a in associations}) >= 12
        assert {a.status for a in associations} == {"approved", "pending", "rejected"}
        assert {a.level for a in associations} == {"republican", "regional", "city", "district"}
        assert {a.legal_form for a in associations} == {
            "public_association", "association_of_legal_entities", "branch",
        }  # fmt: skip
        for association in associations:
            assert 1 <= len(association.focus_tasks) <= 4
            assert association.name_kk or association.name_ru
            assert (association.approved_at is not None) == (association.status == "approved")
            assert (association.status_reason is not None) == (association.status == "rejected")
            assert (association.parent is not None) == (association.legal_form == "branch")
            members = {user.email for user in association.members}
            assert association_email(association.slug) in members


def test_every_demo_bin_is_valid_and_unique(app, loaded):
    with app.app_context():
        with_bin = [a for a in _associations() if a.bin]
        bins = [a.bin for a in with_bin]
        assert len(bins) >= 8
        assert all(is_valid_bin(value) for value in bins)
        assert len(set(bins)) == len(bins)
        assert not EXAMPLE_BINS & set(bins)
        # Digit 6 tells a head unit (0) from a branch (1).
        for association in with_bin:
            assert association.bin[5] == ("1" if association.legal_form == "branch" else "0")


def test_demo_accounts_have_their_roles_and_are_confirmed(app, loaded):
    expected = {
        DEMO_ASSOCIATION_EMAIL: Role.ASSOCIATION,
        DEMO_MODERATOR_EMAIL: Role.MODERATOR,
        DEMO_ADMIN_EMAIL: Role.ADMIN,
    }
    with app.app_context():
        for email, role in expected.items():
            user = find_user(email)
            assert user is not None and user.role == role
            assert user.email_confirmed_at is not None
        demo = find_user(DEMO_ASSOCIATION_EMAIL).association
        assert demo.status == AssociationStatus.APPROVED
        assert demo.region.iso_code == "KZ-75"


def test_reviews_are_in_the_audit_log(app, loaded):
    with app.app_context():
        actions = list(db.session.scalars(sa.select(AuditEntry.action)))
        statuses = [a.status for a in _associations()]
    assert actions.count("association.register") == len(statuses)
    assert actions.count("association.approve") == statuses.count("approved")
    assert actions.count("association.reject") == statuses.count("rejected")


def test_output_names_the_demo_logins(loaded):
    assert "created" in loaded
    for line in (
        f"Association: {DEMO_ASSOCIATION_EMAIL} / {DEMO_PASSWORD}",
        f"Moderator: {DEMO_MODERATOR_EMAIL} / {DEMO_PASSWORD}",
        f"Admin: {DEMO_ADMIN_EMAIL} / {DEMO_PASSWORD}",
    ):
        assert line in loaded


def test_a_second_load_changes_nothing(app, runner, loaded):
    before = _snapshot(app)
    result = runner.invoke(demo_cli, ["load"])
    assert result.exit_code == 0, result.output
    assert "associations: 0 created" in result.output
    assert "users: 0 created" in result.output
    assert _snapshot(app) == before


def test_the_demo_association_logs_in_through_the_form(app, client, loaded):
    response = client.post(
        "/kk/auth/login", data={"email": DEMO_ASSOCIATION_EMAIL, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/kk/dashboard"
    dashboard = client.get("/kk/dashboard")
    assert dashboard.status_code == 200
    with app.app_context():
        assert find_user(DEMO_ASSOCIATION_EMAIL).association.name_kk in dashboard.text


def test_the_directory_lists_approved_associations_only(app, client, loaded):
    page = client.get("/kk/associations").text
    with app.app_context():
        associations = _associations()
    for association in associations:
        link = f'href="/kk/associations/{association.slug}"'
        assert (link in page) == (association.status == AssociationStatus.APPROVED)


def test_refuses_to_load_in_production(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "APP_ENV", "production")
    result = runner.invoke(demo_cli, ["load"])
    assert result.exit_code != 0
    assert "production" in result.output
    with app.app_context():
        assert _associations() == []


def test_the_data_file_passes_its_own_checks():
    entries, demo_key = read_demo_data(DATA_FILE)
    assert demo_key in {entry["key"] for entry in entries}


EXTRA_ENTRY = {
    "key": "extra", "status": "pending", "name_ru": "Проверка", "community": "korean",
    "region": "KZ-75", "locality": "Алматы", "level": "city",
    "legal_form": "public_association", "focus_tasks": [6],
}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"bin": "900640004170"}, "used twice"),  # the first association's BIN
        ({"bin": "900640004171"}, "invalid BIN"),
        ({"legal_form": "branch", "parent": "nowhere"}, "must come earlier"),
        ({"legal_form": "branch"}, "names its parent"),
        ({"focus_tasks": [6, 7]}, "focus_tasks"),
        ({"status": "rejected"}, "needs a reason"),
        ({"chair": "Кто-то"}, "unknown field chair"),
    ],
)
def test_contradictory_data_is_refused(tmp_path: Path, change: dict, message: str):
    # JSON's strings, numbers and lists of numbers are TOML as well.
    lines = [f"{name} = {json.dumps(value, ensure_ascii=False)}"
             for name, value in {**EXTRA_ENTRY, **change}.items()]  # fmt: skip
    path = tmp_path / "associations.toml"
    path.write_text(
        DATA_FILE.read_text(encoding="utf-8") + "\n[[associations]]\n" + "\n".join(lines),
        encoding="utf-8",
    )
    with pytest.raises(DemoDataError, match=message):
        read_demo_data(path)
