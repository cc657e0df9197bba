"""The public directory: approved associations only, filters alone and combined, htmx or not."""

from __future__ import annotations

import pytest

from app.extensions import db
from tests.factories import community, make_association, region


@pytest.fixture
def directory(app):
    with app.app_context():
        make_association(
            name_kk="Алматы корейлері",
            community=community("korean"),
            region=region("KZ-75"),
            focus=(6,),
            slug="almaty-koreans",
        )
        make_association(
            name_kk="Астана немістері",
            community=community("german"),
            region=region("KZ-71"),
            focus=(2, 6),
            slug="astana-germans",
            chairperson="Иван Шмидт",
        )
        make_association(
            name_kk=None,
            name_ru="Украинцы Шымкента",
            community=community("ukrainian"),
            region=region("KZ-79"),
            focus=(4,),
            slug="shymkent-ukrainians",
        )
        make_association(
            name_kk="Алматы ұйғырлары",
            community=community("uyghur"),
            region=region("KZ-75"),
            focus=(2,),
            slug="almaty-uyghurs",
        )
        make_association(
            name_kk="Күтудегі корейлер",
            community=community("korean"),
            region=region("KZ-75"),
            focus=(6,),
            status="pending",
        )
        make_association(
            name_kk="Қабылданбаған корейлер",
            community=community("korean"),
            region=region("KZ-75"),
            focus=(6,),
            status="rejected",
        )
        make_association(
            name_kk="Тоқтатылған корейлер",
            community=community("korean"),
            region=region("KZ-75"),
            focus=(6,),
            status="suspended",
        )
        db.session.commit()


def names(page: str) -> set[str]:
    candidates = {
        "Алматы корейлері",
        "Астана немістері",
        "Украинцы Шымкента",
        "Алматы ұйғырлары",
        "Күтудегі корейлер",
        "Қабылданбаған корейлер",
        "Тоқтатылған корейлер",
    }
    return {name for name in candidates if name in page}


def test_directory_lists_only_approved_associations(client, directory):
    page = client.get("/kk/associations").text
    assert names(page) == {
        "Алматы корейлері",
        "Астана немістері",
        "Украинцы Шымкента",
        "Алматы ұйғырлары",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=KZ-75", {"Алматы корейлері", "Алматы ұйғырлары"}),
        ("community=german", {"Астана немістері"}),
        ("task=2", {"Астана немістері", "Алматы ұйғырлары"}),
        ("q=украин", {"Украинцы Шымкента"}),
        ("q=ШМИДТ", {"Астана немістері"}),
        ("q=алматы+ұйғыр", {"Алматы ұйғырлары"}),
        ("region=KZ-75&task=6", {"Алматы корейлері"}),
        ("region=KZ-75&community=uyghur&task=2&q=ұйғ", {"Алматы ұйғырлары"}),
        ("region=KZ-71&task=4", set()),
    ],
)
def test_filters_alone_and_combined(client, directory, query, expected):
    assert names(client.get(f"/kk/associations?{query}").text) == expected


@pytest.mark.parametrize(
    "query", ["region=XX-00", "community=martians", "task=9", "task=abc", "page=-1", "page=zz"]
)
def test_unknown_filter_values_are_ignored_without_error(client, directory, query):
    response = client.get(f"/kk/associations?{query}")
    assert response.status_code == 200


def test_a_page_past_the_end_shows_the_empty_state(client, directory):
    page = client.get("/en/associations?page=50").text
    assert "No association matches these filters." in page


def test_empty_result_offers_to_clear_the_filters(client, directory):
    page = client.get("/en/associations?region=KZ-71&task=4").text
    assert "No association matches these filters." in page
    assert 'href="/en/associations">Clear the filters' in page


def test_htmx_request_gets_only_the_results_fragment(client, directory):
    full = client.get("/kk/associations?task=2")
    fragment = client.get("/kk/associations?task=2", headers={"HX-Request": "true"})
    assert full.text.startswith("<!DOCTYPE html>")
    assert fragment.text.lstrip().startswith('<section id="results"')
    assert "<html" not in fragment.text
    assert names(fragment.text) == names(full.text) == {"Астана немістері", "Алматы ұйғырлары"}
    assert fragment.headers["Vary"] == full.headers["Vary"]
    assert "HX-Request" in full.headers["Vary"]


def test_filter_form_works_without_javascript_and_pushes_the_url_with_it(client, directory):
    page = client.get("/kk/associations").text
    assert 'method="get" action="/kk/associations"' in page
    assert 'hx-push-url="true"' in page
    assert '<button type="submit"' in page


def test_directory_paginates_twenty_per_page(app, client):
    with app.app_context():
        for n in range(23):
            make_association(name_kk=f"Бірлестік {n:02d}", slug=f"b-{n:02d}")
        db.session.commit()
    first = client.get("/en/associations").text
    second = client.get("/en/associations?page=2").text
    assert first.count('class="card association-card"') == 20
    assert second.count('class="card association-card"') == 3
    assert 'href="/en/associations?page=2"' in first


def test_association_page_shows_the_profile_in_the_visitors_language(app, client):
    with app.app_context():
        make_association(
            slug="koreans", description_kk="Қазақша сипаттама", description_ru="Русское описание"
        )
        db.session.commit()
    assert "Русское описание" in client.get("/ru/associations/koreans").text
    english = client.get("/en/associations/koreans").text
    assert "Қазақша сипаттама" in english
    assert "shown in the original (Қазақша)" in english


def test_pending_association_page_is_not_public(app, client):
    with app.app_context():
        make_association(slug="waiting", status="pending")
        db.session.commit()
    assert client.get("/kk/associations/waiting").status_code == 404
    assert client.get("/kk/associations/no-such-one").status_code == 404


@pytest.mark.parametrize("query", ["task=²", "page=²", "task=٣", "page=99999999999999999999"])
def test_non_ascii_digits_are_ignored(client, query):
    assert client.get(f"/kk/associations?{query}").status_code == 200
