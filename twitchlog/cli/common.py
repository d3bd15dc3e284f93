"""What every sub-command shares: opening the journal, and failing with one clear line."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from twitchlog.atomic import WriteFailedError
from twitchlog.cli.safe_output import shown
from twitchlog.paths import resolve_journal_path
from twitchlog.store import DamagedJournalError, Journal, JournalError
from twitchlog.store.backups import auto_backup_on_open, backup_dir, backup_path_before_migration
from twitchlog.store.connection import check_path_kind
from twitchlog.store.safety import (
    folder_warning_due,
    remember_folder_warning,
    remember_storage_warning,
    storage_warning_due,
)
from twitchlog.validation import EARLIEST_DATE, ValidationError, latest_date, parse_date

EXIT_ERROR = 2


class CommandError(Exception):
    """A problem to report in one line on stderr, with exit status 2."""


def fail(message: str) -> int:
    print(f"twitchlog: error: {shown(message)}", file=sys.stderr)
    return EXIT_ERROR


@contextlib.contextmanager
def open_journal(args: argparse.Namespace, *, create: bool = True) -> Iterator[Journal]:
    """The journal named by ``--db`` / ``$TWITCHLOG_DB`` / the default, closed afterwards.

    Every problem a person can cause or meet becomes a :class:`CommandError`.
    """
    path = resolve_journal_path(getattr(args, "db", None))
    require_journal_path(path, exists=not create)
    try:
        journal = Journal.open(path, create=create, before_migrate=backup_path_before_migration)
    except DamagedJournalError as exc:
        raise CommandError(f"{exc}. Nothing was written to it; restore a backup with "
                           f"'twitchlog restore PATH' (backups are in {backup_dir(path)})"
                           ) from None
    except JournalError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"cannot open {path}: {exc.strerror or exc}") from None
    try:
        _after_open(journal)
        yield journal
    except DamagedJournalError as exc:
        raise CommandError(f"{exc}. Nothing was written to it; restore a backup with "
                           f"'twitchlog restore PATH' (backups are in {backup_dir(path)})"
                           ) from None
    except (ValidationError, JournalError, WriteFailedError) as exc:
        raise CommandError(str(exc)) from None
    finally:
        journal.close()


def require_journal_path(path: Path, *, exists: bool) -> None:
    """Refuse, in plain words, a path that is a FIFO, device, folder or dangling link
    (before anything reads it), or that holds no journal when one must exist."""
    try:
        check_path_kind(path)
    except JournalError as exc:
        raise CommandError(str(exc)) from None
    if exists and not path.exists():
        raise CommandError(f"no journal at {path}")


def _after_open(journal: Journal) -> None:
    """What the open did (a foreign ``-wal`` set aside), the daily backup and the
    one-time warnings; none of them stops the command."""
    for notice in journal.notices:
        warn(notice)
    if journal.read_only is not None:
        return  # nothing is written beside a journal that is only read
    try:
        auto_backup_on_open(journal)
    except JournalError as exc:
        warn(f"the daily backup was not made: {exc}")
    exposed = folder_warning_due(journal)
    if exposed is not None:
        warn(exposed)
        remember_folder_warning(journal)
    risk = storage_warning_due(journal)
    if risk is not None:
        warn(risk.message(journal.path).replace("\n\n", " "))
        remember_storage_warning(journal)


def note_plain_export(journal: Journal, what: str) -> None:
    """Exports cannot carry the journal's passphrase: say so (once per export)."""
    from twitchlog.store import cipher

    if cipher.is_protected_file(journal.path):
        note(f"{what} is not protected by the journal's passphrase; keep it somewhere "
             "private")


def warn(message: str) -> None:
    print(f"twitchlog: warning: {shown(message)}", file=sys.stderr)


def note(message: str) -> None:
    """Something the person should know about what was stored (not a problem)."""
    print(f"twitchlog: note: {shown(message)}", file=sys.stderr)


def warn_out_of_range(journal: Journal) -> None:
    """Say that entries an older version stored outside the calendar are left out."""
    episodes, checkins = journal.out_of_range_counts()
    if not episodes and not checkins:
        return
    parts = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in
             ((episodes, "episode"), (checkins, "check-in")) if n]
    fix = "; the app's Journal view can correct or delete the episodes" if episodes else ""
    warn(f"{' and '.join(parts)} dated outside {EARLIEST_DATE.isoformat()} to "
         f"{latest_date().isoformat()} {'is' if episodes + checkins == 1 else 'are'} left out "
         f"(an older version accepted such dates{fix})")


def date_arg(text: str) -> date:
    """argparse type for ISO dates; the message names the value."""
    try:
        return parse_date(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_range_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", type=date_arg, metavar="DATE",
                        help="first day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="end", type=date_arg, metavar="DATE",
                        help="last day (YYYY-MM-DD)")
