"""The journal's calendar (1900 to a hundred years ahead) on every date editor.

The limits come from :mod:`twitchlog.validation`, so a date the app lets you pick is
one every command and import accepts too.
"""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCalendarWidget, QDateTimeEdit

from twitchlog.validation import EARLIEST_DATE, latest_date


def limit_dates(widget: QDateTimeEdit | QCalendarWidget) -> None:
    """Keep ``widget`` (a date or date-time edit, or a calendar) inside the journal's
    calendar; an editor already narrower at its upper end keeps that bound."""
    first = QDate(EARLIEST_DATE.year, EARLIEST_DATE.month, EARLIEST_DATE.day)
    last_day = latest_date()
    last = QDate(last_day.year, last_day.month, last_day.day)
    widget.setMinimumDate(first)
    current_max = widget.maximumDate()
    widget.setMaximumDate(last if not current_max.isValid() or current_max > last
                          else current_max)
