# Ponte. `make run` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := python3
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on one process per core (pytest-xdist), a test file per process at a time;
# TEST_WORKERS=0 runs it in this process alone (e.g. to use a debugger).
TEST_WORKERS ?= auto
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

.PHONY: help install run serve test test-fast test-days lint format bench messages os-test-deps worker clean

help:
	@echo "make run     install, migrate, load the demo district, serve on http://$(HOST):$(PORT)"
	@echo "make test    the whole test suite (installs Chromium when run as root)"
	@echo "make test-days  the tests that lean on the demo, as if today were each of a few hard days"
	@echo "make lint    ruff and mypy"
	@echo "make bench   benchmark the production server on a large synthetic data set"
	@echo "make serve   production server (gunicorn); needs the environment of .env.example"
	@echo "make messages  extract and compile translations (needs gettext)"

$(CURDIR)/.tools/bin/uv:
	python3 scripts/install_uv.py .tools/bin $(UV_VERSION)

install: $(UV)
	$(UV) sync --frozen --quiet

run: install
	@bash scripts/ensure_os_packages.sh run || echo "Continuing: Ponte runs, but PDFs need the packages above."
	mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production-like serving: whitenoise for static files, gunicorn for the application.
serve: install
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py migrate --no-input
	.venv/bin/gunicorn ponte.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --access-logfile -

# The background worker (funder reports, imports) when TASKS_BACKEND=database.
worker: install
	$(PY) manage.py db_worker

os-test-deps:
	@bash scripts/ensure_os_packages.sh test

test: install os-test-deps
	@# The browser journeys run apart: while Playwright runs, Django's connections in its process
	@# are not the usual ones, which other tests must not inherit.
	$(PYTEST) -m "not browser" $(PYTEST_ARGS)
	$(PYTEST) -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]  # 5: the arguments chose no browser test

# The tests that lean on the demo district (the authorization matrix, the demo's own tests, one
# browser journey), run as if today were each of a few days where calendars go wrong: the last
# and first day of a year, a leap day, the last day of a 30-day month. CI runs it.
HARD_DAYS ?= 2027-12-31 2028-01-01 2028-02-29 2027-04-30

test-days: install os-test-deps
	PYTEST_ARGS="$(PYTEST_ARGS)" bash scripts/test_days.sh $(HARD_DAYS)

# Everything but the browser: for a quick loop while developing.
test-fast: install
	$(PYTEST) -m "not browser" $(PYTEST_ARGS)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy ponte
	.venv/bin/lint-imports --no-cache

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

bench: install
	@bash scripts/ensure_os_packages.sh bench
	@# Every part runs; the target fails when any is over its budget.
	status=0; \
	for part in run matching reports imports; do $(PY) bench/$$part.py || status=1; done; \
	exit $$status

messages: install
	$(PY) manage.py makemessages --all --no-obsolete --add-location file --ignore ".venv/*" --ignore "tests/*"
	@# English message ids are the English text: every English string is its id. Emptied first,
	@# so that no guess of msgmerge's fuzzy matching ("Continue" -> "Contents") survives.
	msgfilter --keep-header --no-wrap -i locale/en/LC_MESSAGES/django.po -o locale/en/LC_MESSAGES/django.po sh -c 'cat >/dev/null'
	msgen --no-wrap -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	msgattrib --no-wrap --clear-fuzzy --clear-previous -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf var/static .pytest_cache .mypy_cache .ruff_cache
