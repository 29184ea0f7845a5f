# The two commands a newcomer needs (see README.md):
#   make run    install everything, build translations, migrate, seed the demo, serve on 127.0.0.1:8000
#   make test   install the test tools and run the whole suite (lint, checks, SQLite, PostgreSQL, browser)

PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: help run install test messages screenshots clean

help:
	@echo "make run          install, migrate, seed the demo and serve http://127.0.0.1:8000/"
	@echo "make test         run the whole test suite (as CI does)"
	@echo "make messages     refresh locale/ar/LC_MESSAGES/django.po from the code (needs gettext)"
	@echo "make screenshots  retake docs/screenshots/ with the browser tests' tooling"

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Pango draws the committee's minutes (WeasyPrint): Debian's packages, installed when we may, else named.
PANGO_PACKAGES = libpango-1.0-0 libpangoft2-1.0-0

install: $(PY)
	@ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0.so.0 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq $(PANGO_PACKAGES) >/dev/null; \
	  elif sudo -n true 2>/dev/null; then sudo apt-get install -y -qq $(PANGO_PACKAGES) >/dev/null; \
	  else echo "Pango is needed for the committee's minutes: sudo apt-get install $(PANGO_PACKAGES)"; exit 1; fi; }
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	$(PY) manage.py compile_translations

# The cache (var/cache/, shared by every process: README.md, "Page cache") starts empty, as a server's
# memory did: nothing kept for a database that has since been replaced is served.
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py shell --no-imports -c "from django.core.cache import cache; cache.clear()"
	$(PY) manage.py runserver 127.0.0.1:8000

test:
	PYTHON=$(PYTHON) VENV=$(VENV) bash scripts/test.sh

messages: $(PY)
	$(PY) manage.py makemessages -l ar --no-obsolete --ignore=.venv --ignore=node_modules --ignore=static_collected

screenshots:
	UPDATE_SCREENSHOTS=1 PYTHON=$(PYTHON) VENV=$(VENV) bash scripts/test.sh browser

clean:
	rm -rf $(VENV) node_modules static_collected .test-services db.sqlite3 var
