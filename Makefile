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

site: setup
	$(BIN)/mkdocs build

serve: setup
	$(BIN)/mkdocs serve

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest

clean:
	rm -rf site .pytest_cache test-artifacts
