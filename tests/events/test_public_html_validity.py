"""The public event pages are valid HTML in every language, JSON-LD block included."""

from __future__ import annotations

from datetime import UTC, datetime

from app.extensions import db
from tests.checkers import validate_html
from tests.conftest import log_in
from tests.factories import make_account, make_association, make_event


def test_public_event_pages_have_no_html_errors(app, client, tmp_path):
    with app.app_context():
        association = make_association(slug="koreans")
        starts = datetime(2031, 5, 12, 13, 0, tzinfo=UTC)
        event = make_event(
            association, starts, slug="nauryz", title_en="Nauryz </script> & friends",
            description_ru="Вечер **песен**\n\n- раз\n- два", format="hybrid",
            online_url="https://meet.example.kz/x", registration_url="https://forms.example.kz",
            capacity=1500, has_step_free_access=True, held_in_ru=True,
        )  # fmt: skip
        make_event(association, starts, status="cancelled", task_number=2, format="online")
        multi_day = make_event(
            association, starts, ends_at=datetime(2031, 5, 14, 13, 0, tzinfo=UTC)
        )
        waiting = make_event(association, starts, status="submitted")
        make_account(email="member@example.kz", association=association)
        db.session.commit()
        pages = [f"/events/{event.id}-nauryz", f"/events/{multi_day.id}-{multi_day.slug}"]
        preview = f"/events/{waiting.id}-{waiting.slug}"
    documents = {}
    for lang in ("kk", "ru", "en"):
        for path in (
            "/events",
            "/events?task=6&task=2&region=KZ-75&format=hybrid&lang=ru&from=2031-05-01"
            "&to=2031-06-01&access=step_free&q=nauryz&association=koreans&community=korean",
            "/events?region=KZ-71&task=4",
            "/events?page=9",
            *pages,
        ):
            documents[f"/{lang}{path}"] = client.get(f"/{lang}{path}").text
    log_in(client, "member@example.kz")
    for lang in ("kk", "ru", "en"):
        response = client.get(f"/{lang}{preview}")
        assert response.status_code == 200
        documents[f"/{lang}{preview} (organiser)"] = response.text
    errors = validate_html(documents, tmp_path)
    assert errors == [], "\n".join(
        f"{e['page']}:{e.get('lastLine')}: {e['message']}" for e in errors
    )
