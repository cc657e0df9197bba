"""Requests an attacker crafts, and outages of what the app leans on: a forged Host, a proxy in
front, Redis gone, huge bodies, odd query keys and ids, and mail subjects that must arrive
whole."""

from __future__ import annotations

import email
import logging
import re
from email.policy import default as default_policy

import pytest

from app.auth.models import Role
from app.config import load_config
from app.extensions import db, limiter
from app.mail import send_message
from tests.conftest import log_in
from tests.factories import make_account, make_association, make_event, registration_form

SITE = "https://events.assembly.kz"
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def make_app(app, app_with, database_url):
    """Another app on the suite's database, configured otherwise.

    What making an app changes for the whole process is put back afterwards: the rate limiter,
    one object that each app binding it reconfigures, is bound to the suite's app again, on
    fresh memory, out of the fallback a dead Redis left; and logging is left as it was found.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level

    def make(**overrides):
        return app_with(database_url, **{**overrides, "SQLALCHEMY_DATABASE_URI": database_url})

    yield make
    limiter.init_app(app)
    limiter._storage_dead = False  # Flask-Limiter has no public way to say "storage is back"
    root.handlers[:] = handlers
    root.setLevel(level)


# -- Host: production answers for its own host only --------------------------------------------


def test_production_answers_400_to_a_foreign_host_and_serves_its_own(make_app, tmp_path):
    env = {
        "APP_ENV": "production",
        "SECRET_KEY": "3f9c1a7be2d84f60a5c3e9d17b2f48c6e0a9d3b57f1c2e84a6b0d9f3c7e15a28",
        "BASE_URL": SITE,
        "INSTANCE_DIR": str(tmp_path),
    }
    production = make_app(**load_config(env))
    client = production.test_client()
    for path in ("/kk/", "/kk/events", "/kk/no-such-page", "/"):
        assert client.get(path, base_url="https://evil.example").status_code == 400, path
        assert client.get(path, headers={"Host": "evil.example"}).status_code == 400, path
    assert client.post("/kk/auth/reset", base_url="https://evil.example").status_code == 400
    assert client.get("/kk/", base_url=SITE).status_code == 200
    assert client.get("/kk/", base_url=f"{SITE}:443").status_code == 200


# -- A proxy in front: limits count the visitor's address, not the proxy's ---------------------


def login_attempts(client, count: int, forwarded_for: str | None = None) -> list[int]:
    """Wrong passwords for ``count`` different accounts: only the per-address limit counts."""
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return [
        client.post(
            "/kk/auth/login",
            data={"email": f"guess{n}@example.kz", "password": "wrong password"},
            headers=headers,
        ).status_code
        for n in range(count)
    ]


def test_behind_one_proxy_each_visitor_is_limited_on_their_own(make_app):
    proxied = make_app(PROXY_COUNT=1, AUTH_RATE_LIMIT_PER_IP="2 per minute")
    client = proxied.test_client()
    assert login_attempts(client, 3, "203.0.113.1") == [200, 200, 429]
    assert login_attempts(client, 1, "203.0.113.2") == [200]


def test_without_a_proxy_a_forwarded_address_is_not_believed(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "AUTH_RATE_LIMIT_PER_IP", "2 per minute")
    assert login_attempts(client, 2, "203.0.113.1") == [200, 200]
    assert login_attempts(client, 1, "203.0.113.2") == [429]


# -- Redis unreachable: limits fall back to memory, the page cache counts as empty -------------


@pytest.fixture
def without_redis(make_app):
    return make_app(
        RATELIMIT_STORAGE_URI=UNREACHABLE_REDIS,
        CACHE_TYPE="RedisCache",
        CACHE_REDIS_URL=UNREACHABLE_REDIS,
    )


def test_without_redis_limited_forms_still_answer(without_redis, caplog):
    with without_redis.app_context():
        event = make_event(slug="nauryz")
        make_account(email="chair@example.kz")
        db.session.commit()
        report_url = f"/kk/events/{event.id}-nauryz/report"
        sign_up = registration_form(email="new@example.kz")
    client = without_redis.test_client()
    with caplog.at_level(logging.WARNING):
        answers = {
            "log-in": client.post(
                "/kk/auth/login",
                data={"email": "chair@example.kz", "password": "correct horse battery"},
            ),
            "reset": client.post("/kk/auth/reset", data={"email": "chair@example.kz"}),
            "sign-up": client.post("/kk/auth/register", data=sign_up),
            "report": client.post(report_url, data={"reason": "spam"}),
        }
    for name, response in answers.items():
        assert response.status_code in {200, 302, 303}, name
    assert "Rate limit storage unreachable" in caplog.text


def test_without_redis_limits_still_count_in_memory(without_redis):
    without_redis.config["AUTH_RATE_LIMIT_PER_IP"] = "2 per minute"
    assert login_attempts(without_redis.test_client(), 3) == [200, 200, 429]


def test_without_redis_public_pages_are_served_uncached(without_redis, caplog, monkeypatch):
    from app import caching

    monkeypatch.setattr(caching, "_last_warning_at", 0.0)
    with without_redis.app_context():
        event = make_event(make_association(slug="koreans"), slug="nauryz")
        db.session.commit()
        paths = [
            "/kk/",
            "/kk/events",
            f"/kk/events/{event.id}-nauryz",
            "/kk/events.ics",
            "/kk/associations/koreans",
            "/kk/tasks/6",
        ]
    client = without_redis.test_client()
    with caplog.at_level(logging.WARNING):
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert client.get(path).status_code == 200, path
    assert "Page cache unavailable" in caplog.text


# -- Request size ------------------------------------------------------------------------------


def test_a_form_of_three_megabytes_is_refused_with_413(client):
    big = {"email": "chair@example.kz", "password": "x" * (3 * 1024 * 1024)}
    assert client.post("/kk/auth/login", data=big).status_code == 413
    # Written out by hand: the test client would spool it to a file it never closes.
    upload = b"\r\n".join(
        [
            b"--part",
            b'Content-Disposition: form-data; name="file"; filename="big.bin"',
            b"",
            b"x" * (3 * 1024 * 1024),
            b"--part--",
            b"",
        ]
    )
    response = client.post(
        "/kk/auth/login", data=upload, content_type="multipart/form-data; boundary=part"
    )
    assert response.status_code == 413


def test_a_refused_body_does_not_throw_the_limiter_off_its_storage(client):
    big = {"email": "chair@example.kz", "password": "x" * (3 * 1024 * 1024)}
    assert client.post("/kk/auth/login", data=big).status_code == 413
    assert limiter._storage_dead is False


def test_a_form_of_many_parts_is_refused_with_413(client):
    parts = {f"field{n}": "x" for n in range(1000)}
    response = client.post("/kk/auth/login", data=parts, content_type="multipart/form-data")
    assert response.status_code == 413


# -- Crafted query keys and ids ----------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["_anchor=x", "_method=POST", "_scheme=x", "_external=1", "endpoint=x", "lang_code=ru"],
)
def test_query_keys_that_url_for_reads_are_left_out_of_the_language_links(client, query):
    response = client.get(f"/kk/events?task=6&{query}")
    assert response.status_code == 200
    assert 'href="/ru/events?task=6"' in response.text
    assert 'href="/en/events?task=6"' in response.text


def test_a_query_key_named_like_a_path_part_does_not_replace_it(app, client):
    with app.app_context():
        event = make_event(slug="nauryz")
        db.session.commit()
        path = f"/kk/events/{event.id}-nauryz"
    response = client.get(f"{path}?event_id=abc&slug=other&_anchor=x")
    assert response.status_code == 200
    assert f'href="/ru/events/{event.id}-nauryz"' in response.text


HUGE = 99999999999999999999
PUBLIC_PATHS = [
    f"/kk/events/{HUGE}-x",
    f"/kk/events/{2**63}-x",
    f"/kk/events/{2**31}-x",
    f"/kk/events/{HUGE}-x.ics",
    f"/kk/events/{HUGE}-x/report",
    f"/kk/tasks/{HUGE}",
    "/kk/events/0-x",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_an_id_no_row_can_have_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_ids_too_big_for_a_row_are_404_for_staff_and_associations(app):
    with app.app_context():
        association = make_association()
        make_account(email="chair@example.kz", association=association)
        make_account(email="admin@example.kz", role=Role.ADMIN)
        db.session.commit()
    member, admin = app.test_client(), app.test_client()
    assert log_in(member, "chair@example.kz").status_code == 302
    assert log_in(admin, "admin@example.kz").status_code == 302
    requests = [
        (member, "get", f"/kk/dashboard/events/{HUGE}/edit"),
        (member, "post", f"/kk/dashboard/events/{HUGE}/withdraw"),
        (member, "post", f"/kk/dashboard/events/{HUGE}/cancel"),
        (admin, "get", f"/en/moderation/event/{HUGE}"),
        (admin, "post", f"/en/moderation/event/{HUGE}/decide"),
        (admin, "post", f"/en/moderation/report/{HUGE}/notes"),
        (admin, "post", f"/en/moderation/associations/{HUGE}/suspend"),
        (admin, "post", f"/en/moderation/moderators/{HUGE}/deactivate"),
    ]
    for client, method, path in requests:
        assert getattr(client, method)(path).status_code == 404, path


# -- Mail subjects arrive whole ----------------------------------------------------------------


@pytest.mark.parametrize(
    "subject",
    [
        "Бірлестік тіркелімі расталды — Қазақстан халқы Ассамблеясы",
        "Подтвердите адрес электронной почты — Ассамблея народа Казахстана, очень длинная тема",
        "Іс-шара жарияланды: «Наурыз мейрамы — ұлттық тағамдар мен ойындар» 😀 Алматы",
        "Reset your password",
        "A subject in plain English that is long enough to be folded over two lines or more",
    ],
)
def test_a_subject_decodes_to_exactly_what_was_written(app, outbox, subject):
    body = "Сәлеметсіз бе!\n\nhttps://events.assembly.kz/kk/dashboard\n"
    with app.test_request_context():
        path = send_message("chair@example.kz", subject, body, "auth/mail/confirm")
    raw = path.read_bytes()
    message = email.message_from_bytes(raw, policy=default_policy)
    assert message["Subject"] == subject
    assert message.get_content().replace("\r\n", "\n") == body
    # How older readers decode it: unfold the lines, then decode the words.
    folded = email.message_from_bytes(raw)["Subject"]
    decoded = email.header.make_header(
        email.header.decode_header(re.sub(r"\r\n(?=[ \t])", "", folded))
    )
    assert str(decoded) == subject
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78
