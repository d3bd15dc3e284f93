"""The launcher entry for pip, pipx and bundle installs: menu item, icons, AppStream data.

``twitchlog install-desktop-entry`` copies the shipped ``.desktop`` file (its ``Exec``
pointing at this installation's ``twitchlog``), the icon in every hicolor size and the
AppStream metainfo into ``$XDG_DATA_HOME`` (``~/.local/share``), where freedesktop menus
and software centres look. ``uninstall-desktop-entry`` removes exactly those files.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from twitchlog import APP_ID, assets
from twitchlog.atomic import WriteFailedError, atomic_write
from twitchlog.autostart import exec_line

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)


class DesktopEntryError(Exception):
    """Installing or removing the entry is impossible here; the message says why."""


@dataclass(frozen=True)
class Planned:
    target: Path
    content: bytes


def data_home() -> Path:
    """``$XDG_DATA_HOME`` when it is an absolute path (as the spec says), else ~/.local/share."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and os.path.isabs(value) else Path.home() / ".local" / "share"


def launcher() -> list[str]:
    """The command that starts this installation: the bundle, the venv's script, or Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = Path(sys.executable).parent / ("twitchlog.exe" if os.name == "nt" else "twitchlog")
    if script.is_file():
        return [str(script)]
    found = shutil.which("twitchlog")
    return [found] if found else [sys.executable, "-m", "twitchlog"]


def desktop_entry_text(command: list[str]) -> str:
    """The shipped entry with ``Exec``/``TryExec`` pointing at ``command``."""
    template = assets.read_bytes("desktop", f"{APP_ID}.desktop").decode("utf-8")
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_line(command)}"
        elif line.startswith("TryExec="):
            line = f"TryExec={command[0]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def plan(home: Path, command: list[str]) -> list[Planned]:
    """Every file the entry consists of, with its content."""
    icons = home / "icons" / "hicolor"
    planned = [
        Planned(home / "applications" / f"{APP_ID}.desktop",
                desktop_entry_text(command).encode("utf-8")),
        Planned(home / "metainfo" / f"{APP_ID}.metainfo.xml",
                assets.read_bytes("desktop", f"{APP_ID}.metainfo.xml")),
        Planned(icons / "scalable" / "apps" / f"{APP_ID}.svg",
                assets.read_bytes("icons", "twitchlog.svg")),
    ]
    for size in PNG_SIZES:
        planned.append(Planned(icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png",
                               assets.read_bytes("icons", "hicolor", f"{size}x{size}",
                                                 "twitchlog.png")))
    return planned


def _require_freedesktop() -> None:
    if sys.platform == "win32" or sys.platform == "darwin":
        raise DesktopEntryError("desktop entries are for Linux and other freedesktop systems; "
                                "on Windows and macOS the TwitchLog bundle is the app to keep")


def install(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the entry; all or nothing: on a failure, files this call created are removed."""
    _require_freedesktop()
    planned = plan(home or data_home(), command or launcher())
    created: list[Path] = []
    try:
        for item in planned:
            existed = item.target.exists()
            try:
                item.target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise WriteFailedError(exc.errno, f"cannot create {item.target.parent}: "
                                       f"{exc.strerror}") from exc
            with atomic_write(item.target, "wb") as handle:
                handle.write(item.content)
            item.target.chmod(0o644)  # public launcher data, like a packaged app's
            if not existed:
                created.append(item.target)
    except WriteFailedError as exc:
        for path in created:
            path.unlink(missing_ok=True)
        raise DesktopEntryError(str(exc)) from None
    return [item.target for item in planned]


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove the entry's files; returns those that were there."""
    _require_freedesktop()
    removed = []
    for item in plan(home or data_home(), ["twitchlog"]):
        try:
            item.target.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise DesktopEntryError(f"cannot remove {item.target}: {exc.strerror}") from None
        removed.append(item.target)
    return removed
