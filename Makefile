# CareerGuide developer commands. `make help` lists them.
#
# Written for GNU make 3.81+ (no .ONESHELL), so multi-line recipes are continued with `\`.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
VENV_PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Extra arguments for both pytest runs: make test PYTEST_ARGS="-k api -x"
PYTEST_ARGS ?=
# Arguments for benchmarks/bench.py: make bench BENCH_ARGS="--quick --roles 500"
BENCH_ARGS ?=
# Where `make backup` writes, and the backup `make restore FILE=...` reads.
BACKUP_DIR ?= backups
FILE ?=
HOST_PORT := 127.0.0.1:8000
# BLS's May 2025 OEWS release, nation and states (fixtures/oews, scripts/build_oews_fixture.py); skipped
# in a second when it is already loaded.
OEWS_EMBEDDED := --published 2026-05-15 fixtures/oews/

# Runs a Python at "$$1" and succeeds only for 3.12 or newer; used to vet every candidate interpreter.
PY_OK := py_ok() { "$$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

.PHONY: help venv install run migrate load-guides superuser test lint format check check-deploy serve-prod bench \
	load-test lighthouse backup restore clean

help: ## List the targets
	@echo "CareerGuide. Usage: make TARGET [PYTHON=/path/to/python3.12+] [PYTEST_ARGS=...]"
	@echo
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  \1|\2/' | \
		awk -F'|' '{ printf "%-13s %s\n", $$1, $$2 }'

# (Re)creates $(VENV) unless it already holds a Python >= 3.12. PYTHON=... wins when given (and must be
# valid); otherwise the first candidate that actually runs as 3.12+ is used: pyenv shims for python3.12/3.13
# exist but fail unless pyenv activates that version, so names on PATH are not trusted until run.
venv:
	@$(PY_OK); \
	if [ -n "$(PYTHON)" ] && ! py_ok "$(PYTHON)"; then \
		echo "error: PYTHON=$(PYTHON) is not a working Python 3.12 or newer." >&2; \
		echo "       Set PYTHON=/path/to/python3.12+ (Django 6.1 needs Python >= 3.12)." >&2; \
		exit 1; \
	fi; \
	if [ -x "$(VENV_PY)" ] && py_ok "$(VENV_PY)"; then exit 0; fi; \
	if [ -e "$(VENV)" ]; then echo "$(VENV) does not hold a working Python 3.12+: recreating it."; fi; \
	py=""; \
	if [ -n "$(PYTHON)" ]; then \
		py="$(PYTHON)"; \
	else \
		pyenv_root="$$(pyenv root 2>/dev/null || echo "$$HOME/.pyenv")"; \
		for cand in python3.13 python3.12 python3 \
			$$(ls -d "$$pyenv_root"/versions/3.13*/bin/python3 2>/dev/null | sort -rV) \
			$$(ls -d "$$pyenv_root"/versions/3.12*/bin/python3 2>/dev/null | sort -rV); do \
			if py_ok "$$cand"; then py="$$cand"; break; fi; \
		done; \
	fi; \
	if [ -z "$$py" ]; then \
		echo "error: no Python 3.12 or newer found (tried python3.13, python3.12, python3 and" >&2; \
		echo "       pyenv's versions/3.13* and 3.12*). Django 6.1 needs Python >= 3.12." >&2; \
		echo "       Install one, or point at it: make PYTHON=/path/to/python3.12+ ..." >&2; \
		exit 1; \
	fi; \
	py="$$("$$py" -c 'import sys; print(sys.executable)')"; \
	echo "Creating $(VENV) with $$("$$py" -V 2>&1) at $$py"; \
	rm -rf "$(VENV)"; \
	"$$py" -m venv "$(VENV)"

# The stamp makes repeated runs skip pip until pyproject.toml changes; it lives inside the venv so that a
# recreated venv is always reinstalled.
$(STAMP): pyproject.toml | venv
	@echo "Installing the project and its test extras into $(VENV)"
	@$(VENV_PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(VENV_PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

# axe-core, which the browser tests inject into pages to check accessibility, vnu-jar, the W3C Nu HTML
# checker run by tests/test_html_validity.py, and Lighthouse, run by tests/test_lighthouse.py (package.json).
# Without npm the install goes on and those checks skip on a laptop; under CI=true they fail, and .ci/run
# installs npm. --ignore-scripts: vnu-jar's install script would download a Java when none is found; the
# checker runs on the system's (Debian's default-jre-headless, which .ci/run installs).
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then \
		echo "Installing the tests' Node packages (axe-core, vnu-jar, lighthouse)"; \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else \
		echo "npm not found: the accessibility and HTML checks will skip (install Node.js and npm)."; \
	fi

install: venv $(STAMP) $(NODE_STAMP) ## Create .venv and install the project with its test extras

run: install ## Migrate, load the guides and serve on http://127.0.0.1:8000/ (debug on)
	@DJANGO_DEBUG=true $(VENV_PY) manage.py migrate
	@DJANGO_DEBUG=true $(VENV_PY) manage.py load_guides
	@DJANGO_DEBUG=true $(VENV_PY) manage.py import_oews $(OEWS_EMBEDDED)
	@echo
	@echo "CareerGuide:  http://$(HOST_PORT)/"
	@echo "Admin:        http://$(HOST_PORT)/admin/"
	@echo "Admin user:   make superuser   (or: DJANGO_DEBUG=true $(VENV_PY) manage.py createsuperuser)"
	@echo
	@DJANGO_DEBUG=true exec $(VENV_PY) manage.py runserver $(HOST_PORT)

migrate: install ## Apply migrations to the configured database
	@DJANGO_DEBUG=true $(VENV_PY) manage.py migrate

load-guides: migrate ## Load the guide fixtures and the embedded BLS OEWS release (idempotent)
	@DJANGO_DEBUG=true $(VENV_PY) manage.py load_guides
	@DJANGO_DEBUG=true $(VENV_PY) manage.py import_oews $(OEWS_EMBEDDED)

superuser: migrate ## Create an admin user interactively
	@DJANGO_DEBUG=true $(VENV_PY) manage.py createsuperuser

# Reports how one database run of the suite ended ("$$1" database, "$$2" pytest status, "$$3" start time) and
# fails on any non-zero status, including pytest's 5 (no tests collected).
REPORT := report() { \
	local took=$$(( $$(date +%s) - $$3 )); \
	if [ "$$2" -eq 0 ]; then echo "== $$1 run passed in $${took}s =="; return 0; fi; \
	if [ "$$2" -eq 5 ]; then echo "== $$1 run FAILED: no tests collected (exit 5) =="; \
	else echo "== $$1 run FAILED (exit $$2) after $${took}s =="; fi; \
	return "$$2"; \
}

# SQLite first, with DATABASE_URL removed; then PostgreSQL: the server DATABASE_URL names if it is
# postgres*, else a throwaway cluster from scripts/with-postgres. A failed SQLite run stops here.
test: install ## Run the whole suite on SQLite, then on PostgreSQL (PYTEST_ARGS=... passed to pytest)
	@echo "== Test suite on SQLite =="
	@$(REPORT); start=$$(date +%s); status=0; \
	env -u DATABASE_URL $(VENV_PY) -m pytest $(PYTEST_ARGS) || status=$$?; \
	report SQLite $$status $$start
	@echo "== Test suite on PostgreSQL =="
	@$(REPORT); start=$$(date +%s); status=0; \
	case "$${DATABASE_URL:-}" in \
	postgres*) \
		echo "Using DATABASE_URL from the environment"; \
		runner=();; \
	*) \
		if command -v initdb >/dev/null && command -v pg_ctl >/dev/null || \
			ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
			runner=(scripts/with-postgres); \
		elif [ "$${CI:-}" = true ]; then \
			echo "error: CI=true but no PostgreSQL server binaries (initdb, pg_ctl) were found on PATH or in" >&2; \
			echo "       /usr/lib/postgresql/*/bin, and DATABASE_URL is not a postgres URL." >&2; \
			echo "       Install the Debian package postgresql (.ci/run does)." >&2; \
			exit 1; \
		else \
			echo "PostgreSQL run SKIPPED: binaries not found (install PostgreSQL 15+ or set DATABASE_URL=postgres://...)"; \
			exit 0; \
		fi;; \
	esac; \
	"$${runner[@]}" $(VENV_PY) -m pytest $(PYTEST_ARGS) || status=$$?; \
	report PostgreSQL $$status $$start

lint: install ## ruff check, ruff format --check and the import-linter contracts (pyproject.toml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install ## Sort imports and format the code with ruff
	$(VENV)/bin/ruff check --select I --fix .
	$(VENV)/bin/ruff format .

check: install ## manage.py check and makemigrations --check --dry-run
	DJANGO_DEBUG=true $(VENV_PY) manage.py check
	DJANGO_DEBUG=true $(VENV_PY) manage.py makemigrations --check --dry-run

# The deploy checklist under the production environment README documents ("Production environment"), with
# fictional values: any warning fails. Nothing is connected to.
PRODUCTION_ENV := DJANGO_DEBUG=false DJANGO_SECRET_KEY=fictional-deploy-check-key-0123456789abcdefghijklmnop \
	DJANGO_ALLOWED_HOSTS=careerguide.example.org DJANGO_CSRF_TRUSTED_ORIGINS=https://careerguide.example.org \
	DJANGO_SECURE_SSL=true DATABASE_URL=postgres://careerguide@127.0.0.1:5432/careerguide \
	REDIS_URL=redis://127.0.0.1:6379/0 DJANGO_TRUSTED_PROXIES=1
check-deploy: install ## manage.py check --deploy --fail-level WARNING under the documented production settings
	env -u DJANGO_HSTS_INCLUDE_SUBDOMAINS -u DJANGO_HSTS_PRELOAD $(PRODUCTION_ENV) \
		$(VENV_PY) manage.py check --deploy --fail-level WARNING

# Debug off, as in production: scripts/serve-prod migrates, collects static files and runs gunicorn
# (gunicorn.conf.py) on a unix socket behind nginx (deploy/nginx.conf.template), which listens on
# 127.0.0.1:$$PORT, buffers requests and answers, and serves /static/. Foreground; SIGTERM or Ctrl-C stops
# both. Without DJANGO_SECRET_KEY a random key is made for this run only (sessions end when it stops).
serve-prod: install ## Production front: migrate, collectstatic, nginx + gunicorn on 127.0.0.1:$PORT (default 8000)
	@exec $(VENV_PY) scripts/serve-prod

# PostgreSQL as for `make test`: the server DATABASE_URL names if it is postgres* (in a database of its own,
# dropped afterwards), else a throwaway cluster (bench.py runs itself under scripts/with-postgres).
bench: install ## Load test: gunicorn, PostgreSQL, Redis and wrk, guide alone and 10,000 roles (BENCH_ARGS=--quick)
	$(VENV_PY) benchmarks/bench.py $(BENCH_ARGS)

# Fails on any response other than a 2xx and on any socket error; figures are printed, not judged.
load-test: install ## Bounded load for CI: wrk 30 s at 32 connections through the front (nginx + gunicorn)
	$(VENV_PY) benchmarks/load_test.py

# tests/test_lighthouse.py under the live server (127.0.0.1) with the browser tests' data, on SQLite:
# scripts/lighthouse.mjs runs Lighthouse in Debian's Chromium (CHROME_PATH) on every main page and prints
# each page's four scores; the JSON reports go to test-artifacts/lighthouse/. LIGHTHOUSE_PAGES=guide,home
# audits only those; LIGHTHOUSE_CPU_SLOWDOWN=4 uses Lighthouse's default CPU slowdown instead of the one
# calibrated to this machine (the script explains why).
lighthouse: install ## Lighthouse on the main pages: all four categories must be 100 (LIGHTHOUSE_PAGES=guide,home)
	@env -u DATABASE_URL LIGHTHOUSE_PAGES=$${LIGHTHOUSE_PAGES:-all} $(VENV_PY) -m pytest tests/test_lighthouse.py -q -s

# The database DATABASE_URL names (SQLite's db.sqlite3 without it). DJANGO_DEBUG defaults to true here only so
# that a laptop needs no secret key; a production shell's own settings are kept.
backup: install ## Back up the database to backups/careerguide-YYYYmmdd-HHMMSS.{dump,sqlite3} (BACKUP_DIR=...)
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(VENV_PY) manage.py backup_db --dir "$(BACKUP_DIR)"

restore: install ## Replace the database with a backup: make restore FILE=backups/careerguide-....dump (asks first)
	@if [ -z "$(FILE)" ]; then echo "error: name the backup: make restore FILE=backups/careerguide-....dump" >&2; exit 2; fi
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(VENV_PY) manage.py restore_db "$(FILE)"

clean: ## Remove .venv, node_modules/, db.sqlite3, staticfiles/, .cache/ and test-artifacts/
	rm -rf $(VENV) node_modules db.sqlite3 db.sqlite3-journal db.sqlite3-wal db.sqlite3-shm staticfiles .cache test-artifacts
