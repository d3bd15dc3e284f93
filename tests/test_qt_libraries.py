"""A missing X11 library is named, with the command that installs it, before Qt aborts."""

from __future__ import annotations

from pathlib import Path

import pytest

from twitchlog.ui import qt_libraries
from twitchlog.ui.app import run_app

DEBIAN = {"ID": "debian"}


def _lacking(*names: str):
    return lambda soname: soname not in names


@pytest.mark.parametrize(("env", "expected"), [
    ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, False),
    ({"QT_QPA_PLATFORM": "xcb"}, True),
    ({"QT_QPA_PLATFORM": "xcb:nograb"}, True),
    ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, False),
    ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}, True),
    ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, False),
])
def test_the_check_runs_only_where_qt_will_use_xcb(env: dict[str, str], expected: bool) -> None:
    assert qt_libraries.will_use_xcb(env, "linux", _lacking()) is expected


def test_a_wayland_session_without_wayland_libraries_falls_back_to_xcb() -> None:
    env = {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert qt_libraries.will_use_xcb(env, "linux", _lacking("libwayland-cursor.so.0"))
    assert not qt_libraries.will_use_xcb({"DISPLAY": ":0"}, "darwin", _lacking())


@pytest.mark.parametrize(("release", "command"), [
    ({"ID": "ubuntu", "ID_LIKE": "debian"}, "sudo apt install libxcb-cursor0 libxcb-icccm4"),
    ({"ID": "fedora"}, "sudo dnf install xcb-util-cursor xcb-util-wm"),
    ({"ID": "endeavouros", "ID_LIKE": "arch"},
     "sudo pacman -S --needed xcb-util-cursor xcb-util-wm"),
])
def test_the_message_names_the_libraries_and_the_command_for_this_system(
        release: dict[str, str], command: str) -> None:
    message = qt_libraries.problem({"DISPLAY": ":0"},
                                   _lacking("libxcb-cursor.so.0", "libxcb-icccm.so.4"), release)
    assert message is not None and "\n" not in message
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4" in message
    assert message.endswith(f"install them with: {command}")


def test_an_unknown_system_gets_all_three_commands() -> None:
    message = qt_libraries.problem({"DISPLAY": ":0"}, _lacking("libxkbcommon-x11.so.0"), {})
    assert message is not None
    assert "sudo apt install libxkbcommon-x11-0 (Debian, Ubuntu)" in message
    assert "sudo dnf install libxkbcommon-x11 (Fedora)" in message
    assert "sudo pacman -S --needed libxkbcommon-x11 (Arch)" in message


def test_nothing_to_say_when_every_library_loads_or_qt_is_offscreen() -> None:
    assert qt_libraries.problem({"DISPLAY": ":0"}, _lacking(), DEBIAN) is None
    assert qt_libraries.problem({"QT_QPA_PLATFORM": "offscreen"},
                                _lacking("libxcb.so.1"), DEBIAN) is None


def test_os_release_is_read_with_its_quotes_removed(tmp_path: Path) -> None:
    path = tmp_path / "os-release"
    path.write_text('NAME="Fedora Linux"\nID=fedora\nID_LIKE="rhel centos"\n')
    assert qt_libraries.os_release(path)["ID_LIKE"] == "rhel centos"
    assert qt_libraries.os_release(tmp_path / "absent") == {}


def test_the_app_stops_with_one_line_before_opening_anything(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(qt_libraries, "_loads", _lacking("libxcb-keysyms.so.1"))
    journal = tmp_path / "journal.twitchlog"
    assert run_app(str(journal)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("twitchlog: error: TwitchLog cannot open its window")
    assert "libxcb-keysyms.so.1" in err
    assert not journal.exists()
