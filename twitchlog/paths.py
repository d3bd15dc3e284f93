"""Where journals live, and how their files and folders are made private."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

JOURNAL_FILENAME = "journal.twitchlog"
DEMO_FILENAME = "demo.twitchlog"
ENV_VAR = "TWITCHLOG_DB"


def data_dir() -> Path:
    """The platform's per-user data folder for TwitchLog (not created here)."""
    from platformdirs import user_data_path

    return user_data_path("TwitchLog", appauthor=False)


def default_journal_path() -> Path:
    """``$TWITCHLOG_DB`` if set, else ``journal.twitchlog`` in the user data folder."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return data_dir() / JOURNAL_FILENAME


def demo_journal_path() -> Path:
    """The demo journal: a separate file beside the real one."""
    return default_journal_path().with_name(DEMO_FILENAME)


def resolve_journal_path(db: str | os.PathLike[str] | None) -> Path:
    """``--db`` wins over ``$TWITCHLOG_DB``, which wins over the default."""
    return Path(db).expanduser() if db else default_journal_path()


def ensure_private_dir(folder: Path) -> None:
    """Create ``folder`` (and parents) and make it 0700 on POSIX, whatever the umask."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, 0o700)


def make_private(path: Path) -> None:
    """Set a file to 0600 on POSIX (owner read/write only); missing files are ignored."""
    if os.name == "posix":
        with contextlib.suppress(FileNotFoundError):
            os.chmod(path, 0o600)


def create_private_file(path: Path) -> None:
    """Create an empty file with mode 0600 before anything writes into it."""
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        if os.name == "posix":
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def create_private_dirs(folder: Path) -> None:
    """Create ``folder`` and any missing parents as 0700 on POSIX, whatever the umask.

    Folders that already exist are left exactly as they are: they belong to the person.
    """
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made by someone else meanwhile: theirs, not ours
        if os.name == "posix":
            os.chmod(path, 0o700)
