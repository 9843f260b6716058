# The two set-up commands of the README. Each creates .venv on first use (Python >= 3.11).
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

demo: $(BIN)/.installed  ## build the synthetic Qinghai demo warehouse and print its latest bulletin
	$(BIN)/waimao demo

test: $(BIN)/.installed $(CHROMIUM)  ## the whole test suite (CI runs exactly this)
	$(BIN)/pytest -q

# The browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
$(CHROMIUM):
	$(SUDO) apt-get install -y -q chromium || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium)
