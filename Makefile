# The project's environment lives in .venv/. Every target installs what is missing first;
# a second run does no reinstall (the stamp below changes only when pyproject.toml does).
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

# The offline environment (no model downloads at run time) is set by every Python entry
# point itself: knowledge/offline.py.

.PHONY: run test check lint format typecheck pytest bench index install clean

## run: install what is missing, build the index if needed, start the bot
##      (Slack when SLACK_BOT_TOKEN is set, else the terminal chat)
run: install
	$(VENV)/bin/alignbot run

## test: install what is missing, then lint, type-check and run the whole suite
test: install lint typecheck pytest

check: test

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: install
	$(VENV)/bin/mypy

pytest: install
	$(VENV)/bin/pytest

## bench: retrieval quality, latency, index build, scoring and interview throughput
bench: install
	$(PY) tests/bench/run.py

index: install
	$(VENV)/bin/alignbot index

install: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

# torch first, pinned: that pin takes the CPU wheel on this machine's disk, where an
# unpinned torch (pulled in by sentence-transformers) would download a CUDA build.
$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --upgrade pip
	$(PIP) install torch==2.13.0
	$(PIP) install -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

clean:
	rm -rf $(VENV) .alignbot .pytest_cache .ruff_cache .mypy_cache
