# TwitchLog: two commands for a newcomer, `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test soak bench lint format clean demo setup bytecode

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Byte-compiled once, as pip does for an installed package, so start-up does not
# recompile every module (the editable install does not, and PYTHONDONTWRITEBYTECODE
# may be set); up-to-date files are skipped.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q twitchlog > /dev/null

run: bytecode
	$(BIN)/twitchlog

demo: $(STAMP)
	$(BIN)/twitchlog demo

# The whole suite runs twice: New York time (daylight saving) and India (UTC+5:30, none).
# POSIX rules rather than zone names, so a machine without tzdata cannot fall back to UTC.
TEST_TIMEZONES ?= EST5EDT,M3.2.0,M11.1.0 IST-5:30

# Coverage is measured in the first zone only (it slows the run by about a third) and
# each floor in .ci/coverage_floors.py must hold.
test: lint
	bash .ci/qt-deps.sh
	@cov="--cov=twitchlog --cov-report=term"; for zone in $(TEST_TIMEZONES); do \
		echo "== pytest with TZ=$$zone"; \
		TZ=$$zone QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $$cov || exit 1; \
		if [ -n "$$cov" ]; then $(BIN)/python .ci/coverage_floors.py || exit 1; fi; \
		cov=""; \
	done

# The longer crash-loop soak (600 kills) and other slow tests, outside `make test`.
soak: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m slow -s

bench: bytecode
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# The walls: style, one-way layers (import-linter contracts in pyproject.toml), types.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache .import_linter_cache \
		.coverage
