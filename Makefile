# The two commands of the README: `make demo` and `make test`. Each creates or reuses .venv.
# `make fast` and `make unit` are the edit loop (docs/contributing.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
# Prefect and tdkt keep their state inside the project, never in ~/.prefect.
export PREFECT_HOME ?= $(CURDIR)/data/prefect
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: demo test fast lint types imports unit venv bench bench-quick serve flows clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/tdkt demo run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

# The whole suite (CI) on every core with pytest-xdist; `make test PYTEST_ARGS=-n0` runs it serially.
PYTEST_ARGS ?= -n auto

test: lint types imports
	$(BIN)/pytest $(PYTEST_ARGS)

# Everything but the slow tests (fuzz, crash, race, browser), in parallel: the edit loop.
fast: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS) -q -m "not slow"

# The pure unit tests only, serially: seconds.
unit: $(STAMP)
	$(BIN)/pytest tests/unit -q -n 0

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench

bench-quick: $(BENCH_STAMP)
	$(BIN)/python -m bench --quick

serve: $(STAMP)
	$(BIN)/tdkt serve

flows: $(STAMP)
	$(BIN)/python -m flows

clean:
	rm -rf $(VENV) data build *.egg-info
