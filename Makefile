# Two entry points do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := FLASK_APP=wsgi.py $(BIN)/flask
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint messages compile db bench prod-check clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

compile: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d translations -D messages

db: compile
	$(FLASK) db upgrade
	$(FLASK) reference load

run: db
	$(FLASK) demo load
	@echo "Assembly Events is starting on http://$(HOST):$(PORT)"
	$(FLASK) run --host $(HOST) --port $(PORT)

# The Nu HTML checker for the validity tests, where npm is available.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the HTML validity tests will be skipped"; fi

test: compile node_modules/.package-lock.json
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Throughput, latency and SQL statements of the public pages at national scale, against
# gunicorn on loopback (see tests/bench/run.py), e.g. make bench BENCH_ARGS="--events 10000".
bench: compile
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python tests/bench/run.py $(BENCH_ARGS)

# The production topology on loopback: nginx (deploy/nginx.conf) in front of two gunicorn
# instances (deploy/gunicorn.conf.py), PostgreSQL and Redis, each failure survived; one PASS or
# FAIL line per check (see tests/prod/check.py). About 3 minutes; a quick run:
# make prod-check PROD_CHECK_LOAD_SECONDS=10 PROD_CHECK_LOAD_CONNECTIONS=10
prod-check: compile
	@missing=""; for tool in nginx wrk; do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	if [ -n "$$missing" ]; then apt-get update -qq && apt-get install -y -qq $$missing; fi
	$(BIN)/python tests/prod/check.py

lint: $(VENV)/.installed
	$(BIN)/ruff check app tests
	$(BIN)/ruff format --check app tests

# Extract interface strings and merge them into the kk, ru and en catalogs.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F translations/babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output --project "Assembly Events" .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -D messages --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) build *.egg-info
