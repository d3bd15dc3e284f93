"""``backup`` and ``restore``: consistent copies of the journal, and putting one back."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path
from typing import Any

from twitchlog.cli.common import CommandError, open_journal, require_journal_path
from twitchlog.cli.safe_output import shown
from twitchlog.paths import resolve_journal_path
from twitchlog.store import Journal, JournalError
from twitchlog.store.backups import (
    backup_dir,
    backup_journal,
    backup_name,
    backup_path_before_migration,
    create_backup,
    describe,
    list_backups,
    restore_backup,
    utc_now,
)
from twitchlog.store.connection import check_identity
from twitchlog.store.safety import running_app_pid
from twitchlog.store.write_lock import lock_path


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup", help="make a consistent copy of the journal",
        description="Copy the journal with SQLite's backup API (safe while the app is "
        "open). Without --out the copy goes to the backups folder beside the journal, "
        "where old copies are rotated (7 daily, 4 weekly, 12 monthly). --out replaces an "
        "earlier backup there, but an existing journal only with --force.")
    backup.add_argument("--out", metavar="PATH",
                        help="write the copy here (a file, or an existing folder)")
    backup.add_argument("--force", action="store_true",
                        help="with --out: replace an existing TwitchLog journal there")
    backup.add_argument("--list", action="store_true",
                        help="list the backups in the backups folder instead")
    backup.set_defaults(func=run_backup)

    restore = subparsers.add_parser(
        "restore", help="replace the journal with a backup",
        description="Check a backup (integrity, TwitchLog journal, not from a newer "
        "version), save the current journal to the backups folder, then swap the "
        "backup in. Close the app first.")
    restore.add_argument("path", metavar="PATH", help="the backup file to restore")
    restore.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    journal_path = resolve_journal_path(args.db)
    if args.list:
        return _list(journal_path)
    require_journal_path(journal_path, exists=True)
    if args.force and not args.out:
        raise CommandError("--force only applies with --out")
    out = (_output_path(Path(args.out).expanduser(), journal_path, force=args.force)
           if args.out else None)
    with open_journal(args, create=False) as journal:
        counts = journal.counts()
        if out is None:
            target = backup_journal(journal, "manual")
        else:
            target = create_backup(journal, "manual", out=out)
    print(f"Backed up {_entries(counts['episodes'], counts['checkins'])} to {target}")
    return 0


def _output_path(out: Path, journal_path: Path, *, force: bool = False) -> Path:
    """Where ``--out`` writes: inside a folder, or a file that is not something else.

    An existing TwitchLog journal (someone's live journal, or an older copy) is only
    replaced with ``--force``; any other existing file never is.
    """
    if out.is_dir():
        return out / backup_name(journal_path, utc_now(), "manual")
    if not out.parent.is_dir():
        raise CommandError(f"cannot write {out}: the folder {out.parent} does not exist")
    if out.exists() or out.is_symlink():
        if not out.is_file():
            raise CommandError(f"{out} is not a regular file; refusing to write there")
        if out.resolve() == journal_path.resolve():
            raise CommandError(f"{out} is the journal itself; choose another file")
        try:
            version = check_identity(out)
            empty = out.stat().st_size == 0
        except (JournalError, OSError):
            raise CommandError(f"{out} exists and is not a TwitchLog backup; "
                               "refusing to overwrite it") from None
        if not empty and version and not force and _is_live_journal(out):
            raise CommandError(f"{out} is an existing TwitchLog journal, not a backup; add "
                               "--force to replace it with this backup")
    return out


def _is_live_journal(path: Path) -> bool:
    """A journal in use (write-ahead-log mode, side files or a lock beside it), as
    opposed to a backup copy, which is one self-contained rollback-mode file."""
    with open(path, "rb") as handle:
        header = handle.read(20)
    wal_mode = header[18:20] == b"\x02\x02"
    beside = [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]
    return wal_mode or any(p.exists() for p in beside) or lock_path(path).exists()


def _list(journal_path: Path) -> int:
    infos = list_backups(journal_path)
    if not infos:
        print(f"No backups yet in {backup_dir(journal_path)}")
        return 0
    print(f"Backups in {backup_dir(journal_path)} (newest first):")
    for line in describe(infos):
        print(f"  {shown(line)}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    journal_path = resolve_journal_path(args.db)
    source = Path(args.path).expanduser()
    pid = running_app_pid(journal_path)
    if pid is not None:
        raise CommandError(f"the TwitchLog app has {journal_path} open (process {pid}); "
                           "use File > Restore from backup… there, or close it first")
    _unlock_backup(source)
    try:
        result = restore_backup(journal_path, source)
        with Journal.open(journal_path, before_migrate=backup_path_before_migration) as journal:
            counts = journal.counts()
    except JournalError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"cannot restore {source}: {exc.strerror or exc}") from None
    print(f"Restored {source} ({_entries(counts['episodes'], counts['checkins'])}) "
          f"into {journal_path}")
    if result.safety_backup is not None:
        print(f"The journal as it was before is saved as {result.safety_backup}")
    if result.set_aside is not None:
        print(f"The previous journal could not be read; it was kept aside as {result.set_aside}")
    return 0


def _unlock_backup(source: Path) -> None:
    """A protected backup is restored with its own passphrase (asked unless known)."""
    from twitchlog.cli.passphrase import ask
    from twitchlog.store import cipher
    from twitchlog.store.errors import WrongPassphraseError

    if not cipher.is_protected_file(source):
        return
    if not cipher.available():
        raise CommandError(f"{source} is protected with a passphrase (or is not a "
                           f"TwitchLog backup). {cipher.INSTALL_HINT}")
    known = cipher.passphrase_for(source)  # the journal's, for its own backups
    if known is not None:
        with contextlib.suppress(WrongPassphraseError):
            cipher.unlock(source, known)
            return
    try:
        cipher.unlock(source, ask(f"Passphrase for the backup {source.name}: "))
    except JournalError as exc:
        raise CommandError(str(exc)) from None


def _entries(episodes: int, days: int) -> str:
    e = "episode" if episodes == 1 else "episodes"
    d = "tracked day" if days == 1 else "tracked days"
    return f"{episodes} {e} and {days} {d}"
