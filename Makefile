# Rebuild the case report from its raw data. `make` alone lists the targets.
#
# Every recipe calls the project's one command line, `python -m hccrebuild` (src/hccrebuild/pipeline/cli.py).
# What is stale, and in which order it runs, is decided by one engine, doit (pipeline/tasks.py):
# data validated first, then the notebooks (papermill), the page (nbconvert), the PDF (WeasyPrint).
# Make only sets up the environment and names the commands. docs/architecture.md has the rest.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:
# Notebooks at a time (outputs are the same bytes either way).
JOBS ?= 2

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
ENV_STAMP := $(VENV)/.installed
KERNEL := hccrebuild

# A parameter set: a name from params/ (PARAMS=who) or the path of a YAML file.
PARAMS ?= default

# The notebooks import the package from this checkout's src/, whichever checkout runs make.
export PYTHONPATH := $(CURDIR)/src
export MPLBACKEND := Agg
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export JUPYTER_PLATFORM_DIRS := 1
# Outputs carry the last commit's date, never the clock's (fontTools reads it when WeasyPrint subsets
# fonts). Without git history (a source archive) the build says which date it uses.
GIT_DATE := $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(GIT_DATE),)
export SOURCE_DATE_EPOCH ?= $(GIT_DATE)
endif

RUN := "$(PY)" -m hccrebuild
BUILD_ARGS = --params "$(PARAMS)" --jobs $(JOBS)

.PHONY: help report report-html notebooks slides robustness compare validate test test-unit lint format bench lab help-params env lock clean distclean

help: ## Show this list
	@echo "Rebuild of an HCC case report from raw data. Targets:"
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-11s %s\n", $$1, $$2}'
	@echo "Options: PARAMS=<preset name or YAML file> (default: default), JOBS=2 (notebooks at a time)"

report: | $(ENV_STAMP) ## Rebuild tables, figures and the HTML + PDF report (sets up .venv on first use)
	@$(RUN) build report $(BUILD_ARGS)

report-html: | $(ENV_STAMP) ## The same without the PDF: tables, figures and report/report.html only
	@$(RUN) build report-html $(BUILD_ARGS)

notebooks: | $(ENV_STAMP) ## Only run the stale notebooks of PARAMS (tables, figures, ledger, report notebook); publish nothing
	@$(RUN) build notebooks $(BUILD_ARGS)

slides: | $(ENV_STAMP) ## Case-discussion deck: one offline reveal.js HTML file, report/slides.html
	@$(RUN) build slides $(BUILD_ARGS)

validate: | $(ENV_STAMP) ## Only check the data (schema, domain rules, errata register)
	@$(RUN) validate

robustness: | $(ENV_STAMP) ## Build every preset; which conclusions hold under every reading: report/robustness.html and .csv
	@$(RUN) robustness --jobs $(JOBS)

compare: | $(ENV_STAMP) ## Compare two builds, A=<preset|git revision> B=<...>: report/compare/<a>-vs-<b>.html and .json
	@test -n "$(A)" -a -n "$(B)" || { echo "usage: make compare A=<preset or git revision> B=<preset or git revision>"; exit 2; }
	@$(RUN) compare "$(A)" "$(B)" --jobs $(JOBS)

test: $(ENV_STAMP) ## Run the test suite: unit tier, then integration (sets up .venv on first use)
	$(PY) -m pytest -n $(JOBS) --dist loadfile --no-loadscope-reorder

test-unit: $(ENV_STAMP) ## Run only the unit tier (no kernel, no build; seconds)
	$(PY) -m pytest -n $(JOBS) --dist loadfile tests/unit

lint: $(ENV_STAMP) ## Check formatting and lint rules (ruff, pinned in the lock)
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/ruff check src tests

format: $(ENV_STAMP) ## Reformat the code (ruff format) and apply safe lint fixes
	$(VENV)/bin/ruff format src tests
	$(VENV)/bin/ruff check --fix src tests

lab: $(ENV_STAMP) ## Start JupyterLab on the notebooks (localhost only; LAB_PORT=8888)
	"$(VENV)/bin/jupyter" lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(or $(LAB_PORT),8888) --no-browser \
	  --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

help-params: $(ENV_STAMP) ## Document every parameter of every notebook (papermill --help-notebook)
	@for nb in notebooks/*.ipynb; do $(VENV)/bin/papermill --help-notebook $$nb 2>/dev/null | sed -n '/^Parameters inferred/,$$p' | sed "1s|^|$$nb: |"; echo; done

bench: $(ENV_STAMP) ## Time cold, no-op and incremental builds against Jupyter Book (hyperfine; REPEATS=3; table in build/bench.md)
	@"$(PY)" bench/bench.py $(or $(REPEATS),3)

env: $(ENV_STAMP) ## Create or refresh the virtual environment and the Jupyter kernel

# The environment: created from the lock on first use, refreshed when the lock changes. A scratch copy,
# a worktree or the benchmark may build with another checkout's environment (VENV=/path/.venv): that
# one belongs to its own checkout and is never set up or refreshed from here (a refresh from a copy
# would point its editable install at the copy), at any depth of recursion.
ifeq ($(abspath $(VENV)),$(CURDIR)/.venv)
$(ENV_STAMP): requirements.lock pyproject.toml
	@echo "Setting up $(VENV) from requirements.lock (pip, then the package and the '$(KERNEL)' kernel)..."
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@log=$(VENV)/install.log; \
	{ $(PY) -m pip install --disable-pip-version-check -r requirements.lock && \
	  $(PY) -m pip install --disable-pip-version-check --no-deps --no-build-isolation -e . && \
	  $(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))"; } >$$log 2>&1 \
	  || { tail -n 30 $$log; echo "environment setup failed; full log in $$log"; exit 1; }
	@touch $@
else
$(ENV_STAMP):
	@test -f $@ || { echo "$(VENV) is another checkout's environment and is not set up: run make env there"; exit 1; }
endif

lock: ## Re-resolve requirements.in into requirements.lock and environment.yml
	rm -rf build/lockenv && $(PYTHON) -m venv build/lockenv
	build/lockenv/bin/pip install --disable-pip-version-check -r requirements.in
	{ echo "# Every package of the project environment, pinned (transitive ones included)."; \
	  echo "# Generated by \`make lock\` from requirements.in on Python 3.11; do not edit by hand."; \
	  build/lockenv/bin/pip freeze --all --exclude-editable | grep -v '^pip=='; } > requirements.lock
	PYTHONPATH=src build/lockenv/bin/python -m hccrebuild.pipeline.lockfile
	rm -rf build/lockenv

clean: ## Remove build outputs, figures and reports (keeps .venv)
	rm -rf build
	@for d in report figures; do if [ -d "$$d" ]; then find "$$d" -mindepth 1 ! -name .gitignore -exec rm -rf {} +; fi; done

distclean: clean ## Also remove the virtual environment
	rm -rf "$(VENV)"
