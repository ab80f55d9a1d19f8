# The two commands of the README, and the contributor's steps. `make` alone lists them.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
PANDOC ?= /usr/bin/pandoc
PORT ?= 8000
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# Material prints a banner about MkDocs 2.0 on every command; it is not about this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve test test-fast site check fmt install

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

install: $(VENV)/.installed ## set up .venv with the papers command

# Served at the root of the local address, whatever sub-path site_url has.
serve: $(VENV)/.installed ## set up .venv and serve the site on http://127.0.0.1:PORT (default 8000)
	@$(BIN)/python -c "import socket; socket.create_server(('127.0.0.1', $(PORT))).close()" 2>/dev/null \
		|| { echo "make serve: port $(PORT) is busy; pick another: make serve PORT=$$(($(PORT) + 1))" >&2; exit 1; }
	PAPERSHELF_SITE_URL=http://127.0.0.1:$(PORT)/ $(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:$(PORT)

test: $(VENV)/.installed-test $(CHROMIUM) $(PANDOC) ## set up .venv (and Debian's chromium and pandoc), lint, type-check and run the whole test suite
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy
	CHROMIUM=$(CHROMIUM) PANDOC=$(PANDOC) $(BIN)/python -m pytest --numprocesses auto

# Between edits: no browser, pandoc, strict build of the live list, server or builder run as
# a command, the live_list tests on the list as committed only (not the copies a pull request
# could make of it), each property of test_properties.py on a fifth of its examples. `make
# test` runs them all.
test-fast: $(VENV)/.installed-test ## the tests that need no browser, pandoc or build of the live list
	$(BIN)/python -m pytest --numprocesses auto --hypothesis-profile fast \
		-m "not slow and not browser and not pandoc"

site: $(VENV)/.installed ## build site/ with mkdocs build --strict
	$(BIN)/mkdocs build --strict

check: $(VENV)/.installed ## check every paper file
	$(BIN)/papers check

fmt: $(VENV)/.installed ## format every paper file (and write the JSON Schema)
	$(BIN)/papers fmt

# Byte-compiled here as pip does an installed package: where PYTHONDONTWRITEBYTECODE is set
# (container images often set it), Python would compile generator/ again at every command,
# 23 ms of each start.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --editable .
	$(BIN)/python -m compileall -q generator
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@

$(CHROMIUM):
	$(SUDO) apt-get update
	$(SUDO) apt-get install --yes --no-install-recommends chromium

# Citation processors read the exports as pandoc's citeproc does: the tests run Debian's.
$(PANDOC):
	$(SUDO) apt-get update
	$(SUDO) apt-get install --yes --no-install-recommends pandoc
