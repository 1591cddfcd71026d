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

# The interpreter the environment is made with: any Python from 3.11 to 3.13 (PYTHON=python3.13 or a
# path). Given (command line or environment) and of another version than the environment's, the
# environment is made again with it; not given, an existing environment keeps its Python.
PYTHON ?= python3
# The environment: .venv, or another one in this checkout (.venv-<name>), both set up from here; a
# path elsewhere is another checkout's environment, borrowed as it is (see the env section below).
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

.PHONY: help report report-html notebooks slides presets compare validate test test-unit lint format bench lab help-params env lock clean distclean

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

slides: | $(ENV_STAMP) ## Case discussion: the deck (report/slides.html), handout.pdf and teachers-guide.pdf
	@$(RUN) build slides handouts $(BUILD_ARGS)

validate: | $(ENV_STAMP) ## Only check the data (schema, domain rules, errata register)
	@$(RUN) validate

presets: | $(ENV_STAMP) ## Build every parameter set of params/ (each into its own folders)
	@$(RUN) presets --jobs $(JOBS)

compare: | $(ENV_STAMP) ## Compare two builds, A=<preset|git revision> B=<...>: report/compare/<a>-vs-<b>.html and .json
	@test -n "$(A)" -a -n "$(B)" || { echo "usage: make compare A=<preset or git revision> B=<preset or git revision>"; exit 2; }
	@$(RUN) compare "$(A)" "$(B)" --jobs $(JOBS)

test: $(ENV_STAMP) ## Run the test suite: unit tier, then integration (sets up .venv on first use)
	$(PY) -m pytest -n $(JOBS) --dist loadfile --no-loadscope-reorder

test-unit: $(ENV_STAMP) ## Run only the unit tier (no kernel, no build; seconds)
	$(PY) -m pytest -n $(JOBS) --dist loadfile tests/unit

lint: $(ENV_STAMP) ## Check formatting, lint rules (ruff) and the layers (import-linter)
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/lint-imports

format: $(ENV_STAMP) ## Reformat the code (ruff format) and apply safe lint fixes
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

# JupyterLab reads the project's setting defaults from tools/jupyter (no news feed: it would ask to
# fetch from the internet, and the build never does).
lab: $(ENV_STAMP) ## Start JupyterLab on the notebooks (localhost only; LAB_PORT=8888)
	JUPYTER_CONFIG_PATH="$(CURDIR)/tools/jupyter$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	"$(VENV)/bin/jupyter" lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(or $(LAB_PORT),8888) --no-browser \
	  --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

help-params: $(ENV_STAMP) ## Document every parameter of every notebook (papermill --help-notebook)
	@for nb in notebooks/*.ipynb; do $(VENV)/bin/papermill --help-notebook $$nb 2>/dev/null | sed -n '/^Parameters inferred/,$$p' | sed "1s|^|$$nb: |"; echo; done

bench: $(ENV_STAMP) ## Time cold, no-op and incremental builds against Jupyter Book (hyperfine; REPEATS=3; table in build/bench.md)
	@"$(PY)" bench/bench.py $(or $(REPEATS),3)

env: $(ENV_STAMP) ## Create or refresh the virtual environment and the Jupyter kernel

# The environment: created from the lock on first use, refreshed when the lock changes, by
# tools/env.sh: uv installs it (the one on PATH, else the release pinned here, fetched from PyPI
# into build/tools once), pip when uv cannot be had; one line says which. The stamp, written last,
# records the Python version: an environment without one (an interrupted set-up) is made again.
# A scratch copy, a worktree or the benchmark may build with another checkout's environment
# (VENV=/path/.venv): that one belongs to its own checkout and is never set up or refreshed from
# here (a refresh from a copy would point its editable install at the copy), at any depth of recursion.
UV_VERSION := 0.13.9
ENV_HERE := $(filter .venv .venv-%,$(subst $(CURDIR)/,,$(abspath $(VENV))))
ifneq ($(ENV_HERE),)
ENV_GIVEN := $(if $(filter command environment%,$(origin PYTHON)),given,default)
# Made again when its Python is gone, or is not the version of a PYTHON given.
ENV_REMAKE := $(if $(wildcard $(ENV_STAMP)),$(if $(wildcard $(PY)),,env-remake))
ifeq ($(ENV_GIVEN)$(ENV_REMAKE),given)
ENV_REMAKE := $(if $(filter $(shell "$(PYTHON)" -I -S -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null),$(shell sed -n 's/^python=//p' "$(ENV_STAMP)" 2>/dev/null)),,env-remake)
endif
$(ENV_STAMP): requirements.lock pyproject.toml $(ENV_REMAKE)
	@bash tools/env.sh setup "$(PYTHON)" "$(VENV)" $(KERNEL) $(UV_VERSION) $(ENV_GIVEN)
.PHONY: env-remake
env-remake: ;
else
$(ENV_STAMP):
	@test -f "$@" || { echo "$(VENV) is another checkout's environment and is not set up: run make env there"; exit 1; }
endif

# uv pip compile --universal: one lock for every Python from 3.11 and every platform (environment
# markers where a pin differs), readable by pip too. It keeps the pins already in the lock that
# still fit; `rm requirements.lock && make lock` takes the newest releases of everything.
lock: ## Re-resolve requirements.in into requirements.lock (Python 3.11 to 3.13) and environment.yml
	@uv=$$(bash tools/env.sh uv "$(PYTHON)" $(UV_VERSION)) && \
	  "$$uv" pip compile --quiet --universal --python-version 3.11 --no-header --annotation-style line \
	    requirements.in -o requirements.lock
	@{ echo "# Every package of the project environment, pinned (transitive ones included), for Python 3.11 to"; \
	  echo "# 3.13 on any platform: a line with an environment marker applies only where it holds."; \
	  echo "# Generated by \`make lock\` (uv $(UV_VERSION) pip compile --universal) from requirements.in; do not edit by hand."; \
	  grep -v '^#' requirements.lock; } > requirements.lock.part && mv requirements.lock.part requirements.lock
	@"$(PYTHON)" -m hccrebuild.pipeline.lockfile

clean: ## Remove build outputs, figures and reports (keeps .venv)
	rm -rf build
	@for d in report figures; do if [ -d "$$d" ]; then find "$$d" -mindepth 1 ! -name .gitignore -exec rm -rf {} +; fi; done

distclean: clean ## Also remove the virtual environment
	rm -rf "$(VENV)"
