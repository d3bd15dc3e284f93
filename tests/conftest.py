"""Shared fixtures: a fresh journal file per test, and headless Qt."""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import twitchlog.analysis
import twitchlog.exchange
import twitchlog.store
from twitchlog.store import Journal


def pytest_sessionstart(session: pytest.Session) -> None:
    """Import the pure packages on the main thread before any test runs.

    The views compute on Qt's thread pool, and coverage (on Python 3.11) traces only
    Python threads: a module first imported by a Qt worker would have its module-level
    lines counted as never run, depending on test order. Start-up laziness is checked
    in a subprocess (test_startup_imports), so importing here hides nothing.
    """
    for package in (twitchlog.analysis, twitchlog.exchange, twitchlog.store):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journals" / "test.twitchlog"


@pytest.fixture
def journal(journal_path: Path) -> Iterator[Journal]:
    j = Journal.open(journal_path)
    try:
        yield j
    finally:
        j.close()


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's journal or settings from a test."""
    monkeypatch.setenv("TWITCHLOG_DB", str(tmp_path / "default" / "journal.twitchlog"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
