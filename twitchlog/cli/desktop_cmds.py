"""``install-desktop-entry`` / ``uninstall-desktop-entry``: the menu launcher for pip installs."""

from __future__ import annotations

import argparse
from typing import Any

from twitchlog import desktop_entry
from twitchlog.cli.common import CommandError


def register(subparsers: Any) -> None:
    install = subparsers.add_parser(
        "install-desktop-entry", help="add TwitchLog to the desktop's application menu",
        description="Install a launcher (.desktop file), the app icon and its AppStream "
        "metainfo into $XDG_DATA_HOME (default ~/.local/share), pointing at this "
        "installation of twitchlog. For pip and pipx installs and the bundle on Linux.")
    install.set_defaults(func=run_install, unlock=False)
    uninstall = subparsers.add_parser(
        "uninstall-desktop-entry", help="remove TwitchLog from the application menu",
        description="Remove the files install-desktop-entry wrote. Your journal and its "
        "backups are not touched.")
    uninstall.set_defaults(func=run_uninstall, unlock=False)


def run_install(args: argparse.Namespace) -> int:
    try:
        written = desktop_entry.install()
    except desktop_entry.DesktopEntryError as exc:
        raise CommandError(str(exc)) from None
    print(f"Installed the TwitchLog launcher: {written[0]}")
    print(f"and {len(written) - 1} icon and metainfo files under {desktop_entry.data_home()}")
    return 0


def run_uninstall(args: argparse.Namespace) -> int:
    try:
        removed = desktop_entry.uninstall()
    except desktop_entry.DesktopEntryError as exc:
        raise CommandError(str(exc)) from None
    if not removed:
        print(f"No TwitchLog launcher was installed under {desktop_entry.data_home()}")
    else:
        print(f"Removed {len(removed)} launcher, icon and metainfo files from "
              f"{desktop_entry.data_home()}; your journal and backups are kept")
    return 0
