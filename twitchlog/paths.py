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
    """Create ``folder`` (and missing parents), each new one 0700 on POSIX whatever the
    umask. A folder that already exists is never changed: it may be shared on purpose
    (a sticky ``/tmp``-like folder, a group folder), and its mode is its owner's choice."""
    missing: list[Path] = []
    current = Path(folder)
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for new in reversed(missing):
        try:
            new.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made meanwhile by someone else: theirs, leave it
        if os.name == "posix":
            os.chmod(new, 0o700)
    if not Path(folder).is_dir():
        raise NotADirectoryError(f"{folder} is not a folder")


def folder_open_to_others(folder: Path) -> bool:
    """Whether other users may list or read ``folder`` (POSIX group/other bits)."""
    if os.name != "posix":
        return False
    try:
        return bool(os.stat(folder).st_mode & 0o077)
    except OSError:
        return False


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
