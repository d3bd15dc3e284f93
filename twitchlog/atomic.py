"""Atomic, private file writes: an interrupted export never leaves half a file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from twitchlog.paths import make_private


class WriteFailedError(OSError):
    """Writing a file failed (disk full, read-only folder); the target is unchanged."""


@contextlib.contextmanager
def atomic_write(target: Path, mode: str = "w", encoding: str | None = "utf-8",
                 newline: str | None = None) -> Iterator[IO[Any]]:
    """Write to a temporary sibling, fsync it, then rename it over ``target``.

    On any error the temporary file is removed and ``target`` keeps its old content.
    The result is 0600 on POSIX, whatever the umask.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if "b" in mode:
        encoding = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteFailedError(exc.errno, f"cannot write in {folder}: {exc.strerror}") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        make_private(tmp)
        os.replace(tmp, target)
        fsync_dir(folder)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, WriteFailedError):
            raise
        raise WriteFailedError(exc.errno, f"could not write {target}: {exc.strerror}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (POSIX; a no-op elsewhere)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
