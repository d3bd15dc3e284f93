# TwitchLog: two commands for a newcomer, `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test soak bench lint format clean demo setup bytecode package-check dist dist-check \
	icons qt-libraries screenshots walk schema

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml setup.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Byte-compiled once, as pip does for an installed package, so start-up does not
# recompile every module (the editable install does not, and PYTHONDONTWRITEBYTECODE
# may be set); up-to-date files are skipped.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q twitchlog > /dev/null

# Qt's X11 plugin needs system libraries PySide6 does not ship: install the missing ones
# where we may (root with apt), else say the command; the app itself checks again.
qt-libraries: $(STAMP)
	@missing="$$($(BIN)/python -m twitchlog.ui.qt_libraries)"; \
	if [ -n "$$missing" ] && [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Qt's X11 libraries: $$missing"; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	elif [ -n "$$missing" ]; then \
		echo "Qt's X11 support needs: sudo apt install $$missing (or your system's packages)"; \
	fi

run: bytecode qt-libraries
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
	bash .ci/desktop-deps.sh
	@cov="--cov=twitchlog --cov-report=term"; for zone in $(TEST_TIMEZONES); do \
		echo "== pytest with TZ=$$zone"; \
		TZ=$$zone QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $$cov || exit 1; \
		if [ -n "$$cov" ]; then $(BIN)/python .ci/coverage_floors.py || exit 1; fi; \
		cov=""; \
	done
	$(MAKE) --no-print-directory package-check

# Once per `make test`: the wheel (built from the sdist) installed into a fresh venv
# outside the checkout runs the CLI, the report and the window with its pictures.
package-check: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m package tests/test_package.py

# The standalone bundle (PyInstaller, one folder) in dist/twitchlog/, built from the wheel
# in a venv of its own so it holds exactly what a user's install holds.
DIST_VENV := build/dist-venv
dist: $(STAMP)
	rm -rf build/wheel
	$(BIN)/python -m build --wheel --outdir build/wheel .
	[ -x $(DIST_VENV)/bin/python ] || $(PYTHON) -m venv $(DIST_VENV)
	wheel=$$(ls build/wheel/twitchlog-*.whl) && \
	$(DIST_VENV)/bin/python -m pip install --quiet "$$wheel[dist,encryption]" && \
	$(DIST_VENV)/bin/python -m pip install --quiet --force-reinstall --no-deps "$$wheel"
	$(DIST_VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/twitchlog.spec
	@du -sh dist/twitchlog

# Starts the built bundle under Xvfb from a clean environment (not part of `make test`).
dist-check: dist
	bash .ci/xvfb-deps.sh
	$(BIN)/python -m pytest -q -m dist tests/test_dist.py

# Redraw the app icon's PNG sizes from resources/icons/twitchlog.svg.
icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/render_icons.py

# After adding a migration: the expected schema the journal check compares against,
# generated from the migrations (tests/test_expected_schema.py keeps it in step).
schema: $(STAMP)
	$(BIN)/python tools/expected_schema.py

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
	bash .ci/xvfb-deps.sh
	command -v openbox >/dev/null || echo "openbox is not installed: no window manager, so no maximised window" >&2
	xvfb-run -a -s "-screen 0 $(SCREEN)x24" sh -c 'openbox >/dev/null 2>&1 & sleep 1; \
		for theme in light dark; do \
		QT_QPA_PLATFORM=xcb $(BIN)/python tools/screenshots.py $(SHOTS) --theme $$theme || exit 1; \
		done'

# A newcomer's walk (first start, welcome, demo, every view and dialog, own journal, a
# saved report) photographed step by step, light and dark, into build/walk/$(SCREEN).
walk: $(STAMP)
	bash .ci/xvfb-deps.sh
	command -v openbox >/dev/null || echo "openbox is not installed: no window manager, so no maximised window" >&2
	xvfb-run -a -s "-screen 0 $(SCREEN)x24" sh -c 'openbox >/dev/null 2>&1 & sleep 1; \
		for theme in light dark; do \
		QT_QPA_PLATFORM=xcb $(BIN)/python tools/walk.py build/walk/$(SCREEN)/$$theme \
			--theme $$theme || exit 1; \
		done'

# The walls: style, one-way layers (import-linter contracts in pyproject.toml), types.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache \
		.import_linter_cache .coverage
