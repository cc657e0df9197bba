"""Configuration read from the environment.

Development needs nothing set: a SQLite file and a secret key kept under ``instance/``, links
to http://127.0.0.1:5000.

Production (``APP_ENV=production``) refuses to start, with one line saying why, unless:

- ``SECRET_KEY`` is a long random value (32 characters or more, not a placeholder);
- ``BASE_URL`` names the site's https address, e.g. ``https://events.assembly.kz``. Every
  absolute link (mail, feeds, canonical and structured-data URLs, calendar ids) is built from
  it, never from the request's Host header, which anyone can forge; requests for any other host
  than this one and ``TRUSTED_HOSTS`` (a comma-separated list of extra host names) get 400.
  A health probe must name one of them too: ``TRUSTED_HOSTS=127.0.0.1`` for a probe sent to
  the machine itself.

Production also wants, though it starts without them:

- ``PROXY_COUNT=1`` behind one reverse proxy, so that rate limits count the visitor's address
  from ``X-Forwarded-For`` rather than the proxy's; 0 (the default) trusts no such header, as a
  client reaching the app directly could forge it;
- ``RATELIMIT_STORAGE_URI=redis://…``: with the default ``memory://`` each gunicorn worker
  counts on its own, so a limit of 5 lets through 5 per worker. When Redis cannot be reached,
  each worker falls back to counting in memory (and logs a warning) instead of failing requests;
- ``CACHE_TYPE=RedisCache`` with ``CACHE_REDIS_URL`` when workers run on several machines; a
  cache that cannot be reached counts as empty (app/caching.py).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"

LANGUAGES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "kk"
DISPLAY_TIMEZONE = "Asia/Almaty"
LOCAL_ZONE = ZoneInfo(DISPLAY_TIMEZONE)

DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"
SECRET_KEY_MIN_LENGTH = 32
# A key of 32 characters or more drawn from this few symbols was typed, not generated.
SECRET_KEY_MIN_DISTINCT = 10
# Words that keys copied from templates and tutorials contain, and random ones practically never.
PLACEHOLDER_WORDS = ("change", "replace", "example", "placeholder", "secret", "password")
# No legitimate form comes near these (the largest, an event, stays under 0.5 MB even with
# three descriptions of 10,000 four-byte characters); there are no file uploads.
MAX_REQUEST_BYTES = 2 * 1024 * 1024
MAX_FORM_FIELD_BYTES = 1024 * 1024
MAX_FORM_PARTS = 200
# A Redis that does not answer fails the call within this many seconds, rather than holding
# the request (and the worker) until the operating system gives up on the connection.
REDIS_TIMEOUTS = {"socket_connect_timeout": 2, "socket_timeout": 2}


class ConfigError(SystemExit):
    """Stops start-up with a single readable line instead of a traceback."""


def _development_secret_key(instance_dir: Path) -> str:
    key_file = instance_dir / "secret_key"
    if not key_file.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _weakness(secret_key: str) -> str | None:
    """Why a production key is too easy to guess, or None."""
    if len(secret_key) < SECRET_KEY_MIN_LENGTH:
        return f"it is shorter than {SECRET_KEY_MIN_LENGTH} characters"
    if len(set(secret_key)) < SECRET_KEY_MIN_DISTINCT:
        return f"it has fewer than {SECRET_KEY_MIN_DISTINCT} different characters"
    lowered = secret_key.lower()
    for word in PLACEHOLDER_WORDS:
        if word in lowered:
            return f"it looks like a placeholder (it contains {word!r})"
    return None


def _secret_key(env: dict[str, str], production: bool, instance_dir: Path) -> str:
    secret_key = env.get("SECRET_KEY", "")
    if not production:
        return secret_key or _development_secret_key(instance_dir)
    if not secret_key:
        raise ConfigError("error: SECRET_KEY must be set when APP_ENV=production")
    weakness = _weakness(secret_key)
    if weakness:
        raise ConfigError(
            f"error: SECRET_KEY is too weak for APP_ENV=production: {weakness}; generate one"
            " with: python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    return secret_key


def _base_url(env: dict[str, str], production: bool) -> str:
    """The site's own address, scheme and host (and port) only, without a trailing slash."""
    value = env.get("BASE_URL", "").strip()
    if not value:
        if production:
            raise ConfigError(
                "error: BASE_URL must be set when APP_ENV=production,"
                " e.g. BASE_URL=https://events.assembly.kz"
            )
        return DEVELOPMENT_BASE_URL
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in {"http", "https"}
        or not parts.hostname
        or parts.username is not None
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
    ):
        raise ConfigError(
            f"error: BASE_URL must be a scheme and a host only, like https://events.assembly.kz,"
            f" not {value!r}"
        )
    if production and parts.scheme != "https":
        raise ConfigError(f"error: BASE_URL must start with https:// in production, not {value!r}")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _trusted_hosts(env: dict[str, str], production: bool, base_url: str) -> list[str] | None:
    """The Host headers production answers; None (any) in development and tests."""
    if not production:
        return None
    extra = env.get("TRUSTED_HOSTS", "").replace(",", " ").split()
    return list(dict.fromkeys([urlsplit(base_url).hostname, *(host.lower() for host in extra)]))


def _proxy_count(env: dict[str, str]) -> int:
    value = env.get("PROXY_COUNT", "0").strip() or "0"
    if not value.isdigit():
        raise ConfigError(
            f"error: PROXY_COUNT must be the number of reverse proxies in front of the app"
            f" (0 or more), not {value!r}"
        )
    return int(value)


def _redis_options(uri: str) -> dict[str, Any]:
    return dict(REDIS_TIMEOUTS) if uri.startswith(("redis://", "rediss://")) else {}


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

    secret_key = _secret_key(env, production, instance_dir)
    base_url = _base_url(env, production)
    ratelimit_storage_uri = env.get("RATELIMIT_STORAGE_URI", "memory://")
    cache_type = env.get("CACHE_TYPE", "FileSystemCache")

    return {
        "APP_ENV": app_env,
        "SECRET_KEY": secret_key,
        "INSTANCE_DIR": str(instance_dir),
        # The one origin of every absolute link: app/urls.py's external_url.
        "BASE_URL": base_url,
        "TRUSTED_HOSTS": _trusted_hosts(env, production, base_url),
        # How many reverse proxies' X-Forwarded-For and X-Forwarded-Proto to believe.
        "PROXY_COUNT": _proxy_count(env),
        "MAX_CONTENT_LENGTH": MAX_REQUEST_BYTES,
        "MAX_FORM_MEMORY_SIZE": MAX_FORM_FIELD_BYTES,
        "MAX_FORM_PARTS": MAX_FORM_PARTS,
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
        "RATELIMIT_STORAGE_URI": ratelimit_storage_uri,
        "RATELIMIT_STORAGE_OPTIONS": _redis_options(ratelimit_storage_uri),
        # Redis unreachable: each worker counts in memory (Flask-Limiter logs a warning) and
        # goes back to Redis once it answers, instead of failing every limited request.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
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
        "CACHE_TYPE": cache_type,
        "CACHE_DIR": env.get("CACHE_DIR", str(instance_dir / "cache")),
        "CACHE_REDIS_URL": env.get("CACHE_REDIS_URL", ""),
        # Only Redis takes these: other backends refuse options they do not know.
        "CACHE_OPTIONS": dict(REDIS_TIMEOUTS) if cache_type == "RedisCache" else None,
        "CACHE_DEFAULT_TIMEOUT": 600,
        "CACHE_THRESHOLD": 5000,
    }
