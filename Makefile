# MLT Portal. `make run` sets everything up and serves http://127.0.0.1:8000;
# `make test` sets everything up and runs the whole test suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.lock | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

# A Python >= 3.12: python3.13 or python3.12 on PATH, else one that pyenv has installed.
PYTHON ?= $(shell \
	for p in python3.13 python3.12 python3; do \
	  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	    command -v $$p; exit 0; fi; done; \
	root=$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv); \
	for p in $$(ls -d $$root/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	  if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo $$p; exit 0; fi; done)

.PHONY: help install run test test-fast lint format migrate demo serve bench clean

help:
	@echo "make run    set up (virtualenv, install, migrate, real directory data) and serve on http://$(HOST):$(PORT)"
	@echo "make test   set up and run the whole test suite"
	@echo "make test-fast  the inner loop: every test but the slow and browser ones"
	@echo "make lint   ruff check and format check"
	@echo "make serve  run as in production: gunicorn, DJANGO_DEBUG=0 (needs DJANGO_SECRET_KEY)"
	@echo "make bench  benchmark at 100,000 listings on PostgreSQL (writes BENCHMARKS.md)"

$(STAMP): requirements.lock
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 or newer is required: install python3.12 (or 3.13), e.g. 'pyenv install 3.13', and re-run make." >&2; exit 1; fi
	@if [ ! -x $(BIN)/python ] || ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  rm -rf $(VENV); echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

migrate: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput

demo: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py load_real_data

run: demo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py collectstatic --noinput -v0
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The inner loop: skips the browser tests and the slow ones (soak, outages, large imports).
test-fast: install
	$(BIN)/python -m pytest -m "not slow and not browser" -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Production: gunicorn (WEB_CONCURRENCY workers, default 2 per core + 1), whitenoise serving
# compressed, hashed, long-cached static files, DJANGO_DEBUG=0.
serve: install
	@if [ -z "$$DJANGO_SECRET_KEY" ]; then echo "make serve runs with DJANGO_DEBUG=0: set DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (see .env.example)." >&2; exit 1; fi
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput -v0
	DJANGO_DEBUG=0 $(BIN)/gunicorn mltportal.wsgi --bind $(HOST):$(PORT) \
	  --workers $${WEB_CONCURRENCY:-$$(( $$(nproc) * 2 + 1 ))} --no-control-socket \
	  --timeout 30 --graceful-timeout 20 --max-requests 5000 --max-requests-jitter 500 \
	  --access-logfile - --logger-class core.logredact.GunicornLogger --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

# Benchmark on PostgreSQL (BENCH_DATABASE_URL): 100,000 synthetic listings, server time per
# request type, then HTTP load through gunicorn with wrk. Results go to BENCHMARKS.md.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mltportal_bench
bench: install
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || echo "wrk not installed: the HTTP load part will be skipped"
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench-only-$$(date +%s)-not-secret-0123456789abcdefghij \
	  DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=0 MLT_DB_STATEMENT_TIMEOUT_MS=0 \
	  $(BIN)/python manage.py bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
