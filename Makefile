# The two set-up commands of the README. Each creates .venv on first use (Python >= 3.11).
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

demo: $(BIN)/.installed  ## build the synthetic Qinghai demo warehouse and print its latest bulletin
	$(BIN)/waimao demo

test: $(BIN)/.installed  ## the whole test suite (CI runs exactly this)
	$(BIN)/pytest -q
