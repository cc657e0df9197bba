"""Every mandate page, in every language, is valid HTML for the Nu checker."""

from __future__ import annotations

from tests.checkers import validate_html
from tests.mandate.test_pages import LANGUAGES, PAGES


def test_mandate_pages_have_no_html_errors(client, tmp_path):
    documents = {
        f"/{lang}{page}": client.get(f"/{lang}{page}").text for lang in LANGUAGES for page in PAGES
    }
    documents["/xx/ (404)"] = client.get("/xx/").text
    errors = validate_html(documents, tmp_path)
    assert errors == [], "\n".join(
        f"{e['page']}:{e.get('lastLine')}: {e['message']}" for e in errors
    )
