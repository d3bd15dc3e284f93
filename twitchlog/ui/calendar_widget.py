"""A month calendar that shows the gaps: which days have a check-in, which have episodes.

Three looks, explained by a legend under the month:

* **checked in** – a soft green fill (the day is tracked and counts in the insights);
* **episodes** – an orange badge with the day's episode count;
* **no check-in** – diagonal hatching, for days between the journal's first entry and
  today that have no check-in (a gap the analysis cannot use).

Days before the journal started and days still to come stay plain. Clicking a day (or
pressing Enter on it) emits :attr:`CalendarWidget.day_chosen`; the Journal view filters
its table to that day. Arrow keys move by day and week, Page Up / Page Down by month,
Home / End to the month's first and last day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QDate, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QPen, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from twitchlog.ui.context import JournalContext
from twitchlog.ui.date_limits import limit_dates
from twitchlog.words import count_words

TRACKED_COLOR = QColor("#3a9d5d")
EPISODE_COLOR = QColor("#d9822b")


@dataclass(frozen=True, slots=True)
class DayMark:
    """What the calendar knows about one day."""

    day: date
    tracked: bool  # the day has a check-in
    episodes: int  # episodes logged with this local date
    in_journal: bool  # between the journal's first entry and today
    outside: str = ""  # why a day is not in the journal, in the user's words

    @property
    def gap(self) -> bool:
        """A past day inside the journal's span without a check-in."""
        return self.in_journal and not self.tracked

    def describe(self, this_year: int | None = None) -> str:
        """"Wed 12 November: tracked, 4 episodes", for the label and screen readers."""
        parts = ["tracked" if self.tracked else
                 ("not tracked (no check-in)" if self.in_journal
                  else self.outside or "outside the journal")]
        if self.episodes:
            parts.append(count_words(self.episodes, "episode"))
        elif self.in_journal or self.tracked:
            parts.append("no episodes")
        return f"{_long_date(self.day, this_year)}: " + ", ".join(parts)


def _long_date(day: date, this_year: int | None = None) -> str:
    year = "" if day.year == this_year else f" {day.year}"
    return f"{day:%a} {day.day} {day:%B}{year}"


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` blended toward ``b`` by ``amount`` (0..1), opaque."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


def _to_date(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


class MonthCalendar(QCalendarWidget):
    """A :class:`QCalendarWidget` painting each day's tracking state."""

    def __init__(self, context: JournalContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._tracked: set[date] = set()
        self._episodes: dict[date, int] = {}
        self._first_day: date | None = None
        self._today = date.today()
        self._highlight: date | None = None
        self.setGridVisible(False)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        limit_dates(self)
        self.setMinimumSize(QSize(320, 340))
        self.setMaximumHeight(380)
        for weekend in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(weekend, QTextCharFormat())  # calm: no red weekends
        self.setAccessibleName("Tracking calendar")
        self.currentPageChanged.connect(self._on_self_page_changed)
        self._load()

    # --- data --------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the shown month from the journal."""
        self._load()
        self.updateCells()

    def mark(self, day: date) -> DayMark:
        """The state of ``day`` (it must be within the shown weeks or just loaded)."""
        in_journal = (self._first_day is not None and self._first_day <= day <= self._today)
        # a new journal's today is not "outside the journal": nothing is logged yet
        outside = ("" if in_journal else "still to come" if day > self._today
                   else "nothing logged yet" if self._first_day is None
                   else "before your first entry")
        return DayMark(day, day in self._tracked, self._episodes.get(day, 0), in_journal,
                       outside)

    def first_day(self) -> date | None:
        """The day of the journal's first entry, or ``None`` while it is empty."""
        return self._first_day

    def shown_range(self) -> tuple[date, date]:
        """The first and last day whose state is loaded (the visible six weeks)."""
        first = date(self.yearShown(), self.monthShown(), 1)
        return first - timedelta(days=7), first + timedelta(days=6 * 7 + 7)

    def set_highlight(self, day: date | None) -> None:
        """Frame ``day`` (the day the table is filtered to), or nothing."""
        self._highlight = day
        self.updateCells()

    def _load(self) -> None:
        journal = self._context.journal
        start, end = self.shown_range()
        self._tracked = set(journal.checkins.tracked_dates(start, end))
        self._episodes = journal.episodes.per_day(start, end)
        bounds = journal.date_bounds()
        self._first_day = bounds[0] if bounds else None
        self._today = date.today()

    def _on_self_page_changed(self, _year: int, _month: int) -> None:
        self.refresh()

    # --- painting ----------------------------------------------------------------

    def paintCell(self, painter: QPainter, rect: QRect, qdate: QDate) -> None:
        day = _to_date(qdate)
        mark = self.mark(day)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        in_month = qdate.month() == self.monthShown()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        cell = QRectF(rect).adjusted(1.5, 1.5, -1.5, -1.5)
        painter.fillRect(rect, base)
        if mark.tracked:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_mix(base, TRACKED_COLOR, 0.55 if in_month else 0.25))
            painter.drawRoundedRect(cell, 4, 4)
        elif mark.gap:
            hatch = QBrush(_mix(base, text, 0.35 if in_month else 0.18),
                           Qt.BrushStyle.BDiagPattern)
            painter.setPen(QPen(_mix(base, text, 0.25 if in_month else 0.12), 1))
            painter.setBrush(hatch)
            painter.drawRoundedRect(cell, 4, 4)
        # the day number
        font = QFont(self.font())
        if day == self._today:
            font.setBold(True)
            font.setUnderline(True)
        painter.setFont(font)
        number_color = text if in_month else _mix(base, text, 0.45)
        painter.setPen(number_color)
        number_rect = cell.adjusted(4, 2, -4, -2)
        painter.drawText(number_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                         str(qdate.day()))
        if mark.episodes:
            self._paint_badge(painter, cell, mark.episodes, in_month)
        # the selected day (described under the calendar; the keyboard cursor) has a dashed
        # ring, the day the table is filtered to a solid one
        selected = qdate == self.selectedDate()
        if day == self._highlight or selected:
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 2)
            if day != self._highlight:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(cell.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.restore()

    def _paint_badge(self, painter: QPainter, cell: QRectF, count: int, in_month: bool) -> None:
        label = str(count) if count < 100 else "99+"
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
        font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        height = metrics.height() + 1
        width = max(height, metrics.horizontalAdvance(label) + 8)
        badge = QRectF(cell.right() - width - 2, cell.bottom() - height - 2, width, height)
        color = EPISODE_COLOR if in_month else _mix(self.palette().color(
            QPalette.ColorRole.Base), EPISODE_COLOR, 0.5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setPen(QColor("white"))
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), label)


class _Swatch(QWidget):
    """A small sample of one calendar look, for the legend."""

    def __init__(self, look: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._look = look
        self.setFixedSize(22, 16)

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        if self._look == "tracked":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_mix(base, TRACKED_COLOR, 0.55))
            painter.drawRoundedRect(box, 3, 3)
        elif self._look == "episodes":
            painter.setPen(QPen(_mix(base, text, 0.25), 1))
            painter.setBrush(base)
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(EPISODE_COLOR)
            painter.drawRoundedRect(QRectF(box.right() - 11, box.bottom() - 9, 11, 9), 4.5, 4.5)
        else:
            painter.setPen(QPen(_mix(base, text, 0.25), 1))
            painter.setBrush(QBrush(_mix(base, text, 0.35), Qt.BrushStyle.BDiagPattern))
            painter.drawRoundedRect(box, 3, 3)
        painter.end()


class CalendarWidget(QWidget):
    """The month calendar with its legend, a line describing the selected day and a
    "This month" button. Emits :attr:`day_chosen` when the user clicks a day or presses
    Enter on it."""

    day_chosen = Signal(object)  # datetime.date
    checkin_requested = Signal(object)  # datetime.date: open that day's check-in

    def __init__(self, context: JournalContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.calendar = MonthCalendar(context, self)
        self.calendar.clicked.connect(self._on_calendar_chosen)
        self.calendar.activated.connect(self._on_calendar_chosen)
        self.calendar.selectionChanged.connect(self._on_calendar_selection_changed)
        self.calendar.currentPageChanged.connect(self._on_calendar_page_changed)

        legend = QHBoxLayout()
        legend.setSpacing(6)
        for look, text, tip in (
            ("tracked", "Checked in", "A check-in was recorded for this day."),
            ("episodes", "Episodes", "The badge shows how many episodes were logged."),
            ("gap", "No check-in", "No check-in was recorded: the insights cannot use "
                                   "this day."),
        ):
            swatch = _Swatch(look, self)
            swatch.setToolTip(tip)
            label = QLabel(text, self)
            label.setToolTip(tip)
            legend.addWidget(swatch)
            legend.addWidget(label)
            legend.addSpacing(8)
        legend.addStretch(1)

        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.day_label = QLabel(self)
        self.day_label.setWordWrap(True)
        self.checkin_button = QPushButton("Open check-in…", self)
        self.checkin_button.setToolTip("Record or correct the check-in of the selected day")
        self.checkin_button.clicked.connect(self._on_checkin_clicked)
        self.checkin_button.hide()  # shown by the host when it can open check-ins
        self.today_button = QPushButton("This month", self)
        self.today_button.setToolTip("Show the current month")
        self.today_button.clicked.connect(self._on_today_clicked)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary_label, 1)
        bottom.addWidget(self.today_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.calendar)
        layout.addLayout(legend)
        layout.addLayout(bottom)
        day_row = QHBoxLayout()
        day_row.addWidget(self.day_label, 1)
        day_row.addWidget(self.checkin_button)
        layout.addLayout(day_row)
        layout.addStretch(1)
        self._update_labels()

    def refresh(self) -> None:
        """Re-read the shown month (after the journal changed)."""
        self.calendar.refresh()
        self._update_labels()

    def mark(self, day: date) -> DayMark:
        return self.calendar.mark(day)

    def show_month(self, year: int, month: int) -> None:
        self.calendar.setCurrentPage(year, month)

    def set_highlight(self, day: date | None) -> None:
        """Frame the day the table is filtered to, and show its month."""
        self.calendar.set_highlight(day)
        if day is not None:
            self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _update_labels(self) -> None:
        cal = self.calendar
        first = date(cal.yearShown(), cal.monthShown(), 1)
        following = (first + timedelta(days=32)).replace(day=1)
        last_past = min(following - timedelta(days=1), date.today())
        tracked = episodes = 0
        day = first
        while day < following:
            mark = cal.mark(day)
            tracked += mark.tracked
            episodes += mark.episodes
            day += timedelta(days=1)
        month = f"{first:%B %Y}"
        # days before the journal began are not days without a check-in
        counted_from = max(first, cal.first_day() or date.today())
        if last_past < first:
            self.summary_label.setText(f"{month} has not started yet.")
        elif last_past < counted_from:
            self.summary_label.setText(f"{month}: before your first entry.")
        else:
            days = (last_past - counted_from).days + 1
            self.summary_label.setText(
                f"{month}: {tracked} of {count_words(days, 'day')} checked in · "
                f"{count_words(episodes, 'episode')}")
        selected = _to_date(cal.selectedDate())
        described = cal.mark(selected).describe(date.today().year)
        self.day_label.setText(described)
        grid = cal.findChild(QTableView)
        if grid is not None:  # what a screen reader says about the day under the cursor
            grid.setAccessibleName(f"Days of {month}")
            grid.setAccessibleDescription(described)
        cal.setAccessibleDescription(described)
        self.checkin_button.setEnabled(selected <= date.today())

    def selected_day(self) -> date:
        return _to_date(self.calendar.selectedDate())

    def _on_checkin_clicked(self) -> None:
        self.checkin_requested.emit(self.selected_day())

    def _on_calendar_chosen(self, qdate: QDate) -> None:
        self.day_chosen.emit(_to_date(qdate))

    def _on_calendar_selection_changed(self) -> None:
        self._update_labels()

    def _on_calendar_page_changed(self, _year: int, _month: int) -> None:
        self._update_labels()

    def _on_today_clicked(self) -> None:
        today = date.today()
        self.calendar.setCurrentPage(today.year, today.month)
