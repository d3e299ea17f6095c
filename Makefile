# The two commands of the README: `make build` and `make test`. Each bootstraps .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: build test test-fast test-bi-heavy lint format venv clean bench test-tools fuzz

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(INSTALLED)

venv: $(INSTALLED)

build: $(INSTALLED)
	$(BIN)/autoexport build

# The BI test opens the published file with a duckdb 1.5 client, as BI tools embed: its own venv.
DUCKDB15 := .venv-duckdb15
$(DUCKDB15)/.installed:
	$(PYTHON) -m venv $(DUCKDB15)
	$(DUCKDB15)/bin/pip install --quiet --disable-pip-version-check 'duckdb>=1.5,<1.6'
	touch $@

# ...and a duckdb 1.4 client, for the files written with AUTOEXPORT_STORAGE_VERSION=v1.4.0.
DUCKDB14 := .venv-duckdb14
$(DUCKDB14)/.installed:
	$(PYTHON) -m venv $(DUCKDB14)
	$(DUCKDB14)/bin/pip install --quiet --disable-pip-version-check 'duckdb>=1.4,<1.5'
	touch $@

# autoexport export --to ducklake runs in its own venv: the ducklake and postgres extension
# packages on PyPI exist only for DuckDB 1.5.5 (a third party's repackaging), the main venv
# is on DuckDB 2. About 10 s to install.
DUCKLAKE := .venv-ducklake
$(DUCKLAKE)/.installed:
	$(PYTHON) -m venv $(DUCKLAKE)
	$(DUCKLAKE)/bin/pip install --quiet --disable-pip-version-check 'duckdb==1.5.5' \
	  'duckdb-extension-ducklake==1.5.5' 'duckdb-extension-postgres==1.5.5'
	touch $@

# Node clients as their users install them, each in its own npm folder (about 5 s and 70 MB
# each; `make test` makes them, the tests then run offline): @duckdb/node-api 1.5 for
# docs/bi.md's Node recipe, and Evidence's DuckDB connector with the package.json override
# docs/bi.md gives and without it. The node-api's versions are all pre-releases (1.5.6-r.1):
# a range such as ^1.5.0 matches none of them, hence the exact version.
NPM_INSTALL := npm install --no-audit --no-fund --silent
NEED_NPM := command -v npm >/dev/null || { echo 'make: the Node BI tests need node and npm' \
  '(Debian: apt-get install nodejs npm)' >&2; exit 1; }
NPM_DUCKDB := .npm-duckdb
$(NPM_DUCKDB)/.installed:
	@$(NEED_NPM)
	mkdir -p $(NPM_DUCKDB)
	cd $(NPM_DUCKDB) && $(NPM_INSTALL) '@duckdb/node-api@1.5.6-r.1'
	touch $@

NPM_EVIDENCE := .npm-evidence
EVIDENCE_DEPENDENCY := "dependencies": {"@evidence-dev/duckdb": "^2.0.1"}
$(NPM_EVIDENCE)/.installed:
	@$(NEED_NPM)
	mkdir -p $(NPM_EVIDENCE)/with-override $(NPM_EVIDENCE)/without-override
	echo '{$(EVIDENCE_DEPENDENCY), "overrides": {"@duckdb/node-api": "1.5.6-r.1"}}' \
	  > $(NPM_EVIDENCE)/with-override/package.json
	echo '{$(EVIDENCE_DEPENDENCY)}' > $(NPM_EVIDENCE)/without-override/package.json
	cd $(NPM_EVIDENCE)/with-override && $(NPM_INSTALL)
	cd $(NPM_EVIDENCE)/without-override && $(NPM_INSTALL)
	touch $@

# BI tools too big for `make test` (Harlequin: about 1 min and 330 MB; Superset: several
# minutes and about 1 GB), each in its own venv, installed as docs/bi.md says and tested by
# `make test-bi-heavy`.
HARLEQUIN := .venv-harlequin
$(HARLEQUIN)/.installed:
	$(PYTHON) -m venv $(HARLEQUIN)
	$(HARLEQUIN)/bin/pip install --quiet --disable-pip-version-check harlequin
	touch $@

SUPERSET := .venv-superset
$(SUPERSET)/.installed:
	$(PYTHON) -m venv $(SUPERSET)
	$(SUPERSET)/bin/pip install --quiet --disable-pip-version-check apache-superset \
	  'duckdb>=1.5,<2' duckdb-engine rich cachetools 'flask-caching<2.4'
	touch $@

test-bi-heavy: $(INSTALLED) $(HARLEQUIN)/.installed $(SUPERSET)/.installed
	@AUTOEXPORT_BI_HEAVY=1 $(BIN)/pytest -n 0 tests/e2e/test_bi_harlequin.py \
	  tests/e2e/test_bi_superset.py $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test-bi-heavy: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

# Browser and database server the end-to-end tests start: Debian's chromium and PostgreSQL.
# fonts-noto-cjk: the report test renders the Chinese report and checks its glyphs are drawn.
# libreoffice-calc-nogui (a 90 MB download, 276 MB installed, without recommends): the xlsx
# export test converts a workbook headless, as a user's LibreOffice opens it.
# nodejs and npm: the Node BI recipes install @duckdb/node-api from the npm registry.
test-tools:
	@command -v chromium >/dev/null && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	  && fc-list :lang=zh 2>/dev/null | grep -q 'Noto Sans CJK' || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq \
	  && $$SUDO apt-get install -y -qq chromium postgresql fonts-noto-cjk >/dev/null; }
	@command -v soffice >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq \
	  && $$SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; }
	@command -v npm >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }

# pytest exits 5 when it collected no test: that is a failure with its own message, never a pass.
# Tests run in TEST_WORKERS processes (pytest-xdist), a test file per worker: on 2 cores the
# suite takes about half the time. TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= 2
test: test-tools $(INSTALLED) $(DUCKDB15)/.installed $(DUCKDB14)/.installed $(DUCKLAKE)/.installed $(NPM_DUCKDB)/.installed $(NPM_EVIDENCE)/.installed  ## PYTEST_ARGS="-k name" narrows the run
	@$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

# The inner loop: the unit and property tests, none of which runs a build (those marked `build`
# are left out), so no browser, server or extra venv is needed. PYTEST_ARGS as for `make test`.
test-fast: $(INSTALLED)
	@$(BIN)/pytest -n $(TEST_WORKERS) -m "not build" tests/unit tests/property $(PYTEST_ARGS); \
	status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test-fast: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

# The property tests (tests/property) with hypothesis's deep profile: thousands of examples per
# parser instead of the dozen `make test` runs. FUZZ_ARGS="-k customs" narrows the run.
fuzz: $(INSTALLED)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -n 0 tests/property --hypothesis-show-statistics $(FUZZ_ARGS)

# The bench extra is installed once, on top of what $(INSTALLED) installs.
BENCH_INSTALLED := $(VENV)/.bench-installed

$(BENCH_INSTALLED): $(INSTALLED) pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	touch $(BENCH_INSTALLED)

# The full run (about 10 minutes on 2 cores, ~10 GB in a temp dir) rewrites the tables in
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
	rm -rf $(VENV) $(DUCKDB15) $(DUCKDB14) $(DUCKLAKE) $(NPM_DUCKDB) $(NPM_EVIDENCE) $(HARLEQUIN) \
	  $(SUPERSET) .dagster data/warehouse.duckdb data/warehouse.duckdb.*
