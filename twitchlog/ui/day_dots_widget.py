"""The last 14 days as small dots (tracked, untracked, today) and this month's tracked days.

A gentle picture of coverage, not a streak: an untracked day is an empty ring, never
a broken chain, and nothing is ever "lost".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from twitchlog.ui.context import JournalContext
from twitchlog.validation import now_local

DAYS = 14
DOT = 10
GAP = 5


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


class _Dots(QWidget):
    """Paints one dot per day, oldest on the left; today has a ring around it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: list[tuple[date, bool]] = []
        self.today: date | None = None
        self.setFixedSize(self.sizeHint())

    def sizeHint(self) -> QSize:
        return QSize(DAYS * (DOT + GAP) + GAP, DOT + 2 * GAP)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        filled = palette.highlight().color()
        empty = QColor(palette.text().color())
        empty.setAlphaF(0.35)
        for index, (day, tracked) in enumerate(self.days):
            rect = QRectF(GAP + index * (DOT + GAP), GAP, DOT, DOT)
            if tracked:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(filled)
            else:
                painter.setPen(QPen(empty, 1.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
            if day == self.today:
                painter.setPen(QPen(palette.text().color(), 1.2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(rect.adjusted(-2.5, -2.5, 2.5, 2.5))
        painter.end()


class DayDotsWidget(QWidget):
    """Coverage of the last two weeks; rebuilt by :meth:`refresh` from the open journal."""

    def __init__(self, context: JournalContext, parent: QWidget | None = None, *,
                 clock: Callable[[], datetime] = now_local) -> None:
        super().__init__(parent)
        self._context = context
        self._clock = clock
        self.dots = _Dots(self)
        self.month_label = QLabel(self)
        self.month_label.setProperty("role", "muted")
        self.month_label.setWordWrap(True)  # a small screen keeps the quick-log buttons
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.dots)
        layout.addWidget(self.month_label)
        self.setAccessibleName("Tracked days")
        self.dots.setAccessibleName("Last 14 days")
        self.month_label.setAccessibleName("Tracked days this month")
        self.refresh()

    def refresh(self) -> None:
        today = self._clock().date()
        first = today - timedelta(days=DAYS - 1)
        month_start = today.replace(day=1)
        tracked = set(self._context.journal.checkins.tracked_dates(min(first, month_start), today))
        self.dots.days = [(first + timedelta(days=i), first + timedelta(days=i) in tracked)
                          for i in range(DAYS)]
        self.dots.today = today
        in_month = sum(1 for d in tracked if d >= month_start)
        recent = sum(1 for _day, is_tracked in self.dots.days if is_tracked)
        self.month_label.setText(f"{_plural(in_month, 'tracked day')} in {today:%B}")
        today_text = "today is tracked" if today in tracked else "today has no check-in yet"
        summary = f"{recent} of the last {DAYS} days tracked; {today_text}"
        self.dots.setAccessibleDescription(summary)
        self.dots.setToolTip(summary + ".\nA filled dot is a day with a check-in; the ringed "
                             "dot is today.")
        self.dots.update()

    def tracked_flags(self) -> list[bool]:
        """The dots, oldest first: ``True`` for a tracked day."""
        return [tracked for _day, tracked in self.dots.days]
