"""Each event's page: who may see it, what it shows, and its schema.org description."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from app.associations.models import Association
from app.auth.models import Role
from app.extensions import db
from tests.conftest import log_in
from tests.factories import make_account, make_association, make_event, region

STARTS = datetime(2031, 5, 12, 13, 0, tzinfo=UTC)  # 18:00 in Almaty


def create_event(app, association_status="approved", **overrides) -> str:
    """An event's page path (without the language), committed."""
    with app.app_context():
        association = make_association(slug="koreans", status=association_status)
        values = {
            "slug": "nauryz",
            "title_en": "Nauryz evening",
            "description_ru": "Вечер **песен** и <b>танцев</b>",
            "starts_at": STARTS,
            "ends_at": datetime(2031, 5, 12, 16, 30, tzinfo=UTC),
        }
        values.update(overrides)
        event = make_event(association, **values)
        db.session.commit()
        return f"/events/{event.id}-{event.slug}"


def json_ld(page: str) -> dict:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(block)


@pytest.mark.parametrize("status", ["approved", "cancelled"])
def test_public_event_page_is_open_to_everyone(app, client, status):
    path = create_event(app, status=status)
    for lang in ("kk", "ru", "en"):
        response = client.get(f"/{lang}{path}")
        assert response.status_code == 200
        assert "noindex" not in response.text


@pytest.mark.parametrize(
    "status", ["draft", "submitted", "rejected", "changes_requested", "withdrawn"]
)
def test_unpublished_event_is_not_found(app, client, status):
    path = create_event(app, status=status)
    assert client.get(f"/en{path}").status_code == 404
    assert client.get(f"/en{path}.ics").status_code == 404


@pytest.mark.parametrize("association_status", ["pending", "rejected", "suspended"])
def test_event_of_an_association_not_approved_is_not_found(app, client, association_status):
    path = create_event(app, association_status=association_status)
    assert client.get(f"/en{path}").status_code == 404


def test_unknown_event_is_not_found(client, app):
    assert client.get("/en/events/999999-nothing").status_code == 404


def test_organiser_and_moderator_see_an_unpublished_event_with_its_status(app, client):
    path = create_event(app, status="submitted")
    with app.app_context():
        association = db.session.scalars(db.select(Association).filter_by(slug="koreans")).one()
        make_account(email="member@example.kz", association=association)
        make_account(email="moderator@example.kz", role=Role.MODERATOR)
        make_account(email="stranger@example.kz", association=make_association())
        db.session.commit()
    for email, expected in [
        ("member@example.kz", 200),
        ("moderator@example.kz", 200),
        ("stranger@example.kz", 404),
    ]:
        client.post("/en/auth/logout")
        log_in(client, email, lang="en")
        response = client.get(f"/en{path}")
        assert response.status_code == expected, email
        if expected == 200:
            assert "This event is not public." in response.text
            assert '<meta name="robots" content="noindex">' in response.text


def test_a_wrong_slug_redirects_permanently_to_the_canonical_address(app, client):
    path = create_event(app)
    event_id = path.split("/")[-1].split("-")[0]
    response = client.get(f"/kk/events/{event_id}-old-title")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/kk{path}"
    calendar = client.get(f"/kk/events/{event_id}-old-title.ics")
    assert calendar.status_code == 301
    assert calendar.headers["Location"] == f"/kk{path}.ics"


def test_page_shows_every_detail_in_the_visitors_language(app, client):
    path = create_event(
        app,
        format="hybrid",
        online_url="https://meet.example.kz/nauryz",
        registration_url="https://forms.example.kz/nauryz",
        capacity=1200,
        held_in_ru=True,
        has_sign_language=True,
    )
    page = client.get(f"/en{path}").text
    assert "<h1>Nauryz evening</h1>" in page
    assert "May 12, 2031, 6:00\u202fPM" in page and "9:30\u202fPM" in page
    assert "(Almaty time, UTC+5)" in page
    assert 'href="/en/tasks/6">Task 6: Culture, languages and traditions</a>' in page
    assert "In person and online" in page
    assert "Абай даңғылы, 1" in page
    assert 'href="https://meet.example.kz/nauryz"' in page
    assert 'href="https://forms.example.kz/nauryz"' in page
    assert "Kazakh, Russian" in page
    assert "1,200" in page
    assert "Sign language interpretation" in page
    assert 'href="/en/associations/koreans"' in page
    assert f'href="/en{path}.ics"' in page


def test_description_is_sanitised_markdown_with_a_note_when_in_another_language(app, client):
    path = create_event(app)
    english = client.get(f"/en{path}").text
    assert "<strong>песен</strong>" in english
    assert "<b>танцев</b>" not in english
    assert "shown in the original (Русский)" in english
    assert "shown in the original" not in client.get(f"/ru{path}").text


def test_capacity_uses_the_locale_number_format(app, client):
    path = create_event(app, capacity=1200)
    assert "1\xa0200" in client.get(f"/ru{path}").text


def test_only_web_links_are_linked(app, client):
    path = create_event(
        app, format="online", online_url="javascript:alert(1)", registration_url="data:x"
    )
    page = client.get(f"/en{path}").text
    assert "javascript:" not in page and "data:x" not in page


def test_cancelled_event_says_so_prominently(app, client):
    path = create_event(app, status="cancelled")
    page = client.get(f"/en{path}").text
    assert "This event has been cancelled." in page
    assert json_ld(page)["eventStatus"] == "https://schema.org/EventCancelled"


def test_kazakh_page_shows_kazakh_month_names(app, client):
    path = create_event(app)
    page = client.get(f"/kk{path}").text
    assert "2031 жылғы 12 мамыр" in page
    assert "18:00" in page and "21:30" in page


def test_json_ld_describes_the_event(app, client):
    path = create_event(app, online_url="https://meet.example.kz/x", format="hybrid")
    data = json_ld(client.get(f"/en{path}").text)
    assert data["@type"] == "Event"
    assert data["name"] == "Nauryz evening"
    assert data["startDate"] == "2031-05-12T18:00:00+05:00"
    assert data["endDate"] == "2031-05-12T21:30:00+05:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["@type"] == "Place"
    assert place["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Абай даңғылы, 1",
        "addressLocality": "Алматы",
        "addressRegion": "Almaty",
        "addressCountry": "KZ",
    }
    assert virtual == {"@type": "VirtualLocation", "url": "https://meet.example.kz/x"}
    assert data["organizer"]["@type"] == "Organization"
    assert data["organizer"]["url"] == "http://localhost/en/associations/koreans"
    assert data["about"]["@type"] == "DefinedTerm"
    assert data["about"]["termCode"] == "6"
    assert data["about"]["description"].startswith("making the national culture")
    assert data["inLanguage"] == ["kk"]
    assert data["url"] == f"http://localhost/en{path}"
    assert data["description"] == "Вечер песен и <b>танцев</b>"


def test_json_ld_cannot_close_its_script_block(app, client):
    path = create_event(app, title_en="</script><script>alert(1)</script>")
    page = client.get(f"/en{path}").text
    block = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in block
    assert json_ld(page)["name"] == "</script><script>alert(1)</script>"


def test_online_event_is_a_virtual_location(app, client):
    path = create_event(
        app, format="online", region=None, locality=None, venue_address=None,
        online_url="https://meet.example.kz/x",
    )  # fmt: skip
    data = json_ld(client.get(f"/en{path}").text)
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == [{"@type": "VirtualLocation", "url": "https://meet.example.kz/x"}]


def test_a_city_that_is_also_the_region_is_named_once(app, client):
    with app.app_context():
        event = make_event(region=region("KZ-71"), locality="Астана", venue_address="Достық үйі")
        db.session.commit()
        url = f"/kk/events/{event.id}-{event.slug}"
    page = client.get(url).text
    assert "Астана, Астана" not in page
    assert "Астана" in page
    assert "Астана, Астана" not in client.get("/kk/events").text
