# The two commands a new user types (see README):
#   make run   - set up .venv and open the console with the bundled sample plan
#   make test  - set up .venv (and Debian's chromium, caddy and openssl, if missing) and run every test
#   make check - lint, import order, types and the layer rules (under a minute)
#   make bench - the load benchmark (bench/README.md)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test check headless bench clean browser pdf-tools proxy

# Debian's chromium drives the browser tests (Playwright is pointed at it; it
# never downloads a browser of its own). Installed once, with apt, as root.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# WeasyPrint draws PDFs with Debian's Pango; the tests read the PDFs back as
# a printer would with poppler's pdftoppm and pdftotext; the appendix's PDF
# uses Carlito (metric-compatible with Word's Calibri). Installed once, with apt, as root.
pdf-tools:
	@{ command -v pdftoppm >/dev/null 2>&1 && fc-list | grep -qi carlito && ldconfig -p | grep -q libpangoft2-1.0; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-crosextra-carlito >/dev/null; }

# Debian's caddy (a real reverse proxy) and openssl (a self-signed certificate)
# for the HTTPS and proxy tests in tests/deploy/; they listen on loopback only.
proxy:
	@{ command -v caddy && command -v openssl; } >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq caddy openssl >/dev/null; }

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/facilitator run

headless: $(STAMP)
	$(VENV)/bin/facilitator run --headless --start

test: $(STAMP) browser pdf-tools proxy
	$(PY) -m pytest

# ruff (lint and import order), mypy (types) and import-linter (the layers
# of docs/architecture.md); settings in pyproject.toml. All three run, and
# the target fails if any of them found something.
check: $(STAMP)
	@status=0; \
	echo "== ruff"; $(VENV)/bin/ruff check . || status=1; \
	echo "== mypy"; $(VENV)/bin/mypy || status=1; \
	echo "== import-linter"; $(VENV)/bin/lint-imports --no-cache || status=1; \
	exit $$status

# The load benchmark (about an hour; `--quick` for 30 minutes; see bench/README.md): writes
# bench/results.json and bench/results.md.
bench: $(STAMP)
	$(PY) -m bench --markdown bench/results.md

clean:
	rm -rf $(VENV) .pytest_cache build dist
