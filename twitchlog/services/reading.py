"""A read-only connection for one piece of background work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from twitchlog.store import Journal


@contextmanager
def reading(path: Path | str) -> Iterator[Journal]:
    """``Journal.open_reader(path)``, closed again however the work ends."""
    journal = Journal.open_reader(path)
    try:
        yield journal
    finally:
        journal.close()
