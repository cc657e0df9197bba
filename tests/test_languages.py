"""Languages in the URL: redirects, the switcher, the cookie, translated errors."""

from __future__ import annotations


def test_root_redirects_to_kazakh_without_a_preference(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/kk/"


def test_root_follows_accept_language(client):
    response = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert response.headers["Location"] == "/ru/"
    assert "Accept-Language" in response.headers["Vary"]


def test_root_prefers_the_language_cookie_over_the_header(client):
    client.set_cookie("lang", "en")
    response = client.get("/", headers={"Accept-Language": "ru"})
    assert response.headers["Location"] == "/en/"


def test_visiting_a_language_remembers_it_for_a_visitor_who_keeps_cookies(client):
    client.set_cookie("lang", "kk")
    client.get("/ru/tasks")
    assert client.get("/").headers["Location"] == "/ru/"


def test_a_cookieless_visitor_gets_no_cookie_and_the_browser_language_at_the_root(client):
    response = client.get("/ru/tasks")
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")
    assert client.get("/", headers={"Accept-Language": "en"}).headers["Location"] == "/en/"


def test_unknown_language_prefix_is_a_translated_404(client):
    response = client.get("/xx/", headers={"Accept-Language": "ru"})
    assert response.status_code == 404
    assert "Страница не найдена" in response.text
    assert '<html lang="ru">' in response.text


def test_unknown_page_is_a_404_in_the_page_language(client):
    response = client.get("/kk/no-such-page")
    assert response.status_code == 404
    assert '<html lang="kk">' in response.text
    assert "Бет табылмады" in response.text


def test_language_switcher_keeps_the_page_and_its_query_string(client):
    page = client.get("/en/tasks/3?utm=news&x=1").text
    assert 'href="/kk/tasks/3?utm=news&amp;x=1"' in page
    assert 'href="/ru/tasks/3?utm=news&amp;x=1"' in page


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/kk/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_text_in_another_language_than_the_page_is_marked(app, client):
    from app.extensions import db
    from tests.factories import make_association

    with app.app_context():
        make_association(slug="only-russian", name_kk=None, name_ru="Общество поляков")
        db.session.commit()
    assert '<h1 lang="ru">Общество поляков</h1>' in client.get("/kk/associations/only-russian").text
    assert "<h1>Общество поляков</h1>" in client.get("/ru/associations/only-russian").text
