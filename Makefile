# paper-tui developer tasks; `make help` lists them.
PY ?= .venv/bin/python

help:        ## list the targets
	@grep -E '^[a-z-]+:.*##' Makefile | sed 's/:.*##/\t/'

setup:       ## create .venv and install paper-tui with the test tools
	python3 -m venv .venv && $(PY) -m pip install -q -e '.[test]'

run:         ## open the reader on your library (imports the bundled sample when empty)
	.venv/bin/paper-tui

test:        ## run the test suite (the README's test command)
	$(PY) -m pytest -q

test-fast:   ## run the unit tests only, without the slow ones (about 40 s)
	$(PY) -m pytest -q tests/unit -m "not slow"

lint:        ## ruff, mypy and the import contracts (lint-imports)
	.venv/bin/ruff check paper_tui tests && .venv/bin/ruff format --check paper_tui tests && .venv/bin/mypy && .venv/bin/lint-imports

bench:       ## run the benchmark harness (see bench/README.md)
	$(PY) bench/run.py

screenshots: ## regenerate the SVG screenshots shown in the README
	$(PY) screenshots/make_screenshots.py

.PHONY: help setup run test test-fast lint bench screenshots
