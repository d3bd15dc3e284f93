# TwitchLog: two commands for a newcomer, `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test soak bench lint format clean demo setup bytecode screenshots

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

test: $(STAMP)
	bash .ci/qt-deps.sh
	$(BIN)/ruff check .
	@for zone in $(TEST_TIMEZONES); do \
		echo "== pytest with TZ=$$zone"; \
		TZ=$$zone QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q || exit 1; \
	done

# The longer crash-loop soak (600 kills) and other slow tests, outside `make test`.
soak: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m slow -s

bench: bytecode
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# Every view in light and dark at one screen size, under Xvfb with openbox (Debian
# packages xvfb and openbox), into $(SHOTS); e.g. `make screenshots SCREEN=1024x640`.
SCREEN ?= 1366x768
SHOTS ?= build/screenshots/$(SCREEN)
screenshots: $(STAMP)
	xvfb-run -a -s "-screen 0 $(SCREEN)x24" sh -c 'openbox >/dev/null 2>&1 & sleep 1; \
		for theme in light dark; do \
		QT_QPA_PLATFORM=xcb $(BIN)/python tools/screenshots.py $(SHOTS) --theme $$theme || exit 1; \
		done'

lint: $(STAMP)
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
