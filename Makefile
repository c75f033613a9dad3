# Teczka — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
UI_DIST := tablet_ui/dist/index.html
UI_SOURCES := $(shell find tablet_ui/src tablet_ui/public tablet_ui/index.html tablet_ui/package-lock.json tablet_ui/vite.config.ts -type f 2>/dev/null)

.PHONY: run test test-python test-ui lint typecheck install ui reliability clean api-types lock

HOST ?= 127.0.0.1
PORT ?= 8000

run: install ui  ## Start the API on the embedded SQLite store with the demo city (make run PORT=8080 HOST=0.0.0.0)
	$(VENV)/bin/teczka serve --demo --host $(HOST) --port $(PORT)

test: install ui  ## The whole suite: Python (SQLite + PostgreSQL) and the tablet app's unit tests
	$(MAKE) lint
	$(MAKE) test-ui
	$(MAKE) test-python

# The Python suite on worker processes (pytest-xdist). Three on CI's two CPUs: with two, the
# CPUs idled a third of the time (tests wait on their servers, PostgreSQL, Chromium, streams);
# a third worker fills that (tests/services: 159 s with two, 111 s with three, 108 s with
# four, on a quiet machine: docs/benchmarks.md#test-suite-duration). More would only
# oversubscribe, where the tests' waits of 5 s (reads after writes) and 15 s (HTTP) run out.
# A file's tests stay on one worker (--dist loadfile): they share its module-scoped server.
# Files are handed out in the order tests/conftest.py gives (the long ones first).
# `make test-python PYTEST_WORKERS=0` runs them in this one process.
PYTEST_WORKERS ?= 3

# --durations: every run names its 40 slowest tests and setups, so a suite growing past its
# 15-minute budget says where (docs/benchmarks.md#test-suite-duration).
test-python: install
	$(PY) -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder --durations=40

test-ui: tablet_ui/node_modules/.installed
	cd tablet_ui && npm test --silent

lint: install  ## ruff, import-linter's contracts (the arrows between the layers) and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# mypy alone, over domain, services, projections and api (pyproject.toml [tool.mypy]).
typecheck: install
	$(VENV)/bin/mypy

# After changing the API: write openapi.json and generate the tablet's types from it
# (tablet_ui/src/api-types.ts). tests/api/test_openapi_document.py and the tablet's
# tests/apiTypes.test.ts fail (in `make test`) while either is stale.
api-types: install tablet_ui/node_modules/.installed
	$(PY) scripts/export_openapi.py
	cd tablet_ui && npm run api-types

# The long fault-injection runs, and the `deep` property tests searched ten times further
# (tests/support/depth.py).
reliability: install ui  ## Long fault-injection runs and deeper property tests (not part of `make test`)
	$(PY) -m pytest -q -m "slow or deep" --run-slow --hypothesis-profile=deep

install: $(STAMP)

# Installs exactly what requirements-dev.lock pins, each file checked against its hashes, then
# Teczka itself without resolving anything again. After changing pyproject.toml's
# dependencies: `make lock` (README, "Dependencies").
$(STAMP): pyproject.toml requirements-dev.lock
	test -d $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --require-hashes -r requirements-dev.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $(STAMP)

LOCK_VENV := .venv-lock
PIP_COMPILE := $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links

lock:  ## Pin dependencies with hashes (requirements*.lock): new ones added, UPGRADE=1 upgrades all
	test -d $(LOCK_VENV) || python3 -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install -q pip-tools==7.7.0
	$(PIP_COMPILE) $(if $(UPGRADE),--upgrade) -o requirements.lock pyproject.toml
	$(PIP_COMPILE) $(if $(UPGRADE),--upgrade) --extra dev -o requirements-dev.lock pyproject.toml

tablet_ui/node_modules/.installed: tablet_ui/package-lock.json
	cd tablet_ui && npm ci --no-audit --no-fund
	touch $@

ui: $(UI_DIST)

$(UI_DIST): tablet_ui/node_modules/.installed $(UI_SOURCES)
	cd tablet_ui && npm run build

clean:
	rm -rf var tablet_ui/dist
