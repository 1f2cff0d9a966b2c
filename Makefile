# The two commands a newcomer needs: `make lab` and `make test` (see README.md).
# Everything they need is installed here, into .venv, from the package registries.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE_N ?= 2000
SAMPLE_SEED ?= 0
SAMPLE := data/sample/.complete
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
PYTEST_ARGS ?=
LAB_ARGS ?=
comma := ,

.PHONY: lab test setup setup-test sample lint bench clean chromium

# A virtual environment with uv inside it (uv builds the stack in seconds; pip is the fallback).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv \
		|| echo "uv could not be installed: falling back to pip"

# install(EXTRAS): editable install of the project with those extras, by uv when present.
define install
	if [ -x $(BIN)/uv ]; then \
		$(BIN)/uv pip install --quiet --python $(BIN)/python -e ".[$(1)]"; \
	else \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[$(1)]"; \
	fi
	touch $@
endef

$(VENV)/.installed-notebooks: pyproject.toml | $(BIN)/python
	$(call install,notebooks)

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(call install,all$(comma)test)

setup: $(VENV)/.installed-notebooks
setup-test: $(VENV)/.installed-test

# The default sample corpus, written by the project's own generator (deterministic for a seed).
$(SAMPLE): | $(BIN)/python
	$(MAKE) --no-print-directory $(if $(wildcard $(VENV)/.installed-test),setup-test,setup)
	$(BIN)/workbench sample --n $(SAMPLE_N) --seed $(SAMPLE_SEED) --out data/sample
	touch $@

sample: $(SAMPLE)

lab: setup $(SAMPLE)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks $(ROOT_FLAG) $(LAB_ARGS)

# Debian's Chromium for the browser tests and PDF reports (Playwright drives it; no `playwright install`).
CHROMIUM ?= /usr/bin/chromium
APT_CHROMIUM := env DEBIAN_FRONTEND=noninteractive sh -c 'apt-get update -qq && apt-get install -y -qq chromium'
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then $(APT_CHROMIUM); \
		elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo $(APT_CHROMIUM); \
		else echo "make chromium: $(CHROMIUM) is missing and neither root nor sudo is available;" \
			"browser tests will skip (and fail in CI)"; fi; \
	fi

test: setup-test $(SAMPLE) chromium
	MPLBACKEND=Agg $(BIN)/python -m pytest $(PYTEST_ARGS)
	$(BIN)/ruff check workbench tests benchmarks

lint: setup-test
	$(BIN)/ruff check workbench tests benchmarks

bench: setup-test $(SAMPLE)
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) data/sample .pytest_cache
