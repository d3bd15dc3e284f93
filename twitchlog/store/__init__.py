"""The store: the only layer that speaks SQL. Open a journal with ``Journal.open(path)``."""

from twitchlog.store.episodes import EpisodeFilter, LocationUse
from twitchlog.store.errors import (
    DamagedJournalError,
    JournalError,
    JournalOpenError,
    JournalWriteError,
    NewerJournalError,
    NotAJournalError,
    NotFoundError,
)
from twitchlog.store.identity import APPLICATION_ID, SCHEMA_VERSION
from twitchlog.store.journal import Journal

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "DamagedJournalError",
    "EpisodeFilter",
    "Journal",
    "JournalError",
    "JournalOpenError",
    "JournalWriteError",
    "LocationUse",
    "NewerJournalError",
    "NotAJournalError",
    "NotFoundError",
]
