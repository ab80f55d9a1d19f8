# The two commands of the README, and the site build.
#   make serve  set up .venv and serve the site on http://127.0.0.1:8000
#   make test   set up .venv (and Debian's chromium) and run the whole test suite
#   make site   build site/ with mkdocs build --strict

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# Material prints a banner about MkDocs 2.0 on every command; it is not about this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test site check install

install: $(VENV)/.installed

# Served at the root of the local address, whatever sub-path site_url has.
serve: $(VENV)/.installed
	PAPERSHELF_SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --watch-theme

site: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

check: $(VENV)/.installed
	$(BIN)/papers check

test: $(VENV)/.installed-test $(CHROMIUM)
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@

$(CHROMIUM):
	$(SUDO) apt-get update
	$(SUDO) apt-get install --yes --no-install-recommends chromium
