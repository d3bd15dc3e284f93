"""The ``twitchlog`` command: the journal for scripts; with no sub-command, the app.

Each sub-command lives in a module of this package that defines
``register(subparsers)``; errors leave with exit status 2 and one line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from twitchlog import version
from twitchlog.cli.common import CommandError, fail
from twitchlog.store.errors import JournalError

#: Modules that contribute sub-commands, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "twitchlog.cli.journal_cmds",
    "twitchlog.cli.exchange_cmds",
    "twitchlog.cli.demo_cmd",
    "twitchlog.cli.backup_cmds",
    "twitchlog.cli.stats_cmd",
    "twitchlog.cli.report_cmd",
    "twitchlog.cli.desktop_cmds",
)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


class _VersionAction(argparse.Action):
    """``--version``: the package metadata is read only when asked (start-up stays quick)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> NoReturn:
        print(f"TwitchLog {version()}")
        parser.exit(0)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="twitchlog",
        description="TwitchLog: a private journal for muscle twitches. "
        "Without a sub-command, opens the desktop app.",
    )
    parser.add_argument("--db", metavar="PATH",
                        help="journal file (default: $TWITCHLOG_DB or the user data folder)")
    parser.add_argument("--tray", "--minimized", action="store_true",
                        help="start the app in the tray without a window (used at login)")
    parser.add_argument("--version", action=_VersionAction, nargs=0,
                        help="show the installed version and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from twitchlog.ui.app import run_app

        return run_app(db=args.db, tray=args.tray)
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        return fail(str(exc))
    except JournalError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("interrupted; nothing half-written was kept")
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a file problem no command foresaw: one line, no traceback
        where = f" ({exc.filename})" if exc.filename else ""
        return fail(f"{exc.strerror or exc}{where}")


if __name__ == "__main__":
    sys.exit(main())
