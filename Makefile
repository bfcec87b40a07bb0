# Two commands for a newcomer: `make run` and `make test`. Everything else is set up here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint screenshots setup-dev migrate clean mutation

# Virtual environments are rebuilt only when the pinned requirements change.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.base-installed: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@ $(VENV)/.base-installed

# Front-end: GOV.UK Frontend from npm, compiled with Sass into static/build/.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The service's CSS, and GOV.UK Frontend's one script: all of the package that is served.
ASSETS := static/build/app.css static/build/govuk-frontend.min.js

static/build/app.css: static/scss/app.scss node_modules/.installed
	npm run --silent build:css

static/build/govuk-frontend.min.js: node_modules/.installed
	npm run --silent build:js

var/demo-password:
	@mkdir -p var
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(12))" > $@

# This checkout's local settings, read by settings.py however a command is started (`make run`,
# or `.venv/bin/python manage.py ...` and `celery ...` by hand): DEBUG on and a secret key of
# its own. Written once, when there is none; git-ignored; the environment wins over it.
.env:
	@$(PYTHON) -c "import secrets; print('# Local development settings, written by make run (git-ignored).'); \
	  print('DEBUG=true'); print('SECRET_KEY=' + secrets.token_urlsafe(50))" > $@.tmp
	@mv $@.tmp $@
	@echo "Wrote .env (DEBUG=true and a generated SECRET_KEY): commands run by hand here use it too."

## run: set up, migrate, load demo data, run the review sweep once, and start web + Celery worker + beat
## (Ctrl-C stops all). Beat then runs the sweep daily (ANPR_REVIEW_SWEEP_EVERY_SECONDS=N: every N seconds).
run: $(VENV)/.base-installed $(ASSETS) var/demo-password .env
	@mkdir -p var/staticfiles
	@export DEMO_PASSWORD=$${DEMO_PASSWORD:-$$(cat var/demo-password)}; \
	  $(BIN)/python manage.py migrate --noinput && \
	  $(BIN)/python manage.py createcachetable && \
	  $(BIN)/python manage.py sync_beat_schedule && \
	  $(BIN)/python manage.py seed_demo && \
	  $(BIN)/python manage.py review_sweep && \
	  echo && echo "ANPR Governance: http://127.0.0.1:$(PORT)/" && \
	  echo "Demo logins (password: $$DEMO_PASSWORD): officer, manager, auditor, dpo, investigator, authoriser, sysadmin" && \
	  echo "Ctrl-C stops the web app, the worker and beat." && echo && \
	  PATH="$(CURDIR)/$(BIN):$$PATH" exec $(BIN)/honcho --procfile Procfile start --port $(PORT)

## test: set up the dev environment and run the whole suite (DATABASE_URL selects the database).
test: $(VENV)/.dev-installed $(ASSETS)
	@mkdir -p var/staticfiles
	$(BIN)/pytest

## screenshots: run the browser journeys and save their screenshots into docs/screenshots/.
screenshots: $(VENV)/.dev-installed $(ASSETS)
	@mkdir -p var/staticfiles
	SCREENSHOTS=1 $(BIN)/pytest tests/browser/test_journeys.py tests/browser/test_work_queue_journeys.py \
		tests/browser/test_role_queue_journeys.py

## lint: ruff, and the import-linter contract of the layers (pyproject.toml, design.md).
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

## mutation: mutation testing (mutmut) of the guard modules listed under [tool.mutmut] in pyproject.toml;
## not in CI (hours on two cores). MUTANTS='anpr_governance.reads.rules*' limits it to one module's mutants;
## results stay in mutants/ (`.venv/bin/mutmut browse`, `.venv/bin/mutmut show NAME`). See docs/testing.md.
## MODULE=anpr_governance/audit/chain.py TESTS='tests/audit/test_access_log_chain.py ...' instead mutates that one
## module against only those tests, in a copy of the tree (var/mutation/, bench/mutation.py): minutes, not hours.
## With DATABASE_URL on PostgreSQL, each mutant's run reuses the test database (--reuse-db) instead of migrating one.
mutation: $(VENV)/.dev-installed $(ASSETS)
	@mkdir -p var/staticfiles
ifdef MODULE
	$(BIN)/python bench/mutation.py $(MODULE) $(TESTS)
else
	$(BIN)/mutmut run $(MUTANTS)
	$(BIN)/mutmut results
endif

clean:
	rm -rf $(VENV) var mutants
