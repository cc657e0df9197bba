"""Event search forgives how people type: Kazakh on a Russian keyboard, word forms, Latin
spellings, old place names, region and association names; the index follows every write and no
query breaks it. Each rule is checked on the public list and on the search functions."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.events.models import Event
from app.events.search import (
    EventSearchDocument,
    matching_event_ids,
    ranked_ids,
    reindex_all,
    search_cli,
)
from app.extensions import db
from app.search import document_keys, query_keys
from tests.factories import make_association, make_event, region

CARD_TITLE = re.compile(r'class="event-card__title"><a href="[^"]+"[^>]*>([^<]+)</a>')


def listed(client, lang: str, q: str) -> set[str]:
    """The titles of the cards the public list shows for ``q``."""
    response = client.get(f"/{lang}/events", query_string={"q": q})
    assert response.status_code == 200
    return set(CARD_TITLE.findall(response.text))


def found(app, q: str) -> set[str]:
    """The Russian titles of the events ``matching_event_ids`` finds."""
    with app.app_context():
        query = sa.select(Event.title_ru).where(Event.id.in_(matching_event_ids(q)))
        return set(db.session.scalars(query))


def ranked(app, q: str) -> list[str]:
    with app.app_context():
        scores = ranked_ids(q)
        query = (
            sa.select(Event.title_ru)
            .join(scores, scores.c.event_id == Event.id)
            .order_by(scores.c.relevance.desc(), Event.id)
        )
        return list(db.session.scalars(query))


def make_events(app, *events: dict) -> None:
    """Public upcoming events; each dict overrides the factory's values, the title in every
    language being ``title`` unless given, a region given by its code."""
    with app.app_context():
        for values in events:
            values = dict(values)
            title = values.pop("title")
            if isinstance(values.get("region"), str):
                values["region"] = region(values["region"])
            for lang in ("kk", "ru", "en"):
                values.setdefault(f"title_{lang}", title)
            make_event(**values)
        db.session.commit()


def test_kazakh_typed_on_a_russian_keyboard_finds_kazakh_words(app, client):
    make_events(app, {"title": "Қазақ тілі күні"}, {"title": "Қазақ әндері"})
    assert found(app, "казак тили") == {"Қазақ тілі күні"}
    assert found(app, "қазақ тілі") == {"Қазақ тілі күні"}
    assert found(app, "qazaq tili") == {"Қазақ тілі күні"}
    assert listed(client, "kk", "казак тили") == {"Қазақ тілі күні"}


def test_every_word_must_match_and_the_last_may_be_unfinished(app):
    make_events(app, {"title": "Корейский концерт"}, {"title": "Немецкий концерт"})
    assert found(app, "концерт корейск") == {"Корейский концерт"}
    assert found(app, "концерт") == {"Корейский концерт", "Немецкий концерт"}
    assert found(app, "корейский балет") == set()


def test_forms_of_a_russian_word_find_the_same_events(app, client):
    make_events(
        app,
        {"title": "Вечер корейского языка"},
        {"title": "Корейский танец"},
        {"title": "Немецкий вечер"},
    )
    expected = {"Вечер корейского языка", "Корейский танец"}
    assert found(app, "корейского") == found(app, "корейский") == expected
    assert listed(client, "ru", "корейского") == listed(client, "ru", "Корейский") == expected


def test_a_latin_spelling_finds_a_place_written_in_cyrillic(app, client):
    # No region, so that only the locality (in Cyrillic) can name the city.
    make_events(
        app,
        {"title": "Spring fair", "region": None, "locality": "Алматы"},
        {"title": "Autumn fair", "region": None, "locality": "Шымкент"},
    )
    assert found(app, "Almaty") == {"Spring fair"}
    assert found(app, "Shymkent") == {"Autumn fair"}
    assert listed(client, "en", "Almaty") == {"Spring fair"}


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [("Almaty", "Алматы"), ("Astana", "Астана"), ("Shymkent", "Шымкент"), ("Oral", "Орал"),
     ("Kostanay", "Қостанай"), ("Semey", "Семей"), ("Oskemen", "Өскемен")],
)  # fmt: skip
def test_latin_and_cyrillic_names_share_a_key(latin, cyrillic):
    assert query_keys(latin) == query_keys(cyrillic)
    assert set(query_keys(latin)) <= set(document_keys(cyrillic).split())


def test_an_old_name_finds_a_place_by_its_new_name_and_back(app, client):
    make_events(
        app,
        {"title": "Фестиваль дружбы", "region": "KZ-27", "locality": "Уральск"},
        {"title": "Вечер поэзии", "region": "KZ-63", "locality": "Өскемен"},
    )
    assert found(app, "Орал") == {"Фестиваль дружбы"}
    assert found(app, "Усть-Каменогорск") == {"Вечер поэзии"}
    assert found(app, "Урал") == {"Фестиваль дружбы"}  # the old name, still being typed
    assert listed(client, "ru", "Орал") == {"Фестиваль дружбы"}


def test_a_region_name_in_english_finds_the_events_in_that_region(app, client):
    make_events(
        app,
        {"title": "Фестиваль дружбы", "region": "KZ-27", "locality": "Уральск"},
        {"title": "Вечер поэзии", "region": "KZ-63", "locality": "Өскемен"},
    )
    assert found(app, "West Kazakhstan") == {"Фестиваль дружбы"}
    assert found(app, "East Kazakhstan Region") == {"Вечер поэзии"}
    assert listed(client, "en", "West Kazakhstan") == {"Фестиваль дружбы"}


def test_an_association_name_finds_its_events(app, client):
    with app.app_context():
        koreans = make_association(
            name_kk="Корей мәдени орталығы", name_ru="Корейский культурный центр"
        )
        make_event(koreans, title_ru="Вечер песни")
        make_event(title_ru="Турнир")
        db.session.commit()
    assert found(app, "культурного центра") == {"Вечер песни"}
    assert found(app, "мадени орталыгы") == {"Вечер песни"}
    assert listed(client, "ru", "культурного центра") == {"Вечер песни"}


def test_renaming_an_association_reindexes_its_events(app):
    with app.app_context():
        association = make_association(name_ru="Общество дружбы")
        make_event(association, title_ru="Вечер песни")
        db.session.commit()
        association.name_ru = "Дом дружбы народов"
        db.session.commit()
    assert found(app, "народов") == {"Вечер песни"}
    assert found(app, "общество") == set()


def test_an_edited_title_is_found_on_the_next_request(app, client):
    with app.app_context():
        event_id = make_event(title_ru="Вечер песни", title_kk="Ән кеші").id
        db.session.commit()
    with app.app_context():
        db.session.get(Event, event_id).title_ru = "Праздник Наурыз"
        db.session.commit()
    assert found(app, "наурыз") == {"Праздник Наурыз"}
    assert found(app, "песни") == set()
    assert listed(client, "ru", "наурыз") == {"Праздник Наурыз"}
    assert listed(client, "ru", "песни") == set()


def test_search_leaves_visibility_to_the_caller(app, client):
    make_events(app, {"title": "Черновик концерта", "status": "draft"})
    assert found(app, "концерт") == {"Черновик концерта"}
    assert listed(client, "ru", "концерт") == set()  # the list keeps it private


def test_closer_matches_rank_first(app, client):
    make_events(
        app,
        {
            "title": "Вечер",
            "description_ru": "Корейский концерт, а ещё " + "песни танцы игры угощение " * 10,
        },
        {"title": "Корейский концерт"},
    )
    assert ranked(app, "корейский концерт") == ["Корейский концерт", "Вечер"]
    # The list shows the closer match first, although both start together and the other
    # was made first (the order without a text).
    page = client.get("/ru/events", query_string={"q": "корейский концерт"}).text
    assert CARD_TITLE.findall(page) == ["Корейский концерт", "Вечер"]


def test_a_query_without_words_matches_every_event(app):
    make_events(app, {"title": "Вечер"}, {"title": "Турнир"})
    assert found(app, " !? ") == {"Вечер", "Турнир"}
    assert len(ranked(app, "")) == 2


def test_reindex_all_indexes_events_inserted_around_the_orm(app, runner):
    with app.app_context():
        template = make_event(title_ru="Шаблон")
        db.session.commit()
        columns = {c.key: getattr(template, c.key) for c in Event.__table__.columns}
        rows = [
            {**columns, "id": template.id + n, "slug": f"bulk-{n}", "title_ru": f"Пакет {n}"}
            for n in range(1, 4)
        ]
        db.session.execute(sa.insert(Event), rows)
        db.session.commit()
    assert found(app, "пакет") == set()
    with app.app_context():
        assert reindex_all() == 4
        db.session.commit()
    assert found(app, "пакет") == {"Пакет 1", "Пакет 2", "Пакет 3"}
    result = runner.invoke(search_cli, ["reindex"])
    assert result.exit_code == 0, result.output
    assert "indexed 4 events" in result.output
    assert found(app, "шаблон") == {"Шаблон"}


any_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=200
)
syntax_heavy = st.lists(
    st.sampled_from(
        ['"', "'", "*", "NEAR", "near(", ":", ":*", "&", "|", "!", "(", ")", "-", "^", "+",
         "AND", "OR", "NOT", "\\", "\x01", "\t", "\n", "казак", "Almaty", "Орал", "a", "1"]
    ),
    max_size=12,
).map(" ".join)  # fmt: skip


FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(q=st.one_of(st.text(max_size=300), syntax_heavy))
def test_no_text_breaks_the_search_functions(app, q):
    with app.app_context():
        db.session.execute(sa.select(sa.func.count()).select_from(matching_event_ids(q).subquery()))
        db.session.execute(sa.select(ranked_ids(q)))


@FUZZ
@given(q=st.one_of(any_text, syntax_heavy))
def test_no_query_breaks_the_list(client, q):
    assert client.get("/ru/events", query_string={"q": q}).status_code == 200


def holds(document: set[str], keys: list[str]) -> bool:
    """Every key is in the document, the last as the start of one of its keys."""
    if not keys:
        return True
    *whole, last = keys
    return set(whole) <= document and any(key.startswith(last) for key in document)


words = st.text(
    alphabet=st.characters(
        whitelist_categories=("Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No", "Mn", "Mc")
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    titles=st.lists(st.lists(words, min_size=1, max_size=4).map(" ".join), max_size=4),
    query=st.lists(words, min_size=1, max_size=3).map(" ".join),
)
def test_the_database_finds_what_the_keys_say(app, titles, query):
    """Each engine finds exactly the documents that hold every query key, the last as a
    prefix, whatever letters and digits the words are made of."""
    with app.app_context():
        for title in titles:
            make_event(title_ru=title)
        stored = sa.select(Event.title_ru, EventSearchDocument.document).join(
            EventSearchDocument, EventSearchDocument.event_id == Event.id
        )
        documents = {title: set(document.split()) for title, document in db.session.execute(stored)}
        keys = query_keys(query)
        expected = {title for title, document in documents.items() if holds(document, keys)}
        query_ids = sa.select(Event.title_ru).where(Event.id.in_(matching_event_ids(query)))
        assert set(db.session.scalars(query_ids)) == expected
        db.session.rollback()
