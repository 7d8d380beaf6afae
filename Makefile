# Artist Collective — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.DEFAULT_GOAL := help

.PHONY: help run test test-multinode lint format check messages install install-dev clean-venv

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when a requirements file changes (stamp files make the second run quick).
$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.package-lock.json ## Install runtime dependencies (venv + npm)

# Browser tests use Debian's Chromium when it is there, else Playwright's own build.
$(VENV)/.browser: $(VENV)/.installed-dev
	@if [ ! -x /usr/bin/chromium ]; then $(BIN)/playwright install chromium; fi
	touch $@

install-dev: $(VENV)/.installed-dev $(VENV)/.browser node_modules/.package-lock.json ## Install runtime, test and lint dependencies

run: install ## Install, migrate, add demo content and serve http://127.0.0.1:8000
	$(MANAGE) c2pa_make_dev_ca
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

test: install-dev ## Run the whole test suite, browser tests included
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-multinode: install-dev ## Deploy on "several machines" (PostgreSQL, Redis, S3, Varnish, nginx) and break them
	MULTINODE=1 $(BIN)/python -m pytest tests/multinode -p no:randomly -s $(PYTEST_ARGS)

lint: install-dev ## Lint and check formatting with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The site's own code and templates, not its tests, benches, demo content or dependencies.
MESSAGES_IGNORE := --ignore=node_modules/* --ignore=tests/* --ignore=bench/* --ignore=demo/* --ignore=media/* --ignore=deploy/* --ignore=staticfiles/*

messages: install-dev ## Collect the translatable strings into locale/en/LC_MESSAGES/ (django.po, and djangojs.po from static/js; GNU gettext)
	mkdir -p locale
	$(MANAGE) makemessages --locale=en --no-obsolete $(MESSAGES_IGNORE) --ignore=static/*
	$(MANAGE) makemessages --domain=djangojs --locale=en --no-obsolete $(MESSAGES_IGNORE)

format: install-dev ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install-dev ## Django system checks and a check for missing migrations
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

clean-venv: ## Remove the virtualenv and node_modules
	rm -rf $(VENV) node_modules
