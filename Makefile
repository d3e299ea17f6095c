# The two commands of the README: `make build` and `make test`. Each bootstraps .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: build test lint format venv clean bench

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(INSTALLED)

venv: $(INSTALLED)

build: $(INSTALLED)
	$(BIN)/autoexport build

# pytest exits 5 when it collected no test: that is a failure with its own message, never a pass.
test: $(INSTALLED)  ## PYTEST_ARGS="-k name" narrows the run
	@$(BIN)/pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

# The bench extra is installed once, on top of what $(INSTALLED) installs.
BENCH_INSTALLED := $(VENV)/.bench-installed

$(BENCH_INSTALLED): $(INSTALLED) pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	touch $(BENCH_INSTALLED)

# The full run (about half an hour on 2 cores, ~10 GB in a temp dir) rewrites the tables in
# benchmarks/README.md; `make bench BENCH_ARGS=--quick` is a smoke run at small sizes.
bench: $(BENCH_INSTALLED)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint warehouse

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .dagster data/warehouse.duckdb data/warehouse.duckdb.*
