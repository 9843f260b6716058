# The two set-up commands of the README. Each creates .venv on first use (Python >= 3.11).
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
SOFFICE ?= /usr/bin/soffice
# The Word and Excel releases are checked as printed: LibreOffice renders them to PDF, with a CJK font.
OFFICE_PACKAGES ?= libreoffice-writer-nogui libreoffice-calc-nogui fonts-wqy-zenhei
# The DuckDB/Spark parity test needs a Java runtime (PySpark 4 takes 17 or 21): Debian's, when none is found.
JAVA_PACKAGE ?= openjdk-17-jre-headless
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL = $(SUDO) apt-get install -y -q

.PHONY: demo test java golden

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

demo: $(BIN)/.installed  ## build the synthetic Qinghai demo warehouse and print its latest bulletin
	$(BIN)/waimao demo

test: $(BIN)/.installed $(CHROMIUM) $(SOFFICE) java  ## the whole test suite (CI runs exactly this)
	$(BIN)/pytest -q

# The browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
$(CHROMIUM):
	$(APT_INSTALL) chromium || ($(SUDO) apt-get update -q && $(APT_INSTALL) chromium)

$(SOFFICE):
	$(APT_INSTALL) --no-install-recommends $(OFFICE_PACKAGES) || \
	  ($(SUDO) apt-get update -q && $(APT_INSTALL) --no-install-recommends $(OFFICE_PACKAGES))

# A Java runtime on PATH or in $JAVA_HOME, as the Spark engine looks for one; otherwise Debian's is installed
# (man1 first: slim images lack it and the JRE's postinst fails without it).
java:
	@command -v java >/dev/null 2>&1 || { [ -n "$$JAVA_HOME" ] && [ -x "$$JAVA_HOME/bin/java" ]; } || { \
	  echo "no Java runtime: installing Debian's $(JAVA_PACKAGE)"; \
	  $(SUDO) mkdir -p /usr/share/man/man1 && \
	  { $(APT_INSTALL) $(JAVA_PACKAGE) || { $(SUDO) apt-get update -q && $(APT_INSTALL) $(JAVA_PACKAGE); }; }; }

# Rewrite tests/reports/golden/ from the code after a deliberate change to a bulletin; read the diff before committing.
golden: $(BIN)/.installed
	$(BIN)/python tests/reports/golden_files.py
