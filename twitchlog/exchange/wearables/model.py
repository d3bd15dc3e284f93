"""What the device parsers hand to the merger: plain records, no journal, no Qt.

Every parser reads one file into a :class:`DeviceRecords`: asleep intervals (with
their own UTC offsets, so a daylight-saving night is measured in real time), whole
nights given only as a total, caffeine doses, and the records it skipped with why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

#: Called now and then with the fraction of the file read (0..1); returns False to cancel.
Progress = Callable[[float], bool]


class ImportCancelledError(Exception):
    """The person cancelled a long device import; nothing was written."""


@dataclass(frozen=True, slots=True)
class AsleepSpan:
    """An interval the device says the person was asleep (any stage); aware datetimes."""

    start: datetime
    end: datetime
    source: str


@dataclass(frozen=True, slots=True)
class NightTotal:
    """A night known only as a total: the wake date and the minutes asleep."""

    wake_date: date
    asleep_minutes: float
    source: str
    main: bool = True


@dataclass(frozen=True, slots=True)
class CaffeineDose:
    """Caffeine logged at a local moment (aware datetime), in mg."""

    at: datetime
    mg: float
    source: str


@dataclass(slots=True)
class DeviceRecords:
    """Everything read from one file, plus the reasons records were skipped."""

    file: str
    source: str
    spans: list[AsleepSpan] = field(default_factory=list)
    totals: list[NightTotal] = field(default_factory=list)
    caffeine: list[CaffeineDose] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1


def keep_going(progress: Progress | None, fraction: float) -> None:
    """Report progress; raise :class:`ImportCancelledError` when the person cancelled."""
    if progress is not None and not progress(min(max(fraction, 0.0), 1.0)):
        raise ImportCancelledError("the import was cancelled; nothing was imported")
