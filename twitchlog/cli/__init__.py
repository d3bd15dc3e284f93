"""The ``twitchlog`` command: the journal for scripts; with no sub-command, the app.

Each sub-command lives in a module of this package that defines
``register(subparsers)``; errors leave with exit status 2 and one line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import io
import sys
from collections.abc import Sequence
from typing import NoReturn

from twitchlog import version
from twitchlog.cli.common import CommandError, fail
from twitchlog.cli.safe_output import guarded_output
from twitchlog.store.errors import JournalError

#: Modules that contribute sub-commands, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "twitchlog.cli.journal_cmds",
    "twitchlog.cli.exchange_cmds",
    "twitchlog.cli.demo_cmd",
    "twitchlog.cli.backup_cmds",
    "twitchlog.cli.stats_cmd",
    "twitchlog.cli.compare_cmd",
    "twitchlog.cli.report_cmd",
    "twitchlog.cli.desktop_cmds",
    "twitchlog.cli.protect_cmds",
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
    _printable_output()
    parser = build_parser()
    args = parser.parse_args(attach_dash_values(parser, sys.argv[1:] if argv is None
                                                else list(argv)))
    if args.command is None:
        from twitchlog.ui.app import run_app

        return run_app(db=args.db, tray=args.tray)
    with guarded_output():
        return _run_command(args)


def _run_command(args: argparse.Namespace) -> int:
    """The sub-command, every error turned into one line with exit status 2."""
    try:
        if getattr(args, "unlock", True):
            from twitchlog.cli.passphrase import unlock
            from twitchlog.paths import resolve_journal_path

            unlock(resolve_journal_path(args.db))
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
    except Exception as exc:  # the last resort: one line, never a traceback
        return fail(unexpected(exc))


def unexpected(exc: BaseException) -> str:
    """One line for an error no command foresaw, naming its type so it can be reported.

    Writes are transactions, so whatever was under way was rolled back.
    """
    detail = " ".join(str(exc).split())
    if len(detail) > 200:
        detail = detail[:197] + "…"
    return (f"unexpected {type(exc).__name__}: {detail or 'no details'} (nothing half-written "
            "was kept; please report this)")


def _printable_output() -> None:
    """Text from the journal or a file name with undecodable bytes is shown escaped
    rather than failing the command halfway through its output."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def attach_dash_values(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """``--note -2+3`` as ``--note=-2+3``: a value starting with ``-`` that is not an
    option would otherwise be read as one (argparse accepts only plain negative numbers)."""
    options: set[str] = set()
    takes_value: set[str] = set()
    for sub in _parsers(parser):
        for action in sub._actions:
            options.update(action.option_strings)
            if action.nargs is None and action.option_strings and not isinstance(
                    action, _NO_VALUE_ACTIONS):
                takes_value.update(o for o in action.option_strings if o.startswith("--"))
    result: list[str] = []
    i = 0
    while i < len(argv):
        item = argv[i]
        if item == "--":
            result.extend(argv[i:])
            break
        following = argv[i + 1] if i + 1 < len(argv) else None
        if (item in takes_value and following is not None and following.startswith("-")
                and following.split("=", 1)[0] not in options and following != "--"):
            result.append(f"{item}={following}")
            i += 2
            continue
        result.append(item)
        i += 1
    return result


_NO_VALUE_ACTIONS = (argparse._StoreConstAction, argparse._HelpAction, argparse._VersionAction,
                     argparse._CountAction)


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found.extend(_parsers(sub))
    return found


if __name__ == "__main__":
    sys.exit(main())
