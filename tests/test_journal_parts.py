"""One journal, named parts: every part writes through the journal's one transaction.

The parts (``journal.episodes``, ``journal.checkins``, ...) are views onto the same
connection, so a caller can group writes of several parts into one all-or-nothing
action, and a part never sees a stale connection.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from twitchlog.domain import CustomFactor, DayCheckIn, Episode, ValueKind
from twitchlog.store import Journal
from twitchlog.store.part import JournalPart

EST = timezone(timedelta(hours=-5))
DAY = date(2025, 3, 4)

#: What stays on Journal itself: its lifecycle and questions about the whole journal.
JOURNAL_OWN = {"open", "open_reader", "close", "checked", "verified", "mark_checked",
               "ensure_checked", "in_transaction", "data_version", "write_transaction",
               "daily_series", "date_bounds", "out_of_range_counts", "is_empty", "counts"}


def test_writes_of_several_parts_grouped_in_one_transaction_are_all_or_nothing(
        journal: Journal) -> None:
    with pytest.raises(RuntimeError), journal.write_transaction():
        journal.factors.add(CustomFactor("screen time", ValueKind.NUMBER, unit="h"))
        journal.episodes.add(Episode(datetime(2025, 3, 4, 9, tzinfo=EST), "eyelid"))
        journal.checkins.save(DayCheckIn(DAY, stress=7, factors={"screen time": 3.0}))
        raise RuntimeError("the action fails half way")
    assert journal.counts() == {"episodes": 0, "checkins": 0, "medications": 0, "factors": 0}
    assert not journal.in_transaction

    with journal.write_transaction():
        journal.factors.add(CustomFactor("screen time", ValueKind.NUMBER, unit="h"))
        journal.checkins.save(DayCheckIn(DAY, stress=7, factors={"screen time": 3.0}))
    stored = journal.checkins.get(DAY)
    assert stored is not None and stored.stress == 7
    assert stored.factors == {"screen time": 3.0}


def test_a_part_reads_what_another_part_wrote(journal: Journal) -> None:
    journal.locations.add("iPad thumb")
    episode = journal.episodes.add(Episode(datetime(2025, 3, 4, 9, tzinfo=EST), "ipad THUMB"))
    assert episode.location == "iPad thumb"  # the name as the locations part stores it
    assert journal.episodes.per_day() == {DAY: 1}
    assert journal.date_bounds() == (DAY, DAY)


def test_the_journal_hands_its_work_to_named_parts(journal: Journal) -> None:
    parts = {name: value for name, value in vars(journal).items()
             if isinstance(value, JournalPart)}
    assert set(parts) == {"episodes", "locations", "checkins", "catch_up", "factors",
                          "medications", "settings", "imports", "devices"}
    own = {name for name in dir(Journal) if not name.startswith("_")}
    assert own == JOURNAL_OWN, "new journal operations belong in a part"
