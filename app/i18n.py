"""Languages in the URL (``/kk/…``, ``/ru/…``, ``/en/…``) and locale-aware formatting."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask, abort, current_app, g, redirect, request, url_for
from flask_babel import format_date, format_time, format_timedelta, get_locale
from markupsafe import Markup

LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
# Kazakh official style: «2008 жылғы 20 қазан»; CLDR's long pattern reads «2008 ж. 20 қазан».
LONG_DATE_PATTERNS = {"kk": "y 'жылғы' d MMMM"}


def languages() -> tuple[str, ...]:
    return current_app.config["LANGUAGES"]


def preferred_language() -> str:
    """The visitor's language: the cookie, then Accept-Language, then Kazakh."""
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in languages():
        return cookie
    best = request.accept_languages.best_match(languages())
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def _language_from_path() -> str | None:
    """For pages that matched no route (a 404 under /kk/…), the language the URL names."""
    first = request.path.lstrip("/").split("/", 1)[0]
    return first if first in languages() else None


def select_locale() -> str:
    return g.get("lang_code") or _language_from_path() or preferred_language()


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def localized_with_language(obj: Any, field: str, lang: str | None = None) -> tuple[str, str]:
    """``obj.<field>_<lang>`` and its language, falling back to the others in their order."""
    lang = lang or current_language()
    for code in (lang, *languages()):
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return value, code
    return "", lang


def localized(obj: Any, field: str, lang: str | None = None) -> str:
    return localized_with_language(obj, field, lang)[0]


def lang_attribute(obj: Any, field: str) -> Markup:
    """` lang="kk"` when the text shown is not in the page's language, so screen readers
    switch voice (WCAG 3.1.2); nothing otherwise."""
    value, lang = localized_with_language(obj, field)
    return Markup(' lang="{}"').format(lang) if value and lang != current_language() else Markup("")


def _page_query() -> dict[str, list[str]]:
    """The query string's parameters that are the page's own: not the path's (``?event_id=x``
    must not replace the event in the path) and none that url_for takes for itself
    (``endpoint``, ``_anchor``, ``_method``, ``_scheme``, ``_external``…), which a crafted link
    could send to break the page or point its language links elsewhere."""
    left_out = {*(request.view_args or {}), "lang_code", "endpoint"}
    return {
        key: values
        for key, values in request.args.to_dict(flat=False).items()
        if not key.startswith("_") and key not in left_out
    }


def switch_language_url(lang: str) -> str:
    """The current page in another language, its own query parameters kept."""
    endpoint = request.endpoint
    if (
        endpoint
        and g.get("lang_code")
        and current_app.url_map.is_endpoint_expecting(endpoint, "lang_code")
    ):
        values = {**_page_query(), **(request.view_args or {}), "lang_code": lang}
        return url_for(endpoint, **values)
    return f"/{lang}/"


def _pull_lang_code(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values is None or "lang_code" not in values:
        return
    lang = values.pop("lang_code")
    if lang not in languages():
        abort(404)
    g.lang_code = lang


def _add_lang_code(endpoint: str, values: dict[str, Any]) -> None:
    if "lang_code" in values or not current_app.url_map.is_endpoint_expecting(
        endpoint, "lang_code"
    ):
        return
    values["lang_code"] = g.get("lang_code") or current_language()


def _remember_language(response):
    lang = g.get("lang_code")
    # Only for visitors who already keep cookies: a cookieless visitor's page stays public and
    # cacheable, and the URL carries the language anyway.
    if lang and request.cookies and request.cookies.get(LANGUAGE_COOKIE) != lang:
        response.set_cookie(
            LANGUAGE_COOKIE,
            lang,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
        )
    return response


def _root():
    response = redirect(f"/{preferred_language()}/", code=302)
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


def date_long(value: date | datetime) -> str:
    """Flask-Babel moves datetimes into Asia/Almaty before formatting."""
    return format_date(value, LONG_DATE_PATTERNS.get(current_language(), "long"))


def date_medium(value: date | datetime) -> str:
    return format_date(value, "medium")


def time_short(value: datetime) -> str:
    return format_time(value, "short")


def timedelta_format(value) -> str:
    """«3 days», «2 hours» in the page's language."""
    return format_timedelta(value, threshold=1.5)


def init_app(app: Flask) -> None:
    app.url_value_preprocessor(_pull_lang_code)
    app.url_defaults(_add_lang_code)
    app.after_request(_remember_language)
    app.add_url_rule("/", "root", _root)
    app.jinja_env.globals.update(
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        switch_language_url=switch_language_url,
        current_language=current_language,
        localized=localized,
        localized_with_language=localized_with_language,
        lang_attribute=lang_attribute,
    )
    app.jinja_env.filters.update(
        date_long=date_long,
        date_medium=date_medium,
        time_short=time_short,
        timedelta_format=timedelta_format,
    )
