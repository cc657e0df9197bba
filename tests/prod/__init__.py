"""The production topology on loopback (nginx, two gunicorn instances, PostgreSQL, Redis) and
the checks `make prod-check` runs against it."""
