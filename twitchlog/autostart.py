"""Start TwitchLog in the tray when the user logs in: the platform's own mechanism.

Linux (and other XDG desktops): a ``.desktop`` file in ``$XDG_CONFIG_HOME/autostart/``.
Windows: a value under ``HKCU\\...\\CurrentVersion\\Run``. macOS: a LaunchAgent plist in
``~/Library/LaunchAgents/``. Each starts ``python -m twitchlog --tray`` with the Python
TwitchLog runs in now, so a virtual environment keeps working. The entry itself is the
setting: it is read back rather than remembered separately.
"""

from __future__ import annotations

import contextlib
import os
import plistlib
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from twitchlog import APP_ID, APP_NAME
from twitchlog.atomic import atomic_write

TRAY_FLAG = "--tray"
DESKTOP_NAME = "twitchlog.desktop"
AGENT_LABEL = "org.twitchlog.TwitchLog"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def launch_command() -> list[str]:
    """The command line of a tray start, with this Python (on Windows its console-less
    ``pythonw.exe``, so no terminal window flashes up at login)."""
    if getattr(sys, "frozen", False):  # the standalone bundle is its own launcher
        return [sys.executable, TRAY_FLAG]
    python = Path(sys.executable)
    if system() == "windows" and python.with_name("pythonw.exe").is_file():
        python = python.with_name("pythonw.exe")
    return [str(python), "-m", "twitchlog", TRAY_FLAG]


def system() -> str:
    """``"windows"``, ``"macos"`` or ``"xdg"`` (Linux and the BSDs)."""
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "xdg"


def entry_path(kind: str | None = None) -> Path | None:
    """Where the file-based entry lives (``None`` on Windows, which uses the registry)."""
    kind = kind or system()
    if kind == "xdg":
        config = os.environ.get("XDG_CONFIG_HOME", "").strip()
        base = Path(config) if config and Path(config).is_absolute() else \
            Path.home() / ".config"
        return base / "autostart" / DESKTOP_NAME
    if kind == "macos":
        return Path.home() / "Library" / "LaunchAgents" / f"{AGENT_LABEL}.plist"
    return None


def is_enabled(kind: str | None = None) -> bool:
    kind = kind or system()
    if kind == "windows":
        return _registry_value() is not None
    path = entry_path(kind)
    return path is not None and path.is_file()


def set_enabled(enabled: bool, kind: str | None = None,
                command: Sequence[str] | None = None) -> None:
    """Create or remove the entry; ``OSError`` says why it could not be done."""
    kind = kind or system()
    command = list(command or launch_command())
    if kind == "windows":
        _set_registry_value(subprocess.list2cmdline(command) if enabled else None)
        return
    path = entry_path(kind)
    assert path is not None
    if not enabled:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    data = desktop_entry(command) if kind == "xdg" else launch_agent(command)
    with atomic_write(path, "wb") as handle:
        handle.write(data)


def desktop_entry(command: Sequence[str]) -> bytes:
    """An XDG desktop entry (Desktop Entry Specification 1.5) that runs ``command``."""
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        f"Name={APP_NAME}",
        "Comment=Muscle twitch journal, started in the tray",
        f"Exec={exec_line(command)}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Utility;",
        "X-GNOME-Autostart-enabled=true",
        "",
    ]
    return "\n".join(lines).encode()


def exec_line(command: Sequence[str]) -> str:
    """Quote arguments as the ``Exec`` key requires (spaces, quotes, ``$``, ``%``...)."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    parts = []
    for arg in command:
        arg = arg.replace("%", "%%")
        if arg and not any(ch in reserved for ch in arg):
            parts.append(arg)
            continue
        escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
        # The desktop file format then escapes each backslash once more.
        parts.append('"' + escaped.replace("\\", "\\\\") + '"')
    return " ".join(parts)


def launch_agent(command: Sequence[str]) -> bytes:
    """A LaunchAgent that runs ``command`` once at login."""
    return plistlib.dumps({
        "Label": AGENT_LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "ProcessType": "Interactive",
    })


if sys.platform == "win32":
    import winreg

    def _registry_value() -> str | None:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                value, _kind = winreg.QueryValueEx(key, APP_NAME)
        except FileNotFoundError:
            return None
        return str(value)

    def _set_registry_value(value: str | None) -> None:
        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0,
                                winreg.KEY_SET_VALUE) as key:
            if value is None:
                with contextlib.suppress(FileNotFoundError):
                    winreg.DeleteValue(key, APP_NAME)
            else:
                winreg.SetValueEx(key, APP_NAME, 0, winreg.REG_SZ, value)

else:

    def _registry_value() -> str | None:
        return None  # no registry, so no entry

    def _set_registry_value(value: str | None) -> None:
        raise OSError("the Windows registry exists only on Windows")
