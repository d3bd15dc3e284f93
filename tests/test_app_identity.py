"""What the app says it is: one version (pyproject.toml), its name, icon and desktop id."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import twitchlog
from twitchlog.cli import main

ROOT = Path(__file__).resolve().parent.parent
PROJECT_VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_the_version_comes_from_the_package_metadata(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert twitchlog.__version__ == PROJECT_VERSION
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"TwitchLog {PROJECT_VERSION}\n"


@pytest.mark.parametrize("folders", [["twitchlog-9.9.0.dist-info"], ["twitchlog.egg-info"],
                                     ["twitchlog-9.9.0.dist-info", "twitchlog-9.9.1.dist-info"]])
def test_the_version_is_the_one_importlib_metadata_finds_first(
        folders: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Start-up reads the metadata file itself; it must never disagree with the library
    (a source checkout's ``.egg-info`` or a stale second install first on the path)."""
    from importlib.metadata import version as metadata_version

    for number, name in enumerate(folders):
        folder = tmp_path / name
        folder.mkdir()
        headers = "PKG-INFO" if name.endswith(".egg-info") else "METADATA"
        (folder / headers).write_text("Metadata-Version: 2.1\nName: twitchlog\n"
                                      f"Version: 9.9.{number}\n\nA description.\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    twitchlog.version.cache_clear()
    try:
        assert twitchlog.version() == metadata_version("twitchlog")
        assert twitchlog.version().startswith("9.9.")
    finally:
        twitchlog.version.cache_clear()


def test_the_application_announces_its_names_icon_and_desktop_entry(qapp) -> None:
    from twitchlog.ui.app import create_application

    app = create_application()
    assert app.applicationName() == "TwitchLog"
    assert app.organizationName() == "TwitchLog"
    assert app.applicationVersion() == PROJECT_VERSION
    assert app.desktopFileName() == twitchlog.APP_ID
    assert {16, 48, 256} <= {size.width() for size in app.windowIcon().availableSizes()}
    desktop = ROOT / "resources" / "desktop" / f"{twitchlog.APP_ID}.desktop"
    assert desktop.is_file()


def test_the_window_and_the_tray_show_the_app_icon(qtbot, journal, tmp_path: Path) -> None:
    from app_support import FakeClock, isolate_app_settings

    from twitchlog.ui.context import JournalContext
    from twitchlog.ui.main_window import MainWindow
    from twitchlog.ui.resources import app_icon
    from twitchlog.ui.tray import TrayController

    isolate_app_settings(tmp_path / "qsettings")
    window = MainWindow(JournalContext(journal), clock=FakeClock())
    qtbot.addWidget(window)
    tray = TrayController(window)
    expected = app_icon().pixmap(32, 32).toImage()
    assert window.windowIcon().pixmap(32, 32).toImage() == expected
    assert tray.icon.icon().pixmap(32, 32).toImage() == expected
    tray.icon.hide()
