"""The text forms the store writes and reads back: UTC keys, ISO dates, date ranges.

Every part of the journal stores time stamps as ``2024-03-05T13:30:00.000000Z`` (UTC,
microseconds, sortable as text) and days as ISO dates; keeping the conversions in one
place keeps the parts (and the bulk import) writing exactly the same text.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from twitchlog.validation import EARLIEST_DATE, latest_date

#: How many ids go into one ``IN (...)`` list (SQLite allows 32,766 parameters).
CHUNK = 500


def utc_key(moment: datetime) -> str:
    """A sortable UTC text key for an aware date-time.

    ``isoformat`` rather than ``strftime``: it is several times faster, which matters
    when an import writes 100,000 rows.
    """
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def utc_now_text() -> str:
    """Now, as :func:`utc_key` writes it (``created_at``/``updated_at`` columns)."""
    return utc_key(datetime.now(UTC))


def parse_utc(text: str) -> datetime:
    """The aware date-time a :func:`utc_key` text stands for."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def parse_utc_or_none(text: str | None) -> datetime | None:
    return parse_utc(text) if text else None


def db_value(value: Any) -> Any:
    """A Python value as SQLite stores it (yes/no answers as 1/0)."""
    return int(value) if isinstance(value, bool) else value


def date_range(column: str, start: date | None, end: date | None) -> tuple[str, list[str]]:
    """A ``WHERE`` clause keeping ``column`` in ``[start, end]`` (either may be open)."""
    clauses, params = [], []
    if start is not None:
        clauses.append(f"{column} >= ?")
        params.append(start.isoformat())
    if end is not None:
        clauses.append(f"{column} <= ?")
        params.append(end.isoformat())
    return ((" WHERE " + " AND ".join(clauses)) if clauses else ""), params


def valid_date_span() -> tuple[str, str]:
    """The journal's calendar as the ISO texts stored dates compare against."""
    return EARLIEST_DATE.isoformat(), latest_date().isoformat()


def chunks(items: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    """``items`` in slices short enough for one ``IN (...)`` list."""
    for i in range(0, len(items), size):
        yield items[i:i + size]
