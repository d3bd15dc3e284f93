"""Why a journal file could not be opened or written; each message names the problem."""

from __future__ import annotations

from pathlib import Path


class JournalError(Exception):
    """Base for every problem the store reports to a person."""


class JournalOpenError(JournalError):
    """The file was refused and left untouched."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NotAJournalError(JournalOpenError):
    """The file is not a TwitchLog journal (another kind of file or database)."""


class NewerJournalError(JournalOpenError):
    """The file was written by a newer TwitchLog whose schema this one does not know."""


class DamagedJournalError(JournalOpenError):
    """The file is a journal but SQLite reports damage (truncated, corrupted)."""


class MigrationError(JournalOpenError):
    """Upgrading the file to this version's schema failed; it was rolled back unchanged."""


class JournalWriteError(JournalError):
    """A write failed (disk full, read-only folder); nothing was changed."""


class NotFoundError(JournalError):
    """The named entry does not exist (any more)."""


class PassphraseNeededError(NotAJournalError):
    """The file is protected (or foreign): only its passphrase can tell which.

    A :class:`NotAJournalError` to code that only knows plain journals.
    """


class WrongPassphraseError(NotAJournalError):
    """The passphrase does not open the file (or it is foreign); nothing was changed."""


class EncryptionUnavailableError(JournalError):
    """SQLCipher (the optional ``encryption`` extra) is not installed."""


class UnexpectedSchemaError(JournalOpenError):
    """The file's tables, indexes, triggers or views are not the ones TwitchLog made."""


#: Below this much free space an SQLite "disk I/O error" is a full disk.
FULL_DISK_BYTES = 1024 * 1024


def disk_is_full(folder: Path | str) -> bool:
    """Whether the file system holding ``folder`` has (almost) no space left."""
    import shutil

    try:
        return shutil.disk_usage(folder).free < FULL_DISK_BYTES
    except OSError:
        return False


def short_problems(problems: list[str], limit: int = 2, width: int = 160) -> str:
    """SQLite's damage report (it can run to hundreds of lines) as at most ``limit``
    short items and a count of the rest, so a message stays one to three lines."""
    items = [" ".join(p.split())[:width] for p in problems[:limit]]
    text = "; ".join(items)
    if len(problems) > limit:
        text += f" (and {len(problems) - limit} more problems)"
    return text
