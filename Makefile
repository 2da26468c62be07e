# Two commands do all the setup (see README.md):
#   make run   - build the environment, make the embedded synthetic sample,
#                load it into the Parquet cache, run every notebook on it and
#                render the report (outputs/sample/index.html)
#   make test  - build the environment and run the whole test suite; installs
#                Debian's chromium first when it is missing (the browser test
#                opens the rendered report in it)
# Both create .venv/ on first use and reinstall when pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# The browser test's Chromium: Debian's package, installed when missing.
CHROMIUM ?= /usr/bin/chromium
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test sample venv browser clean-cache

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,multilingual]"
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (infoops)" >/dev/null
	@touch $(STAMP)

sample: $(STAMP)
	$(PY) -m infoops sample

# Every notebook on the embedded sample, rendered: outputs/sample/index.html
run: sample
	$(PY) -m infoops run

browser: $(CHROMIUM)

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "The browser test needs Chromium at $(CHROMIUM): install it" \
		"with your system's packages, or give its path: make test CHROMIUM=/path/to/chromium"; exit 1; }
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium || \
		{ $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
		  apt-get install -y --no-install-recommends chromium; }

test: $(STAMP) $(CHROMIUM)
	INFOOPS_CHROMIUM=$(CHROMIUM) $(PY) -m pytest

clean-cache:
	rm -rf data/cache
