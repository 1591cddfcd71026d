# Rebuild the case report from its raw data. `make` alone lists the targets.
#
# Build graph. build/deps.mk is generated from the code (python -m hccrebuild.pipeline.deps): one rule
# per notebook listing every input it reads (the notebook, its parameter section, the package
# modules it imports, transitively, and the data files those modules declare in INPUTS).
#   data/ ──validate──> build/.validated                    (before any notebook)
#   notebooks/<product>.ipynb ──papermill──> build/<preset>/nb/<product>.ipynb (+ tables, figures)
#   notebooks/report.ipynb + every product ──papermill──> build/<preset>/nb/report.ipynb
#   ──nbconvert + WeasyPrint──> report/report.html, report/report.pdf, report/tables/*.csv

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:
# Independent notebooks run side by side (outputs are the same bytes either way); JOBS=1 for one at a time.
JOBS ?= 2
ifeq ($(MAKELEVEL),0)
MAKEFLAGS += --jobs=$(JOBS) --output-sync=target
endif

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
ENV_STAMP := $(VENV)/.installed
KERNEL := hccrebuild

PARAMS ?= params/default.yaml
PRESET := $(basename $(notdir $(PARAMS)))
BUILD := build/$(PRESET)
REPORT_DIR := $(if $(filter default,$(PRESET)),report,report/$(PRESET))

# The notebooks import the package from this checkout's src/, whichever checkout runs make.
export PYTHONPATH := $(CURDIR)/src
export MPLBACKEND := Agg
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export JUPYTER_PLATFORM_DIRS := 1
# Outputs carry the last commit's date, never the clock's (fontTools reads it when WeasyPrint subsets fonts).
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

RUN := $(PY) -m hccrebuild
DEPS := build/deps.mk

.PHONY: help report report-html notebooks slides test test-unit lint format bench lab help-params env lock clean distclean

help: ## Show this list
	@echo "Rebuild of an HCC case report from raw data. Targets:"
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-10s %s\n", $$1, $$2}'
	@echo "Options: PARAMS=params/<name>.yaml (parameter set; default params/default.yaml), JOBS=2 (notebooks at a time)"

report: | $(ENV_STAMP) ## Rebuild tables, figures and the HTML + PDF report (sets up .venv on first use)
	$(call run-stale-notebooks,$(BUILD)/nb/report.ipynb,$(PRESET))
	@$(MAKE) -s --no-print-directory $(REPORT_DIR)/report.html $(REPORT_DIR)/report.pdf

report-html: | $(ENV_STAMP) ## The same without the PDF: tables, figures and report/report.html only
	$(call run-stale-notebooks,$(BUILD)/nb/report.ipynb,$(PRESET),html)
	@$(MAKE) -s --no-print-directory $(REPORT_DIR)/report.html

notebooks: | $(ENV_STAMP) ## Only run the stale notebooks of PARAMS (tables, figures, ledger, report notebook); publish nothing
	$(call run-stale-notebooks,$(BUILD)/nb/report.ipynb)

slides: | $(ENV_STAMP) ## Case-discussion deck: one offline reveal.js HTML file, report/slides.html
	$(call run-stale-notebooks,$(BUILD)/nb/slides.ipynb,)
	@$(MAKE) -s --no-print-directory $(REPORT_DIR)/slides.html

# The notebooks a target needs that are out of date, run by one Python process (pipeline/run.py `stale`):
# it has Make validate the data and split the parameters (any problem stops the build there, before
# any notebook), then asks a listing run of Make which notebooks are stale (their commands printed,
# not run; a dry run, -n, cannot tell that an unchanged parameter file leaves its notebook alone) and
# runs exactly those, JOBS at a time, each in a fresh kernel forked from a server that imported the
# libraries while validation ran (pipeline/warm.py). Given a preset, it also publishes it when its
# report notebook ran (the page first; then the PDF unless told `html`). Each notebook target below
# still builds on its own too.
define run-stale-notebooks
+@$(PY) -m hccrebuild.pipeline.run stale $(JOBS) $(1) $(or $(2),-) $(or $(3),pdf) build/.validated $(BUILD)/params/.split
endef

test: $(ENV_STAMP) ## Run the test suite: unit tier, then integration (sets up .venv on first use)
	$(PY) -m pytest -n $(JOBS) --dist loadfile --no-loadscope-reorder

test-unit: $(ENV_STAMP) ## Run only the unit tier (no kernel, no build; seconds)
	$(PY) -m pytest -n $(JOBS) --dist loadfile tests/unit

lint: $(ENV_STAMP) ## Check formatting and lint rules (ruff, pinned in the lock)
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/lint-imports

format: $(ENV_STAMP) ## Reformat the code (ruff format) and apply safe lint fixes
	$(VENV)/bin/ruff format src tests
	$(VENV)/bin/ruff check --fix src tests

lab: $(ENV_STAMP) ## Start JupyterLab on the notebooks (localhost only; LAB_PORT=8888)
	$(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(or $(LAB_PORT),8888) --no-browser \
	  --ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

help-params: $(ENV_STAMP) ## Document every parameter of every notebook (papermill --help-notebook)
	@for nb in notebooks/*.ipynb; do $(VENV)/bin/papermill --help-notebook $$nb 2>/dev/null | sed -n '/^Parameters inferred/,$$p' | sed "1s|^|$$nb: |"; echo; done

bench: $(ENV_STAMP) ## Time cold, no-op and incremental builds against Jupyter Book (installed in build/peer-venv; medians; see README)
	@$(PY) -m hccrebuild.pipeline.bench $(or $(REPEATS),3)

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

# The dependency rules, regenerated whenever the code or the notebooks change (standard library only:
# the environment's Python once it exists, so no version manager's shim runs first).
$(DEPS): $(shell find src/hccrebuild -name "*.py") $(wildcard notebooks/*.ipynb) data/datapackage.json
	@mkdir -p $(@D)
	@$(if $(wildcard $(PY)),$(PY),$(PYTHON)) -m hccrebuild.pipeline.deps > $@.tmp && mv $@.tmp $@
include $(DEPS)

# Validation of the whole data package runs before any notebook (order-only: it does not itself
# make notebooks re-run; each notebook lists the data it reads). A missing file is reported by it.
# It also checks the errata register against the ledger; the folders are listed so that a file
# added under data/ (a symbolic link, say) is seen. Input problems exit 2 with their message.
build/.validated: data/datapackage.json $(ALL_DATA) $(VALIDATE_SOURCES) data data/raw data/published | $(ENV_STAMP)
	@$(RUN) validate
	@touch $@

data/raw/%.csv data/published/%.csv:
	@$(RUN) validate; exit 1

# Parameter set, split per notebook; a file is rewritten only when its section changes.
# It is checked first (keys, types, choices from the code and the data), before any notebook runs.
PARAMS_CHOICES := src/hccrebuild/data/params.py src/hccrebuild/pipeline/params.py \
  src/hccrebuild/analysis/parameter_choices.py src/hccrebuild/analysis/criteria.py src/hccrebuild/analysis/trial_data.py \
  data/datapackage.json data/raw/case_event_dates.csv data/raw/trial_arms.csv
$(BUILD)/params/.split: $(PARAMS) $(wildcard notebooks/*.ipynb) $(PARAMS_CHOICES) | $(ENV_STAMP)
	@$(RUN) params $(PARAMS) $(@D)
	@touch $@
# Order-only: a parameter file is remade only by the split, which rewrites it only when its section
# changed, so a notebook re-runs only when its own parameters did.
$(BUILD)/params/%.yaml: | $(BUILD)/params/.split ;

# Every notebook: papermill into the build folder (prerequisites: build/deps.mk).
# (`make report` and `make slides` list these commands instead of running them: RUN_NOTEBOOK=echo.)
RUN_NOTEBOOK := $(RUN) run
$(BUILD)/nb/%.ipynb: | build/.validated
	@$(RUN_NOTEBOOK) notebooks/$*.ipynb $@ $(BUILD)/params/$*.yaml $(PRESET)

# The page first (nbconvert; the table CSVs beside it), then its PDF (WeasyPrint, the slow half).
$(REPORT_DIR)/report.html: $(BUILD)/nb/report.ipynb $(PUBLISH_SOURCES)
	@$(PY) -m hccrebuild.pipeline.publish html $(PRESET)
$(REPORT_DIR)/report.pdf: $(REPORT_DIR)/report.html $(PUBLISH_SOURCES)
	@$(PY) -m hccrebuild.pipeline.publish pdf $(PRESET)

# The deck: its notebook uses the figures the product notebooks saved; reveal.js is installed beside
# the environment (npm registry, pinned by version and hash) on first use.
$(BUILD)/nb/slides.ipynb: $(BUILD)/nb/case_figures.ipynb $(BUILD)/nb/trial_charts.ipynb
# The report shows the robustness table's summary when `make robustness` has written it.
$(BUILD)/nb/report.ipynb: $(wildcard report/robustness.csv)
$(REPORT_DIR)/slides.html: $(BUILD)/nb/slides.ipynb $(SLIDES_SOURCES) | $(VENV)/vendor/reveal.js/package.json
	@$(PY) -m hccrebuild.pipeline.slides_export $(PRESET)
$(VENV)/vendor/reveal.js/package.json: | $(ENV_STAMP)
	@$(PY) -c "from hccrebuild.pipeline import vendor; vendor.vendor_reveal()"

clean: ## Remove build outputs, figures and reports (keeps .venv)
	rm -rf build
	find report figures -mindepth 1 ! -name .gitignore -exec rm -rf {} +

distclean: clean ## Also remove the virtual environment
	rm -rf $(VENV)

# Review: compare two builds; conclusions across every reading (pipeline/compare.py, robustness.py).
compare: $(ENV_STAMP) ## Compare two builds, A=<preset|git revision> B=<...>: report/compare/<a>-vs-<b>.html and .json
	@test -n "$(A)" -a -n "$(B)" || { echo "usage: make compare A=<preset or git revision> B=<preset or git revision>"; exit 2; }
	@$(PY) -m hccrebuild.pipeline.compare "$(A)" "$(B)" --jobs $(JOBS)

robustness: $(ENV_STAMP) ## Build every preset; which conclusions hold under every reading: report/robustness.html and .csv
	@$(PY) -m hccrebuild.pipeline.robustness --jobs $(JOBS)

.PHONY: compare robustness
