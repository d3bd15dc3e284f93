"""Starting in the tray at login: the entry appears, is valid, starts with --tray, goes away."""

from __future__ import annotations

import configparser
import plistlib
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from twitchlog import autostart
from twitchlog.cli import build_parser


def test_the_xdg_entry_is_created_valid_and_removed(tmp_path: Path) -> None:
    path = autostart.entry_path("xdg")
    assert path == tmp_path / "xdg-config" / "autostart" / "twitchlog.desktop"
    assert not autostart.is_enabled("xdg")
    command = ["/opt/my apps/python3", "-m", "twitchlog", "--tray"]
    autostart.set_enabled(True, "xdg", command)
    assert autostart.is_enabled("xdg") and path.is_file()
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(path)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(path)
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Name"] == "TwitchLog"
    exec_value = section["Exec"].replace("\\\\", "\\")  # the file format's own escape
    assert shlex.split(exec_value) == command
    autostart.set_enabled(False, "xdg")
    assert not path.exists() and not autostart.is_enabled("xdg")
    autostart.set_enabled(False, "xdg")  # removing twice is fine


def test_the_default_command_runs_this_python_in_the_tray() -> None:
    command = autostart.launch_command()
    assert command[1:] == ["-m", "twitchlog", "--tray"]
    assert build_parser().parse_args(command[3:]).tray is True
    assert build_parser().parse_args(["--minimized"]).tray is True
    assert build_parser().parse_args([]).tray is False


def test_a_percent_sign_and_quotes_are_escaped_for_exec() -> None:
    line = autostart.exec_line(["/usr/bin/python3", "100%", 'say "hi"'])
    assert line == '/usr/bin/python3 100%% "say \\\\"hi\\\\""'


def test_the_macos_launch_agent_runs_at_load(tmp_path: Path) -> None:
    autostart.set_enabled(True, "macos", ["/usr/bin/python3", "-m", "twitchlog", "--tray"])
    path = autostart.entry_path("macos")
    assert path == tmp_path / "home" / "Library" / "LaunchAgents" / "org.twitchlog.TwitchLog.plist"
    agent = plistlib.loads(path.read_bytes())
    assert agent["RunAtLoad"] is True and agent["Label"] == "org.twitchlog.TwitchLog"
    assert agent["ProgramArguments"][-1] == "--tray"
    autostart.set_enabled(False, "macos")
    assert not path.exists()


def test_a_folder_that_cannot_be_written_raises_a_clear_oserror(tmp_path: Path) -> None:
    (tmp_path / "xdg-config").mkdir()
    (tmp_path / "xdg-config" / "autostart").write_text("a file, not a folder")
    with pytest.raises(OSError):
        autostart.set_enabled(True, "xdg", ["python3"])
