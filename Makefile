# Two commands do all the setup (see README.md):
#   make run   - build the environment, make the embedded synthetic sample,
#                load it into the Parquet cache (and run the notebooks once
#                they exist)
#   make test  - build the environment and run the whole test suite
# Both create .venv/ on first use and reinstall when pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test sample venv clean-cache

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,multilingual]"
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (infoops)" >/dev/null
	@touch $(STAMP)

sample: $(STAMP)
	$(PY) -m infoops sample

# Every notebook on the embedded sample; executed copies, figures and tables
# land in outputs/sample/.
NOTEBOOKS := $(wildcard notebooks/[0-9][0-9]_*.ipynb)

run: sample
	@for nb in $(NOTEBOOKS); do \
	  name=$$(basename $$nb .ipynb); mkdir -p outputs/sample/$$name; \
	  echo "running $$nb"; \
	  $(VENV)/bin/papermill --cwd notebooks -k python3 --no-progress-bar $$nb outputs/sample/$$name/$$name.ipynb || exit 1; \
	done

test: $(STAMP)
	$(PY) -m pytest

clean-cache:
	rm -rf data/cache
