"""Configuration read from the environment.

Development needs nothing set: a SQLite file and a secret key kept under ``instance/``.
Production (``APP_ENV=production``) refuses to start without an explicit ``SECRET_KEY``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"

LANGUAGES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "kk"
DISPLAY_TIMEZONE = "Asia/Almaty"
LOCAL_ZONE = ZoneInfo(DISPLAY_TIMEZONE)


class ConfigError(SystemExit):
    """Stops start-up with a single readable line instead of a traceback."""


def _development_secret_key(instance_dir: Path) -> str:
    key_file = instance_dir / "secret_key"
    if not key_file.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _database_url(url: str | None, instance_dir: Path) -> str:
    if url:
        # Hosting platforms often hand out postgres:// URLs; SQLAlchemy wants the driver named.
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url
    instance_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{instance_dir / 'assembly.db'}"


def load_config(env: dict[str, str] | None = None) -> dict[str, Any]:
    env = dict(os.environ if env is None else env)
    app_env = env.get("APP_ENV", "development")
    production = app_env == "production"
    instance_dir = Path(env.get("INSTANCE_DIR", INSTANCE_DIR))

    secret_key = env.get("SECRET_KEY")
    if not secret_key:
        if production:
            raise ConfigError("error: SECRET_KEY must be set when APP_ENV=production")
        secret_key = _development_secret_key(instance_dir)

    return {
        "APP_ENV": app_env,
        "SECRET_KEY": secret_key,
        "INSTANCE_DIR": str(instance_dir),
        "SQLALCHEMY_DATABASE_URI": _database_url(env.get("DATABASE_URL"), instance_dir),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "LANGUAGES": LANGUAGES,
        "BABEL_DEFAULT_LOCALE": DEFAULT_LANGUAGE,
        "BABEL_DEFAULT_TIMEZONE": DISPLAY_TIMEZONE,
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "HSTS_ENABLED": production,
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "AUTH_RATE_LIMIT_PER_IP": env.get("AUTH_RATE_LIMIT_PER_IP", "30 per 10 minutes"),
        "AUTH_RATE_LIMIT_PER_ACCOUNT": env.get("AUTH_RATE_LIMIT_PER_ACCOUNT", "5 per minute"),
        "REPORT_RATE_LIMIT": env.get("REPORT_RATE_LIMIT", "5 per hour"),
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(env.get("MAIL_PORT", "587") or 587),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "true").lower() in {"1", "true", "yes"},
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "noreply@assembly-events.kz"),
        "MAIL_OUTBOX_DIR": str(instance_dir / "mail"),
        # Public pages for visitors without cookies (app/caching.py): a folder that every
        # worker of one machine shares; CACHE_TYPE=RedisCache with CACHE_REDIS_URL for several.
        "PAGE_CACHE_ENABLED": env.get("PAGE_CACHE_ENABLED", "true").lower() in {"1", "true", "yes"},
        "CACHE_TYPE": env.get("CACHE_TYPE", "FileSystemCache"),
        "CACHE_DIR": env.get("CACHE_DIR", str(instance_dir / "cache")),
        "CACHE_REDIS_URL": env.get("CACHE_REDIS_URL", ""),
        "CACHE_DEFAULT_TIMEOUT": 600,
        "CACHE_THRESHOLD": 5000,
    }
