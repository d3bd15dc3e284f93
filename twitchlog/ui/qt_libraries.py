"""Before the window opens on Linux: are the system libraries Qt's X11 support needs here?

PySide6 ships Qt but not the X11 client libraries its ``xcb`` platform plugin links to; when
one is missing, Qt prints "Could not load the Qt platform plugin" and aborts. This check
loads the same libraries first and, if any is missing, names them with the exact install
command for this system. It runs only when Qt will use xcb: not offscreen, and not in a
Wayland session, where Qt 6 uses the Wayland plugin that PySide6 also ships.

``python -m twitchlog.ui.qt_libraries`` prints the missing Debian packages (for ``make run``).
"""

from __future__ import annotations

import ctypes
import os
import shlex
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple


class Package(NamedTuple):
    apt: str
    dnf: str
    pacman: str


#: What Qt 6's xcb plugin (``libqxcb.so`` and ``libQt6XcbQpa``) loads that a desktop may lack,
#: with the package that provides it on Debian/Ubuntu, Fedora and Arch.
XCB_LIBRARIES: dict[str, Package] = {
    "libxcb.so.1": Package("libxcb1", "libxcb", "libxcb"),
    "libX11.so.6": Package("libx11-6", "libX11", "libx11"),
    "libX11-xcb.so.1": Package("libx11-xcb1", "libX11-xcb", "libx11"),
    "libxkbcommon.so.0": Package("libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    "libxkbcommon-x11.so.0": Package("libxkbcommon-x11-0", "libxkbcommon-x11",
                                     "libxkbcommon-x11"),
    "libxcb-cursor.so.0": Package("libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    "libxcb-icccm.so.4": Package("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    "libxcb-image.so.0": Package("libxcb-image0", "xcb-util-image", "xcb-util-image"),
    "libxcb-keysyms.so.1": Package("libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": Package("libxcb-render-util0", "xcb-util-renderutil",
                                       "xcb-util-renderutil"),
    "libxcb-util.so.1": Package("libxcb-util1", "xcb-util", "xcb-util"),
    "libxcb-randr.so.0": Package("libxcb-randr0", "libxcb", "libxcb"),
    "libxcb-render.so.0": Package("libxcb-render0", "libxcb", "libxcb"),
    "libxcb-shape.so.0": Package("libxcb-shape0", "libxcb", "libxcb"),
    "libxcb-shm.so.0": Package("libxcb-shm0", "libxcb", "libxcb"),
    "libxcb-sync.so.1": Package("libxcb-sync1", "libxcb", "libxcb"),
    "libxcb-xfixes.so.0": Package("libxcb-xfixes0", "libxcb", "libxcb"),
    "libxcb-xkb.so.1": Package("libxcb-xkb1", "libxcb", "libxcb"),
    "libEGL.so.1": Package("libegl1", "libglvnd-egl", "libglvnd"),
    "libGL.so.1": Package("libgl1", "libglvnd-glx", "libglvnd"),
    "libfontconfig.so.1": Package("libfontconfig1", "fontconfig", "fontconfig"),
    "libdbus-1.so.3": Package("libdbus-1-3", "dbus-libs", "dbus"),
}
#: What the Wayland plugin needs; without them Qt falls back to xcb.
WAYLAND_LIBRARIES = ("libwayland-client.so.0", "libwayland-cursor.so.0", "libxkbcommon.so.0")


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def will_use_xcb(env: Mapping[str, str], platform: str | None = None,
                 loads: Callable[[str], bool] | None = None) -> bool:
    """Whether Qt will pick its X11 plugin, following Qt 6's own choice."""
    platform = sys.platform if platform is None else platform
    loads = _loads if loads is None else loads
    if not platform.startswith(("linux", "freebsd")):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0].strip() == "xcb"
    if env.get("XDG_SESSION_TYPE") == "wayland" or (env.get("WAYLAND_DISPLAY")
                                                     and not env.get("DISPLAY")):
        return not all(loads(name) for name in WAYLAND_LIBRARIES)
    return True


def missing_libraries(loads: Callable[[str], bool] | None = None) -> list[str]:
    loads = _loads if loads is None else loads
    return [name for name in XCB_LIBRARIES if not loads(name)]


def os_release(path: Path = Path("/etc/os-release")) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    values = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key.strip()] = value.strip().strip("\"'")
    return values


def install_command(missing: list[str], release: Mapping[str, str]) -> str:
    """The command for this system's package manager (all three when it is not known)."""
    family = f"{release.get('ID', '')} {release.get('ID_LIKE', '')}".lower().split()

    def command(tool: str, field: str) -> str:
        names = sorted({getattr(XCB_LIBRARIES[name], field) for name in missing})
        return f"sudo {tool} {' '.join(shlex.quote(n) for n in names)}"

    apt = command("apt install", "apt")
    dnf = command("dnf install", "dnf")
    pacman = command("pacman -S --needed", "pacman")
    if {"debian", "ubuntu"} & set(family):
        return apt
    if {"fedora", "rhel", "centos"} & set(family):
        return dnf
    if {"arch", "manjaro"} & set(family):
        return pacman
    return f"{apt} (Debian, Ubuntu), {dnf} (Fedora) or {pacman} (Arch)"


def problem(env: Mapping[str, str] | None = None,
            loads: Callable[[str], bool] | None = None,
            release: Mapping[str, str] | None = None) -> str | None:
    """One line naming the missing libraries and how to install them, or ``None`` if fine."""
    env = os.environ if env is None else env
    if not will_use_xcb(env, loads=loads):
        return None
    missing = missing_libraries(loads)
    if not missing:
        return None
    return (f"TwitchLog cannot open its window: Qt's X11 support needs "
            f"{', '.join(missing)}, missing on this system; install "
            f"{'it' if len(missing) == 1 else 'them'} with: "
            f"{install_command(missing, os_release() if release is None else release)}")


def main() -> int:
    """Print the Debian packages still missing (nothing when all are there)."""
    missing = missing_libraries()
    if missing:
        print(" ".join(sorted({XCB_LIBRARIES[name].apt for name in missing})))
    return 0


if __name__ == "__main__":
    sys.exit(main())
