"""The launcher for pip/pipx installs: what lands in the user's data folder, and that the
freedesktop validators accept it."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from twitchlog import APP_ID, desktop_entry
from twitchlog.cli import main

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"


def _validator(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing; .ci/desktop-deps.sh installs it")
        pytest.skip(f"{name} is not installed (make test installs it)")
    return found


def _desktop_file(home: Path) -> Path:
    return home / "applications" / f"{APP_ID}.desktop"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_install_puts_a_valid_launcher_icons_and_metainfo_in_xdg_data_home(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "xdg-data"  # conftest points XDG_DATA_HOME here
    assert main(["install-desktop-entry"]) == 0
    assert "Installed the TwitchLog launcher" in capsys.readouterr().out
    entry = _desktop_file(home)
    text = entry.read_text()
    assert f"Exec={desktop_entry.launcher()[0]}\n" in text
    assert f"Icon={APP_ID}\n" in text
    checked = subprocess.run([_validator("desktop-file-validate"), str(entry)],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout
    metainfo = home / "metainfo" / f"{APP_ID}.metainfo.xml"
    checked = subprocess.run([_validator("appstreamcli"), "validate", "--no-net", "--strict",
                              str(metainfo)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout
    icons = home / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == (
        RESOURCES / "icons" / "twitchlog.svg").read_bytes()
    for size in desktop_entry.PNG_SIZES:
        assert _png_size(icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)


def test_an_exec_path_with_spaces_and_dollars_is_quoted_as_the_spec_says(
        tmp_path: Path) -> None:
    home = tmp_path / "data"
    desktop_entry.install(home, ["/opt/My Apps/twitch$log", "--db", "/tmp/100%.twitchlog"])
    line = next(x for x in _desktop_file(home).read_text().splitlines()
                if x.startswith("Exec="))
    assert line == r'Exec="/opt/My Apps/twitch\\$log" --db /tmp/100%%.twitchlog'
    checked = subprocess.run([_validator("desktop-file-validate"), str(_desktop_file(home))],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout


def test_uninstall_removes_exactly_what_install_wrote(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "xdg-data"
    neighbour = home / "applications" / "org.example.Other.desktop"
    neighbour.parent.mkdir(parents=True)
    neighbour.write_text("[Desktop Entry]\n")
    written = desktop_entry.install()
    assert all(path.is_file() for path in written) and len(written) == 10
    assert main(["uninstall-desktop-entry"]) == 0
    assert "Removed 10 launcher" in capsys.readouterr().out
    assert not any(path.exists() for path in written)
    assert neighbour.read_text() == "[Desktop Entry]\n"
    assert main(["uninstall-desktop-entry"]) == 0
    assert "No TwitchLog launcher was installed" in capsys.readouterr().out


def test_a_failed_install_leaves_nothing_behind_and_says_why_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "xdg-data"
    home.mkdir()
    (home / "icons").write_text("not a folder")  # the icon folders cannot be made
    assert main(["install-desktop-entry"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "icons" in err
    assert sorted(p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file()) == [
        "icons"]


def test_the_shipped_png_icons_have_the_size_their_folder_names() -> None:
    folders = sorted((RESOURCES / "icons" / "hicolor").iterdir())
    assert {f.name for f in folders} == {f"{n}x{n}" for n in desktop_entry.PNG_SIZES}
    for folder in folders:
        size = int(folder.name.split("x")[0])
        assert _png_size(folder / "twitchlog.png") == (size, size)


def test_the_metainfo_names_the_launcher_and_the_readme_screenshots() -> None:
    text = (RESOURCES / "desktop" / f"{APP_ID}.metainfo.xml").read_text()
    assert f"<id>{APP_ID}</id>" in text
    assert f"<launchable type=\"desktop-id\">{APP_ID}.desktop</launchable>" in text
    readme = (ROOT / "README.md").read_text()
    shots = [line.split("/resources/screenshots/")[1].split("<")[0]
             for line in text.splitlines() if "<image>" in line]
    assert len(shots) >= 3
    for name in shots:
        assert (RESOURCES / "screenshots" / name).is_file()
        assert f"resources/screenshots/{name}" in readme


def test_the_bundle_is_its_own_launcher_for_the_menu_and_the_login_entry(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from twitchlog import autostart

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/twitchlog/twitchlog")
    assert desktop_entry.launcher() == ["/opt/twitchlog/twitchlog"]
    assert autostart.launch_command() == ["/opt/twitchlog/twitchlog", "--tray"]
    assert f"Icon={APP_ID}\n" in autostart.desktop_entry(autostart.launch_command()).decode()
