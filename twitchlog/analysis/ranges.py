"""The "last N days" ranges, as a newcomer expects them: never before the journal began.

Days before the first entry were not "untracked": the journal did not exist yet.
Counting them would report a week-old journal as "7 of 90 days tracked (8%)".
"""

from __future__ import annotations

from datetime import date, timedelta


def preset_range(days: int, today: date, first_day: date | None) -> tuple[date, date]:
    """The last ``days`` days up to ``today``, starting no earlier than ``first_day``."""
    start = today - timedelta(days=days - 1)
    if first_day is not None and start < first_day <= today:
        start = first_day
    return start, today
