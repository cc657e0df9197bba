"""The read-only mandate pages, in the three languages."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from app.db import utcnow
from app.extensions import db
from tests.factories import make_association, make_event, region

LANGUAGES = ("kk", "ru", "en")
PAGES = ("/", "/mandate", "/tasks", *(f"/tasks/{n}" for n in range(1, 7)))
SEED_DIR = Path(__file__).resolve().parents[3] / "shared" / "seed"


def seed_tasks() -> dict[int, str]:
    """The six tasks as the Kazakh seed text numbers them: «1. …» up to «6. …»."""
    files = sorted(SEED_DIR.glob("*.txt"))
    if not files:
        pytest.skip("the seed text is not beside the project")
    text = files[0].read_text(encoding="utf-8")
    return {
        int(number): body.strip()
        for number, body in re.findall(r"^([1-6])\. (.+)$", text, flags=re.MULTILINE)
    }


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_mandate_page_answers_in_its_language(client, lang, page):
    response = client.get(f"/{lang}{page}")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text


@pytest.mark.parametrize("number", range(1, 7))
def test_kazakh_task_page_carries_the_seed_text_word_for_word(client, number):
    expected = seed_tasks()[number]
    page = client.get(f"/kk/tasks/{number}").text
    assert expected in page


def test_seed_has_six_tasks():
    assert sorted(seed_tasks()) == [1, 2, 3, 4, 5, 6]


def test_russian_task_page_uses_the_laws_russian_wording(client):
    page = client.get("/ru/tasks/6").text
    assert "возрождение, сохранение и развитие национальной культуры" in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mandate_page_names_the_edition_and_the_2018_amendment(client, lang):
    page = client.get(f"/{lang}/mandate").text
    assert "2008" in page
    assert "2018" in page
    assert "149-VI" in page


def test_unknown_task_is_not_found(client):
    assert client.get("/en/tasks/7").status_code == 404
    assert client.get("/en/tasks/0").status_code == 404


def test_home_lists_the_six_tasks_as_links(client):
    page = client.get("/en/").text
    for number in range(1, 7):
        assert f'href="/en/tasks/{number}"' in page


def test_task_page_lists_approved_associations_working_on_it(app, client):
    with app.app_context():
        make_association(focus=(3, 6), name_kk="Корей мәдени орталығы")
        make_association(focus=(3,), name_kk="Күтудегі бірлестік", status="pending")
        make_association(focus=(3,), name_kk="Қабылданбаған бірлестік", status="rejected")
        make_association(focus=(5,), name_kk="Басқа міндет бірлестігі")
        db.session.commit()
    page = client.get("/kk/tasks/3").text
    assert "Корей мәдени орталығы" in page
    assert "Күтудегі бірлестік" not in page
    assert "Қабылданбаған бірлестік" not in page
    assert "Басқа міндет бірлестігі" not in page


def test_task_page_shows_translated_empty_states(client):
    page = client.get("/ru/tasks/2").text
    assert "Пока нет опубликованных предстоящих мероприятий." in page


def test_only_approved_upcoming_events_reach_task_and_home_pages(app, client):
    with app.app_context():
        association = make_association()
        make_event(association, task_number=4, title_kk="Ашық дәріс")
        make_event(association, task_number=4, title_kk="Жоба", status="draft")
        make_event(association, task_number=4, title_kk="Қаралуда", status="submitted")
        make_event(
            association,
            task_number=4,
            title_kk="Өткен кездесу",
            starts_at=utcnow() - timedelta(days=3),
        )
        hidden = make_association(status="suspended")
        make_event(hidden, task_number=4, title_kk="Тоқтатылған бірлестік шарасы")
        db.session.commit()
    for url in ("/kk/tasks/4", "/kk/"):
        page = client.get(url).text
        assert "Ашық дәріс" in page
        for hidden_title in ("Жоба", "Қаралуда", "Өткен кездесу", "Тоқтатылған бірлестік"):
            assert hidden_title not in page
    assert "Ашық дәріс" not in client.get("/kk/tasks/5").text


def test_event_times_are_shown_in_almaty_time_with_kazakh_month_names(app, client):
    from datetime import UTC, datetime

    with app.app_context():
        make_event(
            task_number=1,
            title_kk="Кеш",
            starts_at=datetime(2099, 3, 20, 13, 0, tzinfo=UTC),
        )
        db.session.commit()
    page = client.get("/kk/tasks/1").text
    assert "2099 жылғы 20 наурыз, 18:00" in page
    assert "20 марта 2099" in client.get("/ru/tasks/1").text


def test_task_page_samples_associations_and_counts_them_by_region(app, client):
    with app.app_context():
        for n in range(14):
            make_association(
                focus=(2,),
                name_kk=f"Бірлестік {n:02}",
                region=region("KZ-71" if n < 9 else "KZ-75"),
            )
        make_association(focus=(2,), name_kk="Күтудегі", status="pending", region=region("KZ-10"))
        db.session.commit()
    page = client.get("/en/tasks/2").text
    assert page.count('class="association-list__name"') == 12
    assert "14 associations name this task as their focus." in page
    regions = re.findall(
        r'<a href="/en/associations\?task=2&amp;region=(KZ-\d+)">[^<]+</a> '
        r'<span class="region-counts__count">(\d+)</span>',
        page,
    )
    assert regions == [("KZ-71", "9"), ("KZ-75", "5")]
    assert 'href="/en/associations?task=2">All 14 associations' in page
