"""What every named part of a journal shares: its connection and its write transaction.

A :class:`~twitchlog.store.journal.Journal` is the one public entry point; it hands
each kind of work to a part (``journal.episodes``, ``journal.checkins``, ...), as
Anki's collection hands work to ``col.decks``. Parts hold no state of their own, so
they always see the journal's current connection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from twitchlog.store.journal import Journal
    from twitchlog.store.sql import SqlConnection
    from twitchlog.store.transaction import WriteTransaction


class JournalPart:
    """A named part of one :class:`~twitchlog.store.journal.Journal`."""

    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    @property
    def db(self) -> SqlConnection:
        return self._journal.db

    def _write(self) -> WriteTransaction:
        """One user action's transaction (see :meth:`Journal.write_transaction`)."""
        return self._journal.write_transaction()
