# Two commands matter: `make demo` and `make test`. Both create .venv when it is missing.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME ?= $(CURDIR)/data/dagster_home
# Recipes find the venv's tools first, as in an activated venv: what they start (dagster dev's code server,
# dbt) may look a tool up by name, and nothing needs activating before `make`.
export PATH := $(CURDIR)/$(BIN):$(PATH)
# The Dagster UI's and the dashboard's ports: make dev PORT=3001, make dashboard DASHBOARD_PORT=8502
PORT ?= 3000
DASHBOARD_PORT ?= 8501

.PHONY: install instance manifest demo test lint format dev dashboard browser backfill clean

# pip installs uv, and uv the project: the same versions as pip resolves, in about 40 s where pip takes about two
# minutes (docs/benchmarks.md, "Test suite on a fresh clone"). uv reads no pip configuration, so it is given
# pip's index when one is set; if uv cannot install (an index only pip's configuration reaches), pip does it.
# (`=`, not `:=`: pip is asked only when the install runs, not on every make command, where it cost 0.7 s.)
PIP_INDEX = $(or $(PIP_INDEX_URL),$(shell $(PYTHON) -m pip config get global.index-url 2>/dev/null))

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python $(if $(PIP_INDEX),--default-index $(PIP_INDEX)) \
	  -e '.[dev,dashboard]' || $(BIN)/python -m pip install --quiet -e '.[dev,dashboard]'
	@touch $(STAMP)

install: $(STAMP)

# One DuckDB file has one writer, so the instance runs one run at a time (queued runs wait), offline.
$(DAGSTER_HOME)/dagster.yaml:
	@mkdir -p $(DAGSTER_HOME)
	@printf 'run_queue:\n  max_concurrent_runs: 1\ntelemetry:\n  enabled: false\n' > $@

# Freshness policies (marts stale after 26 h) are evaluated only where the instance enables them; added to
# an instance written before they existed, too.
instance: $(DAGSTER_HOME)/dagster.yaml
	@grep -q '^freshness:' $< || printf 'freshness:\n  enabled: true\n' >> $<

# dagster-dbt reads dbt's manifest; it is prepared here, never parsed at import time, and again only when a
# file of the dbt project (or the installed dbt) changed.
MANIFEST := dbt_project/target/manifest.json
DBT_FILES := $(shell find dbt_project -type f -not -path 'dbt_project/target/*' -not -path 'dbt_project/logs/*' \
  -not -path 'dbt_project/dbt_packages/*')

$(MANIFEST): $(STAMP) $(DBT_FILES)
	cd dbt_project && ../$(BIN)/dbt parse --quiet
	@touch $@

manifest: install instance $(MANIFEST)

demo: manifest
	$(BIN)/python -m orchestration.demo

# The browser test needs Debian's chromium; install it when we are allowed to (root, apt present).
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || echo "chromium not installed: the browser test will be skipped outside CI"

# Two workers (the machine's two cores): they share one run of the sample pipeline (tests/conftest.py), and
# the tests that run `make` or `dagster dev` stay on one worker (xdist_group "make").
test: manifest browser
	$(BIN)/ruff check .
	$(BIN)/pytest -n 2 --dist loadgroup

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

dev: manifest
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p $(PORT)

dashboard: install
	$(BIN)/streamlit run orchestration/dashboard/app.py --server.address 127.0.0.1 --server.port $(DASHBOARD_PORT) \
	  --server.headless true --browser.gatherUsageStats false

clean:
	rm -rf data test-output dbt_project/target dbt_project/logs

# A range of days in one daily_refresh run, with progress per day: make backfill START=2025-07-07 END=2025-08-15
# (RAW_ONLY=1 lands and indexes the days and builds nothing)
backfill: manifest
	$(BIN)/python -m orchestration.backfill --start $(START) --end $(END) $(if $(RAW_ONLY),--raw-only)
