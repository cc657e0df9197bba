from __future__ import annotations

import pytest

from app.auth.models import Role
from app.extensions import db
from tests.conftest import log_in
from tests.factories import make_account


@pytest.fixture
def moderator(app):
    """A logged-in moderator's client."""
    with app.app_context():
        make_account(email="mod@example.kz", role=Role.MODERATOR, locale="ru")
        db.session.commit()
    client = app.test_client()
    assert log_in(client, "mod@example.kz").status_code == 302
    return client


@pytest.fixture
def admin(app):
    with app.app_context():
        make_account(email="admin@example.kz", role=Role.ADMIN)
        db.session.commit()
    client = app.test_client()
    assert log_in(client, "admin@example.kz").status_code == 302
    return client
