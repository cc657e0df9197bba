"""Template helpers shared by every feature: Markdown that is safe to show, asset versions."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import nh3
from flask import Flask, current_app, url_for
from markdown_it import MarkdownIt
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "hr",
}  # fmt: skip


def markdown(text: str | None) -> Markup:
    """Markdown rendered, then sanitised: users' text can never inject markup or scripts."""
    if not text:
        return Markup("")
    html = _markdown.render(text)
    # Users' headings would break the page outline: shift them below the page's own h2.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return Markup(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="nofollow noopener",
        )
    )


@cache
def _file_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def asset_url(filename: str) -> str:
    """A static URL that changes when the file does, so browsers may cache it for long."""
    digest = _file_digest(str(Path(current_app.static_folder) / filename))
    return url_for("static", filename=filename, v=digest)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = markdown
    app.jinja_env.globals["asset_url"] = asset_url
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
