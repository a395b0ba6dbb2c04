# crosstalk: `make run` sets up and serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXTRAS ?= dev,llm,models-default

.PHONY: run test install models migrate seed serve lint typecheck test-fast browsers i18n fuzz bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reinstall when the dependency list changes; llama-cpp-python compiles once and pip caches it.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[$(EXTRAS)]'
	touch $(STAMP)

install: $(STAMP)

models: install
	@if $(BIN)/crosstalk models --help >/dev/null 2>&1; then $(BIN)/crosstalk models install; fi

migrate: install
	$(BIN)/crosstalk migrate

seed: migrate
	$(BIN)/crosstalk seed --demo

serve:
	$(BIN)/crosstalk serve

run: models seed serve

# Debian's Chromium, its driver and CJK fonts for the end-to-end tests (no browser download).
browsers:
	@command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 && \
	  test -d /usr/share/fonts/opentype/noto || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium chromium-driver fonts-noto-cjk; }

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: install browsers models lint
	$(BIN)/pytest -q

test-fast: install
	$(BIN)/pytest -q -m "not e2e and not slow"

# A longer fuzzing campaign than the short burst `make test` runs.
fuzz: install
	$(BIN)/python fuzz/fuzz_normalize.py -runs=200000

# Speed and quality benchmarks; each prints JSON with its baseline measured in the same run.
bench: install models
	$(BIN)/python bench/detect.py
	$(BIN)/python bench/moderate.py
	$(BIN)/python bench/translate.py

i18n: install
	$(BIN)/pybabel extract -F babel.cfg -o src/crosstalk/web/locale/messages.pot --no-location --omit-header -k _ -k gettext .
	$(BIN)/pybabel update -i src/crosstalk/web/locale/messages.pot -d src/crosstalk/web/locale -D messages --no-fuzzy-matching
	$(BIN)/python scripts/i18n_fill.py
	$(BIN)/pybabel compile -d src/crosstalk/web/locale -D messages --statistics

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
