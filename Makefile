# The commands (see README.md):
#   make run        set everything up and serve the demo network at http://127.0.0.1:8000
#                   (`make run PORT=8123` serves on another port; e-mail links follow it)
#   make test       set everything up and run the whole test suite
#   make test-fast  set everything up, lint, and run the tests but the slow lanes
#                   (browser, faults, bench): the quick check while working
# They need only Python 3.11; everything else is installed into .venv from
# requirements-dev.lock (runtime + development tools, with hashes). Production installs
# requirements.lock alone: `make install-production` (below).

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock requirements-dev.lock | cksum | cut -d' ' -f1)
MANAGE := $(BIN)/python manage.py
# The development tools (scale data, benchmark, load test): never in production settings.
DEVTOOLS := DJANGO_SETTINGS_MODULE=devtools.settings $(MANAGE)
# The port `make run` serves on; the links in e-mails are built from it (SITE_URL).
PORT ?= 8000
RUN_ENV := DEBUG=true SITE_URL=http://127.0.0.1:$(PORT)

# Production-mode settings for `check --deploy` and `make serve` when the caller gives none.
PROD_ENV := DEBUG=false SECRET_KEY=$${SECRET_KEY:-$$(cat var/secret_key)} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost}

.PHONY: run messages test test-fast serve setup install-production lint migrations-check deploy-check pytest lock browser bench-tools proxy-tools clean worker bench loadtest faulttest backup restore

setup: $(STAMP) var/secret_key

$(STAMP): requirements.lock requirements-dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

var/secret_key:
	@mkdir -p var
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@chmod 600 $@

run: setup
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) seed_demo
	@echo "Serving the network at http://127.0.0.1:$(PORT) (e-mails appear below). Stop with Ctrl-C."
	@# Both run in the background so this shell can act on Ctrl-C (or a TERM from a
	@# supervisor) at once, stopping the worker (scheduled jobs and the mail queue) and the
	@# server together.
	@trap 'trap - EXIT INT TERM; kill 0' EXIT INT TERM; \
	$(RUN_ENV) $(MANAGE) run_huey --quiet & \
	$(RUN_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT) & \
	wait

test: setup browser bench-tools proxy-tools lint migrations-check deploy-check pytest

# The fast lane: lint, then every test except the folders tests/conftest.py marks as slow
# (tests/browser: real Chromium; tests/faults: gunicorn and a PostgreSQL cluster of their
# own; tests/bench: wrk). `make test` (and CI) still runs them all.
FAST_MARKERS := not browser and not faults and not bench
test-fast: setup lint
	$(BIN)/python -m pytest -m "$(FAST_MARKERS)" $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

migrations-check: setup
	DEBUG=true $(MANAGE) makemigrations --check --dry-run

deploy-check: setup
	$(PROD_ENV) $(MANAGE) check --deploy --fail-level WARNING

pytest: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

browser:
	@.ci/ensure-chromium

# The quick benchmark in the test suite drives the site with wrk.
bench-tools:
	@.ci/ensure-wrk

# tests/security/test_private_files_behind_proxy.py runs deploy/nginx.conf in Debian's nginx.
proxy-tools:
	@.ci/ensure-nginx

serve: setup
	$(PROD_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	$(PROD_ENV) $(MANAGE) migrate --noinput
	$(PROD_ENV) $(BIN)/gunicorn network.wsgi:application \
		--bind $${BIND:-127.0.0.1:8000} --workers $${WEB_CONCURRENCY:-2} \
		--access-logfile - --timeout 30

# The worker: every scheduled job and the mail queue (network/tasks.py, docs/operations.md).
worker: setup
	$(MANAGE) run_huey

# Load and fault tests on the real stack (docs/security.md, "Load and faults"): gunicorn with
# production settings, a PostgreSQL cluster of their own on port 5433 (created by
# .ci/fault-cluster, as root; the faulttest restarts it, never the main one) and Redis db 13.
LOADTEST_ENV := $(PROD_ENV) \
	DATABASE_URL=$${LOADTEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5433/network_faults_load} \
	REDIS_URL=$${LOADTEST_REDIS_URL:-redis://127.0.0.1:6379/13}
LOADTEST_ARGS := --duration $${DURATION:-60} --connections $${CONNECTIONS:-16} --flush-cache

loadtest: setup
	@.ci/ensure-redis
	@.ci/fault-cluster
	$(LOADTEST_ENV) $(DEVTOOLS) loadtest $(LOADTEST_ARGS)

faulttest: setup
	@.ci/ensure-redis
	@.ci/fault-cluster
	$(LOADTEST_ENV) $(DEVTOOLS) loadtest $(LOADTEST_ARGS) \
		--restart-database $$(ls /etc/postgresql | sort -V | tail -n 1)/$${FAULT_PG_CLUSTER:-faults}

# Backups (docs/operations.md, "Backups and restore"): DATABASE_URL and MEDIA_ROOT as the app has them.
backup:
	scripts/backup.sh

restore:
	@test -n "$(DB_DUMP)" || (echo "Usage: make restore DB_DUMP=var/backups/db-....dump [MEDIA_ARCHIVE=...]" >&2; exit 1)
	scripts/restore.sh "$(DB_DUMP)" $(MEDIA_ARCHIVE)

# A production install: a venv with requirements.lock alone (no test or lint tools), every
# file checked against its hash. The same by hand, anywhere:
#   python3.11 -m venv /path/to/venv && /path/to/venv/bin/pip install --require-hashes -r requirements.lock
PRODUCTION_VENV ?= .venv-production
install-production:
	@test -x $(PRODUCTION_VENV)/bin/python || $(PYTHON) -m venv $(PRODUCTION_VENV)
	$(PRODUCTION_VENV)/bin/python -m pip install --quiet --require-hashes -r requirements.lock

# Both lock files from pyproject.toml, with hashes: requirements.lock (the runtime
# dependencies) and requirements-dev.lock (the same pins plus the `dev` extra). pip-tools
# runs from a throw-away venv: it is no dependency of the project. Existing pins are kept
# where they still fit; `make lock LOCK_ARGS=--upgrade` moves every pin to its newest release.
PIP_TOOLS := pip-tools==7.6.2
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock:
	@tmp="$$(mktemp -d)" && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp/venv" && \
	"$$tmp/venv/bin/python" -m pip install --quiet "$(PIP_TOOLS)" && \
	export CUSTOM_COMPILE_COMMAND="make lock" && \
	echo "pip-compile: requirements.lock" && \
	"$$tmp/venv/bin/pip-compile" $(LOCK_FLAGS) \
		--output-file=requirements.lock pyproject.toml && \
	echo "pip-compile: requirements-dev.lock" && \
	"$$tmp/venv/bin/pip-compile" $(LOCK_FLAGS) --extra=dev --constraint=requirements.lock \
		--output-file=requirements-dev.lock pyproject.toml

# The sign-in pages' words (locale/en_GB/LC_MESSAGES/django.po): rebuild the compiled
# catalogue after editing it (needs GNU gettext; the .mo is committed, so setup does not).
messages: setup
	$(RUN_ENV) $(MANAGE) compilemessages --locale en_GB --ignore ".venv*"

clean:
	rm -rf $(VENV) $(PRODUCTION_VENV) staticfiles .pytest_cache .ruff_cache

# The benchmark (docs/performance.md): scale data, gunicorn with production settings, wrk.
# Its own PostgreSQL database (created when missing) and, when Redis answers, a shared
# cache as production with several app processes needs.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/network_bench
# `make bench GROWTH=10`: the same pages also on ten times the data (seeded once, when
# that database has no scale data yet), measured side by side.
BENCH_GROWTH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/network_bench_10x
bench: setup
	@.ci/ensure-wrk
	@db="$${DATABASE_URL:-$(BENCH_DATABASE_URL)}"; \
	name="$${db##*/}"; name="$${name%%\?*}"; \
	psql "$${db%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$$name'" | grep -q 1 \
		|| psql "$${db%/*}/postgres" -qc "CREATE DATABASE \"$$name\""; \
	if [ -z "$${REDIS_URL+x}" ] && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then \
		export REDIS_URL=redis://127.0.0.1:6379/3 CACHE_KEY_PREFIX=network-bench; fi; \
	growth=""; if [ -n "$(GROWTH)" ]; then \
		gdb="$(BENCH_GROWTH_DATABASE_URL)"; gname="$${gdb##*/}"; \
		psql "$${gdb%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$$gname'" | grep -q 1 \
			|| psql "$${gdb%/*}/postgres" -qc "CREATE DATABASE \"$$gname\""; \
		DATABASE_URL="$$gdb" $(PROD_ENV) SECURE_HTTPS=false CACHE_KEY_PREFIX=network-bench-growth $(DEVTOOLS) migrate --noinput -v0; \
		psql "$$gdb" -tAc "SELECT 1 FROM members_user WHERE email LIKE '%@scale.example' LIMIT 1" | grep -q 1 \
			|| DATABASE_URL="$$gdb" $(PROD_ENV) SECURE_HTTPS=false CACHE_KEY_PREFIX=network-bench-growth $(DEVTOOLS) seed_scale --scale $(GROWTH); \
		growth="--growth-database $$gdb"; fi; \
	DATABASE_URL="$$db" $(PROD_ENV) SECURE_HTTPS=false $(DEVTOOLS) bench $$growth $(BENCH_ARGS)
