"""The application factory: a few named steps, each binding one part of the app."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

from app import logs, urls
from app.config import PROJECT_ROOT, load_config


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.update(load_config())
    if config:
        app.config.update(config)
    logs.init_app(app)  # before the rest, so whatever they log is structured
    urls.init_app(app)  # first: the blueprints' routes use its id converter
    _bind_extensions(app)
    _register_core(app)
    _register_blueprints(app)
    _register_commands(app)
    return app


def _bind_extensions(app: Flask) -> None:
    from app import models  # noqa: F401  (every model registered before Alembic looks)
    from app.auth import loader, passwords  # noqa: F401  (loader registers the user loader)
    from app.extensions import babel, cache, csrf, db, htmx, limiter, login_manager, mail, migrate
    from app.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to open this page.")
    login_manager.login_message_category = "info"
    limiter.init_app(app)
    htmx.init_app(app)
    mail.init_app(app)
    cache.init_app(app)
    passwords.init_app(app)


def _register_core(app: Flask) -> None:
    from app import caching, i18n, templating, web

    caching.init_app(app)
    i18n.init_app(app)
    web.init_app(app)
    templating.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from app.associations import bp as associations_bp
    from app.auth import bp as auth_bp
    from app.dashboard import bp as dashboard_bp
    from app.events import bp as events_bp
    from app.health import bp as health_bp
    from app.mandate import bp as mandate_bp
    from app.moderation import bp as moderation_bp

    for blueprint in (mandate_bp, auth_bp, associations_bp, dashboard_bp, events_bp, moderation_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(health_bp)


def _register_commands(app: Flask) -> None:
    from app.auth.commands import users_cli
    from app.demo.commands import demo_cli
    from app.events.search import search_cli
    from app.outbox import mail_cli
    from app.reference.commands import reference_cli

    app.cli.add_command(reference_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(search_cli)
