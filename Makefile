# The two commands: `make site` and `make test`. Both set up what they need first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site test lint serve clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: Python 3.10+ is needed: install python3 with venv (Debian: apt-get install python3-venv)."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || { echo "make: Python 3.10+ is needed; $(PYTHON) is older."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "make: could not create $(VENV): install python3-venv."; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "make: Node.js 18+ with npm is needed for mermaid: install nodejs and npm."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Build the site, then print the validation report. Content findings never fail this
# target (`mkdocs build --strict` and `python -m validators check` are the gates); a broken
# setup does. Without Chromium the report leaves out the mermaid check and says so.
, := ,
CHROMIUM := $(firstword $(wildcard /usr/bin/chromium /usr/bin/chromium-browser))
REPORT_CHECKS := $(if $(CHROMIUM),schedule$(,)rendering$(,)mermaid$(,)links$(,)blocks,schedule$(,)rendering$(,)links$(,)blocks)

site: setup
	$(BIN)/mkdocs build --quiet
	@echo "Site built in site/ (course health page: site/course-health/index.html)."
	@$(if $(CHROMIUM),,echo "Chromium not found: diagrams are not checked (Debian: apt-get install chromium).")
	@echo "Validation report:"
	@$(BIN)/python -m validators check --only $(REPORT_CHECKS); status=$$?; \
	  if [ $$status -gt 1 ]; then exit $$status; fi

serve: setup
	$(BIN)/mkdocs serve --dirty

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest

clean:
	rm -rf site .pytest_cache test-artifacts
