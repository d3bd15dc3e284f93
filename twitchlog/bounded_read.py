"""Reading a file someone names, without hanging or filling memory.

A FIFO, ``/dev/zero`` or ``/dev/urandom`` named as an import or questions file once
hung the command or ate gigabytes: ``st_size`` says 0 for them, and a plain ``read()``
never ends. Here the file type is checked before opening (and again on the open file,
in case it was swapped), the open never waits for a FIFO's writer, and no read takes
more than the caller's cap.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO


class ReadRefusedError(Exception):
    """The file cannot be read safely; ``str()`` is the reason, worded to follow its name
    ("is a named pipe (FIFO), not a regular file")."""


def check_regular(path: Path) -> None:
    """Refuse anything but a regular file (symlinks followed) without opening it."""
    _check_type(os.stat(path).st_mode)


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for binary reading, if it is a regular file (symlinks followed)."""
    _check_type(os.stat(path).st_mode)
    flags = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
             | getattr(os, "O_BINARY", 0))
    fd = os.open(path, flags)
    try:
        _check_type(os.fstat(fd).st_mode)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_capped(path: Path, limit: int) -> bytes:
    """All of a regular file's bytes, refusing (after reading at most ``limit + 1``
    bytes) a file larger than ``limit``, however large it claims to be."""
    with open_regular(path) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ReadRefusedError(f"is larger than {size_text(limit)}")
    return data


def size_text(size: int, decimals: int = 0) -> str:
    """``64 kB``, ``200 MB``: sizes in messages."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:,.{decimals}f} MB"
    return f"{size / 1024:,.{decimals}f} kB"


def _check_type(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        kind = "a folder"
    elif stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    else:
        kind = "a special file"
    raise ReadRefusedError(f"is {kind}, not a regular file")
