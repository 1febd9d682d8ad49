# The two commands of the README: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
ORGANISATIONS ?= 300
HOST ?= 127.0.0.1:8000

.PHONY: run serve test install install-dev assets messages migrate seed lint format check browser-deps clean

$(BIN)/activate:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(BIN)/activate assets
	$(PY) -m pip install --quiet -e .
	$(MAKE) messages

install-dev: $(BIN)/activate assets
	$(PY) -m pip install --quiet -e ".[dev]"
	$(MAKE) messages

# Leaflet and its plugins come from npm and are served by the site (see STATICFILES_DIRS).
assets:
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed to install the front-end libraries"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error

messages:
	@command -v msgfmt >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
	@# Untranslated, fuzzy or missing interface strings per shipped language (CI fails on any).
	$(PY) manage.py check_translations --report-only

migrate:
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0

seed:
	$(PY) manage.py seed_atlas --organisations $(ORGANISATIONS)

# The task worker (admin imports, indexing), started again if it ever exits; it stops (TERM)
# with the server. db_worker itself waits through database restarts.
WORKER_LOOP = ( trap 'kill $$W 2>/dev/null; exit 0' INT TERM; \
	while :; do $(PY) manage.py db_worker --no-reload & W=$$!; wait $$W; \
	echo "db_worker exited ($$?): starting it again in 2 s" >&2; sleep 2; done )

# Absolute links (share links, feeds, JSON-LD, the sitemap) name the address being served.
run: export SITE_URL ?= http://$(HOST)
run: install migrate
	$(PY) manage.py seed_atlas --organisations $(ORGANISATIONS) --if-empty
	$(PY) manage.py ensure_demo_admin
	$(WORKER_LOOP) & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

# Production: gunicorn (gunicorn.conf.py: BIND, WEB_CONCURRENCY, GUNICORN_THREADS…) and the task
# worker, with the production settings (SECRET_KEY, ALLOWED_HOSTS, SITE_URL… from the
# environment; see README, Production).
serve: export DJANGO_SETTINGS_MODULE ?= atlas_site.settings.production
serve: install
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(WORKER_LOOP) & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn

test: install-dev browser-deps
	$(PY) -m pytest $(PYTEST_ARGS)

browser-deps:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/lint-imports --cache-dir var/import_linter_cache

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

check:
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules var
