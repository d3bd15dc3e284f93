"""``protect``, ``unprotect`` and ``rekey``: a passphrase on the journal and its backups."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twitchlog.cli.common import CommandError
from twitchlog.cli.passphrase import NEW_PASSPHRASE_FILE_ENV, PASSPHRASE_FILE_ENV, ask, ask_new
from twitchlog.paths import resolve_journal_path
from twitchlog.store import JournalError, cipher
from twitchlog.store.safety import running_app_pid

if TYPE_CHECKING:
    from twitchlog.store.protection import ProtectionResult

NO_RECOVERY = ("There is no way to recover a forgotten passphrase: without it the journal "
               "and its backups cannot be read by anyone, you included.")


def register(subparsers: Any) -> None:
    protect = subparsers.add_parser(
        "protect", help="encrypt the journal and its backups with a passphrase",
        description="Encrypt the journal (SQLCipher 4) and every backup with a passphrase "
        f"typed twice, or read from the file named by {NEW_PASSPHRASE_FILE_ENV}. "
        f"{NO_RECOVERY} Close the app first.")
    protect.set_defaults(func=run_protect, unlock=False)
    unprotect = subparsers.add_parser(
        "unprotect", help="decrypt the journal and its backups",
        description="Decrypt the journal and its backups back to plain SQLite files "
        f"(the passphrase from the terminal or {PASSPHRASE_FILE_ENV}). Close the app first.")
    unprotect.set_defaults(func=run_unprotect, unlock=False)
    rekey = subparsers.add_parser(
        "rekey", help="change the passphrase of the journal and its backups",
        description="Re-encrypt the journal and its backups with a new passphrase (typed "
        f"twice, or from the file named by {NEW_PASSPHRASE_FILE_ENV}). Close the app first.")
    rekey.set_defaults(func=run_rekey, unlock=False)


def _journal(args: argparse.Namespace) -> Path:
    path = resolve_journal_path(args.db)
    if not path.is_file():
        raise CommandError(f"no journal at {path}")
    if not cipher.available():
        raise CommandError(cipher.INSTALL_HINT)
    pid = running_app_pid(path)
    if pid is not None:
        raise CommandError(f"the TwitchLog app has {path} open (process {pid}); use "
                           "Settings › Privacy there, or close it first")
    return path


def _current(path: Path) -> str:
    passphrase = ask(f"Current passphrase for {path.name}: ")
    try:
        cipher.check_passphrase(path, passphrase)
    except JournalError as exc:
        raise CommandError(str(exc)) from None
    return passphrase


def run_protect(args: argparse.Namespace) -> int:
    from twitchlog.store import protection

    path = _journal(args)
    if protection.is_protected(path) and not _has_plain_backups(path):
        raise CommandError(f"{path} is already protected; use 'twitchlog rekey' to change "
                           "the passphrase")
    print(NO_RECOVERY)
    passphrase = ask_new(NEW_PASSPHRASE_FILE_ENV)
    result = _run(lambda: protection.protect(path, passphrase))
    print(f"Protected {path} and {_backups(result.backups_converted)} with the passphrase.")
    _report_left(result.backups_left)
    return 0


def run_unprotect(args: argparse.Namespace) -> int:
    from twitchlog.store import protection

    path = _journal(args)
    if not protection.is_protected(path):
        raise CommandError(f"{path} is not protected")
    passphrase = _current(path)
    result = _run(lambda: protection.unprotect(path, passphrase))
    print(f"Removed the protection from {path} and {_backups(result.backups_converted)}; "
          "they are plain SQLite files again.")
    _report_left(result.backups_left)
    return 0


def run_rekey(args: argparse.Namespace) -> int:
    from twitchlog.store import protection

    path = _journal(args)
    if not protection.is_protected(path):
        raise CommandError(f"{path} is not protected; use 'twitchlog protect'")
    old = _current(path)
    print(NO_RECOVERY)
    new = ask_new(NEW_PASSPHRASE_FILE_ENV)
    result = _run(lambda: protection.rekey(path, old, new))
    print(f"Changed the passphrase of {path} and {_backups(result.backups_converted)}.")
    _report_left(result.backups_left)
    return 0


def _run(action: Callable[[], ProtectionResult]) -> ProtectionResult:
    try:
        return action()
    except JournalError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"{exc.strerror or exc}; nothing was changed") from None


def _has_plain_backups(path: Path) -> bool:
    from twitchlog.store.backups import backup_files

    return any(not cipher.is_protected_file(f.path) for f in backup_files(path))


def _backups(n: int) -> str:
    return f"{n} backup" if n == 1 else f"{n} backups"


def _report_left(left: list[Path]) -> None:
    for path in left:
        print(f"Left as it was (another passphrase, or unreadable): {path}")
