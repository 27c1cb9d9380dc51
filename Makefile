# resonanz: `make demo` runs the product, `make test` runs every check. Both set up .venv themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

RUNTIME_STAMP := $(VENV)/.runtime-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)
DEV_STAMP := $(VENV)/.dev-$(shell cat requirements.lock requirements-dev.lock pyproject.toml | sha1sum | cut -c1-12)

.PHONY: demo test lint messages clean

demo: $(RUNTIME_STAMP)
	@$(BIN)/resonanz demo --port $(PORT)

test: $(DEV_STAMP)
	@bash scripts/test

lint: $(DEV_STAMP)
	@bash scripts/test --lint-only

# Re-extract the translatable texts into resonanz/locale/*/LC_MESSAGES/django.po (needs GNU gettext).
messages: $(DEV_STAMP)
	cd resonanz && ../$(BIN)/django-admin makemessages -l de --no-obsolete --ignore=".venv/*"

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "resonanz needs Python 3.11 or newer"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Creating .venv failed: on Debian/Ubuntu install python3-venv first"; exit 1; }
	@$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): $(VENV)/bin/python requirements.lock pyproject.toml
	@echo "installing resonanz into $(VENV) …"
	@$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	@$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.runtime-*; touch $@

$(DEV_STAMP): $(RUNTIME_STAMP) requirements-dev.lock
	@echo "installing the test tools into $(VENV) …"
	@$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@rm -f $(VENV)/.dev-*; touch $@

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .mypy_cache .ruff_cache
