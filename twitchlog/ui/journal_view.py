"""The Journal view: every episode in a sortable, filterable table beside a month calendar.

Edits go through the episode form (:class:`~twitchlog.ui.episode_dialog.EpisodeDialog`),
deletions through :class:`~twitchlog.ui.commands.DeleteEpisodesCommand` on the main
window's undo stack, so Undo and Redo work from any view. The table is backed by
:class:`~twitchlog.ui.episode_table_model.EpisodeTableModel`, which reads only the pages
of rows being shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPoint,
    QSignalBlocker,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from twitchlog.domain import KINDS, kind_label
from twitchlog.store import EpisodeFilter
from twitchlog.ui.a11y import describe, describe_date
from twitchlog.ui.calendar_widget import CalendarWidget
from twitchlog.ui.commands import DeleteEpisodesCommand
from twitchlog.ui.context import Change, JournalContext
from twitchlog.ui.date_limits import limit_dates
from twitchlog.ui.episode_table_model import COLUMN_KEYS, COLUMNS, EpisodeTableModel
from twitchlog.ui.undo import push_command

SEARCH_DELAY_MS = 300
#: The calendar's share of the width (until the user moves the divider), and its widest.
CALENDAR_SHARE = 0.28
CALENDAR_MAX = 360
#: Below this much room for Notes, "When" drops its weekday (the tooltip keeps it).
NOTES_MIN = 120
#: The table, its location filter and the month calendar (check-ins) show these.
SHOWN_IN_JOURNAL = Change.EPISODES | Change.DAYS | Change.LOCATIONS
HINT = "Enter edits the selected episode · Delete removes the selected rows"


@dataclass(frozen=True, slots=True)
class Preset:
    """A quick date range for the filter bar."""

    key: str
    label: str


PRESETS: tuple[Preset, ...] = (
    Preset("all", "All time"),
    Preset("today", "Today"),
    Preset("7d", "Last 7 days"),
    Preset("30d", "Last 30 days"),
    Preset("90d", "Last 90 days"),
    Preset("year", "This year"),
    Preset("custom", "Chosen dates"),
)


def preset_range(key: str, today: date) -> tuple[date | None, date | None]:
    """The ``(start, end)`` of a preset; ``None`` means open (all time)."""
    if key == "today":
        return today, today
    if key == "7d":
        return today - timedelta(days=6), today
    if key == "30d":
        return today - timedelta(days=29), today
    if key == "90d":
        return today - timedelta(days=89), today
    if key == "year":
        return date(today.year, 1, 1), today
    return None, None


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


class EpisodeTable(QTableView):
    """The table: Enter edits the current row, Delete removes the selected rows, and an
    empty table says why it is empty."""

    edit_requested = Signal()
    delete_requested = Signal()
    copy_requested = Signal()
    resized = Signal()  # the columns are fitted to the new width

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = ""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.edit_requested.emit()
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Delete:
            self.delete_requested.emit()
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect().adjusted(24, 24, -24, -24),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                                 | Qt.TextFlag.TextWordWrap), self.empty_text)
            painter.end()


class FilterBar(QWidget):
    """The filters on one line when the view is wide, else on two (``movable`` wraps), so
    the window can be made narrow without clipping anything."""

    def __init__(self, first: QWidget, movable: QWidget, rest: list[QWidget],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._first, self._movable, self._rest = first, movable, rest
        self._line1 = QHBoxLayout()
        self._line1.setSpacing(12)
        self._line1.addWidget(first)
        self._line1.addWidget(movable)
        for widget in rest:
            self._line1.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
        self._line2 = QHBoxLayout()
        self._line2.setSpacing(12)
        self._line2.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._line1)
        layout.addLayout(self._line2)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.one_line = True

    def _one_line_width(self) -> int:
        widgets = [self._first, self._movable, *self._rest]
        spacing = self._line1.spacing() * (len(widgets) - 1)
        return sum(w.minimumSizeHint().width() for w in widgets) + spacing

    def minimumSizeHint(self) -> QSize:
        rest = sum(w.minimumSizeHint().width() for w in self._rest)
        narrow = max(self._first.minimumSizeHint().width() + rest + 12 * len(self._rest),
                     self._movable.minimumSizeHint().width())
        return QSize(narrow, self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        one_line = event.size().width() >= self._one_line_width() + 40
        if one_line != self.one_line:
            self.one_line = one_line
            if one_line:
                self._line2.removeWidget(self._movable)
                self._line1.insertWidget(1, self._movable)
            else:
                self._line1.removeWidget(self._movable)
                self._line2.insertWidget(0, self._movable)
            self.updateGeometry()


class JournalView(QWidget):
    """Browse, filter, edit and delete episodes; see tracked days on a calendar."""

    selection_changed = Signal()  # for the main window's Edit > Delete
    status_message = Signal(str)  # short feedback ("Deleted 3 episodes")

    def __init__(self, context: JournalContext, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._undo_stack = undo_stack
        self._stale = False
        self._editor: QDialog | None = None
        self._keep_position = False
        self._pending_selection: tuple[list[str], int, int] | None = None

        # filter bar
        self.preset_combo = QComboBox(self)
        for preset in PRESETS:
            self.preset_combo.addItem(preset.label, preset.key)
        describe(self.preset_combo, "Date range", "Which episodes to list, by date")
        self.from_edit = self._make_date_edit("From date")
        self.to_edit = self._make_date_edit("To date")
        self.location_combo = QComboBox(self)
        describe(self.location_combo, "Location filter", "Only episodes at this place")
        self.location_combo.setMinimumContentsLength(10)
        self.location_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind_combo = QComboBox(self)
        describe(self.kind_combo, "Kind filter", "Only episodes of this kind")
        self.kind_combo.addItem("All kinds", None)
        for kind in KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Search notes…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search notes")
        self.search_edit.setMinimumWidth(160)
        self.clear_button = QPushButton("Clear filters", self)
        self.clear_button.setToolTip("Show every episode again")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        # the filter bar: one line when there is room, else "where" moves to a second line
        self._dates_box = QWidget(self)
        dates = QHBoxLayout(self._dates_box)
        dates.setContentsMargins(0, 0, 0, 0)
        dates.setSpacing(6)
        self._where_box = QWidget(self)
        where = QHBoxLayout(self._where_box)
        where.setContentsMargins(0, 0, 0, 0)
        where.setSpacing(6)
        for box, label_text, widget in (
            (dates, "&Period", self.preset_combo),
            (dates, "&from", self.from_edit),
            (dates, "t&o", self.to_edit),
            (where, "&Location", self.location_combo),
            (where, "&Kind", self.kind_combo),
        ):
            label = QLabel(label_text, self)
            label.setBuddy(widget)
            box.addWidget(label)
            box.addWidget(widget)
        self.filter_bar = FilterBar(self._dates_box, self._where_box,
                                    [self.search_edit, self.clear_button], self)

        # table
        self.model = EpisodeTableModel(context, self)
        self.table = EpisodeTable(self)
        self.table.setAccessibleDescription(
            "Every episode matching the filters; Enter corrects one, Delete removes the "
            "selected")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Episodes")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(False)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)  # Notes takes the rest, elided, whole in its tooltip
        header.setSortIndicator(self.model.sort_column, Qt.SortOrder.DescendingOrder)
        self._when_widths = (0, 0)  # (with the weekday, without)
        self._size_columns()

        # calendar
        self.calendar = CalendarWidget(context, self)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.calendar)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([900, 380])
        self.splitter = splitter
        self._divider_moved = False  # by the user: then the split is theirs

        self.status_label = QLabel(self)
        self.status_label.setAccessibleName("Episodes shown")
        self.hint_label = QLabel(HINT, self)
        self.hint_label.setProperty("role", "muted")
        status = QHBoxLayout()
        status.addWidget(self.status_label, 1)
        status.addWidget(self.hint_label)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(splitter, 1)
        layout.addLayout(status)

        # actions for the context menu (their shortcuts are handled by the table itself,
        # so they never clash with the main window's Edit menu)
        self.edit_action = QAction("&Edit…", self)
        self.edit_action.setShortcut(QKeySequence(Qt.Key.Key_Return))
        self.edit_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.edit_action.triggered.connect(self.edit_current)
        self.delete_action = QAction("&Delete", self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.copy_action = QAction("&Copy", self)
        self.copy_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_selection)

        self._reload_locations()
        self._apply_preset("all")

        self.preset_combo.currentIndexChanged.connect(self._on_preset_combo_changed)
        self.from_edit.dateChanged.connect(self._on_from_edit_changed)
        self.to_edit.dateChanged.connect(self._on_to_edit_changed)
        self.location_combo.currentIndexChanged.connect(self._on_filter_combo_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_filter_combo_changed)
        self.search_edit.textChanged.connect(self._on_search_edit_changed)
        self.search_edit.returnPressed.connect(self._on_search_edit_return)
        self._search_timer.timeout.connect(self._apply_filter)
        self.clear_button.clicked.connect(self.clear_filters)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.edit_requested.connect(self.edit_current)
        self.table.delete_requested.connect(self.delete_selected)
        self.table.copy_requested.connect(self.copy_selection)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.table.resized.connect(self._fit_columns)
        splitter.splitterMoved.connect(self._on_splitter_moved)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_reset)
        self.model.modelReset.connect(self._on_model_reset)
        self.calendar.day_chosen.connect(self.show_day)
        self.calendar.checkin_requested.connect(self._on_calendar_checkin_requested)
        context.changes.connect(self._on_context_changes)
        context.replaced.connect(self._on_context_replaced)
        self._apply_filter()

    # --- public API (the main window's Edit menu) ----------------------------------

    def has_selection(self) -> bool:
        """True when at least one episode row is selected."""
        return not self._stale and self.table.selectionModel().hasSelection()

    def selected_ids(self) -> list[str]:
        """Ids of the selected episodes, in table order."""
        rows = [index.row() for index in self.table.selectionModel().selectedRows()]
        return self.model.episode_ids(rows)

    def delete_selected(self) -> int:
        """Delete the selected episodes as one undoable step; returns how many."""
        if not self.has_selection():
            return 0
        ids = self.selected_ids()
        if not ids:
            return 0
        if not push_command(self._undo_stack, DeleteEpisodesCommand(self._context, ids), self):
            return 0
        undo = QKeySequence(QKeySequence.StandardKey.Undo).toString(
            QKeySequence.SequenceFormat.NativeText)
        self.status_message.emit(f"Deleted {_plural(len(ids), 'episode')}. Undo with {undo}.")
        return len(ids)

    def edit_current(self) -> None:
        """Open the episode form for the current row."""
        index = self.table.currentIndex()
        if not index.isValid():
            rows = self.table.selectionModel().selectedRows()
            if not rows:
                return
            index = rows[0]
        self._open_editor(index.row())

    def refresh(self) -> None:
        """Re-read the journal into the table, calendar and filter lists, keeping the
        selection and scroll position."""
        self._stale = False
        self._reload_locations()
        if self.preset_combo.currentData() == "all":
            self._apply_preset("all")  # the journal's first and last day may have moved
        self._keep_position = True
        try:
            if not self.model.set_filter(self.current_filter()):
                self.model.refresh()
        finally:
            self._keep_position = False
        self.calendar.refresh()
        self._update_status()

    def clear_filters(self) -> None:
        """Show every episode: all time, every location and kind, no search."""
        self._search_timer.stop()
        for widget in (self.search_edit, self.location_combo, self.kind_combo):
            widget.blockSignals(True)
        self.search_edit.clear()
        self.location_combo.setCurrentIndex(0)
        self.kind_combo.setCurrentIndex(0)
        for widget in (self.search_edit, self.location_combo, self.kind_combo):
            widget.blockSignals(False)
        self._apply_preset("all")
        self._apply_filter()

    def show_day(self, day: date) -> None:
        """Filter the table to one day (what clicking the calendar does)."""
        self.set_date_range(day, day)

    def set_date_range(self, start: date, end: date) -> None:
        """Filter to ``[start, end]`` as chosen dates."""
        self._set_dates(start, end)
        self._select_preset("custom")
        self._apply_filter()

    def current_filter(self) -> EpisodeFilter:
        """The filter the widgets describe."""
        key = self.preset_combo.currentData()
        if key == "all":
            start = end = None
        else:
            start, end = _pydate(self.from_edit.date()), _pydate(self.to_edit.date())
        text = self.search_edit.text().strip() or None
        return EpisodeFilter(start=start, end=end, location=self.location_combo.currentData(),
                             kind=self.kind_combo.currentData(), text=text)

    # --- filters -------------------------------------------------------------------

    def _make_date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(name)
        describe_date(edit, "Used when the date range is Custom")
        edit.setDate(_qdate(date.today()))
        limit_dates(edit)
        return edit

    def _select_preset(self, key: str) -> None:
        with QSignalBlocker(self.preset_combo):
            self.preset_combo.setCurrentIndex(self.preset_combo.findData(key))

    def _set_dates(self, start: date, end: date) -> None:
        for edit, day in ((self.from_edit, start), (self.to_edit, end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _apply_preset(self, key: str) -> None:
        """Select a preset and show its dates (all time: the journal's first to last day)."""
        self._select_preset(key)
        today = date.today()
        start, end = preset_range(key, today)
        if key == "all":
            bounds = self._context.journal.date_bounds()
            start, end = bounds if bounds else (today, today)
            end = max(end, today)
        if key != "custom" and start is not None and end is not None:
            self._set_dates(start, end)

    def _reload_locations(self) -> None:
        current = self.location_combo.currentData()
        names = sorted(self._context.journal.locations.names())
        self.location_combo.blockSignals(True)
        self.location_combo.clear()
        self.location_combo.addItem("All locations", None)
        for name in names:
            self.location_combo.addItem(name, name)
        index = self.location_combo.findData(current) if current else 0
        self.location_combo.setCurrentIndex(max(index, 0))
        self.location_combo.blockSignals(False)

    def _apply_filter(self) -> None:
        self._search_timer.stop()
        flt = self.current_filter()
        self.model.set_filter(flt)
        single_day = flt.start if flt.start is not None and flt.start == flt.end else None
        self.calendar.set_highlight(single_day)
        self._update_status()

    def _on_preset_combo_changed(self, _index: int) -> None:
        self._apply_preset(self.preset_combo.currentData())
        self._apply_filter()

    def _on_from_edit_changed(self, qdate: QDate) -> None:
        if qdate > self.to_edit.date():
            self.to_edit.blockSignals(True)
            self.to_edit.setDate(qdate)
            self.to_edit.blockSignals(False)
        self._select_preset("custom")
        self._apply_filter()

    def _on_to_edit_changed(self, qdate: QDate) -> None:
        if qdate < self.from_edit.date():
            self.from_edit.blockSignals(True)
            self.from_edit.setDate(qdate)
            self.from_edit.blockSignals(False)
        self._select_preset("custom")
        self._apply_filter()

    def _on_filter_combo_changed(self, _index: int) -> None:
        self._apply_filter()

    def _on_search_edit_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_edit_return(self) -> None:
        self._apply_filter()

    # --- table ---------------------------------------------------------------------

    def _size_columns(self) -> None:
        """Widths from the font (never by reading rows: that would load the journal)."""
        metrics = self.fontMetrics()
        samples = {
            "started_at": "Wed 2024-09-30 22:59",
            "location": "Upper arm",
            "side": "right",
            "duration_s": "10 min 30 s",
            "intensity": "10",
            "kind": "Flutter",
        }

        def width(sample: str, title: str) -> int:
            return max(metrics.horizontalAdvance(sample),
                       metrics.horizontalAdvance(title) + 14) + 18  # + sort arrow, margins

        for column, spec in enumerate(COLUMNS):
            sample = samples.get(spec.key)
            if sample is not None:
                self.table.setColumnWidth(column, width(sample, spec.title))
        when = COLUMN_KEYS.index("started_at")
        self._when_widths = (self.table.columnWidth(when),
                             width("2024-09-30 22:59", COLUMNS[when].title))

    def _fit_columns(self) -> None:
        """Every column in sight: when Notes would get too little room, "When" drops
        its weekday (a width the user chose by hand is left alone)."""
        when = COLUMN_KEYS.index("started_at")
        notes = COLUMN_KEYS.index("notes")
        others = sum(self.table.columnWidth(c) for c in range(len(COLUMNS))
                     if c not in (when, notes))
        full, compact = self._when_widths
        narrow = self.table.viewport().width() - others - full < NOTES_MIN
        self.model.set_compact_dates(narrow)
        if self.table.columnWidth(when) in (full, compact):
            self.table.setColumnWidth(when, compact if narrow else full)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)  # the layout has sized the splitter already
        if not self._divider_moved:
            self._fit_splitter()

    def _fit_splitter(self) -> None:
        """The calendar takes a share of the width, so a small window leaves the table
        room for every column; the table takes the rest."""
        total = self.splitter.width() - self.splitter.handleWidth()
        least = self.calendar.minimumSizeHint().width()
        calendar = max(least, min(CALENDAR_MAX, round(total * CALENDAR_SHARE)))
        if total > calendar:
            self.splitter.setSizes([total - calendar, calendar])

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._divider_moved = True

    def _update_status(self) -> None:
        shown = self.model.rowCount()
        text = f"{_plural(shown, 'episode')} shown"
        flt = self.model.episode_filter
        filtered = any((flt.start, flt.end, flt.location, flt.kind, flt.text))
        total = self.model.total_count() if filtered else shown
        if filtered:
            text += f" (of {total:,} in the journal)"
        selected = len(self.table.selectionModel().selectedRows())
        if selected:
            text += f" · {selected:,} selected"
        self.status_label.setText(text)
        self.clear_button.setEnabled(filtered)
        if total == 0:
            self.table.empty_text = ("No episodes yet. Log one from the Today view "
                                     "(Ctrl+L); it will appear here.")
        else:
            self.table.empty_text = "No episodes match these filters."
        self.table.viewport().update()

    def _on_table_selection_changed(self, *_args: object) -> None:
        self._update_status()
        self.selection_changed.emit()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._open_editor(index.row())

    def _on_table_context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        selection = self.table.selectionModel()
        if not selection.isRowSelected(index.row()):
            self.table.setCurrentIndex(index)
            self.table.selectRow(index.row())
        episode = self.model.episode_at(index.row())
        if episode is None:
            return
        count = len(selection.selectedRows())
        menu = QMenu(self)
        menu.addAction(self.edit_action)
        self.edit_action.setEnabled(True)
        self.delete_action.setText("&Delete" if count == 1 else f"&Delete {count:,} episodes")
        menu.addAction(self.delete_action)
        menu.addAction(self.copy_action)
        menu.addSeparator()
        day = episode.local_date
        menu.addAction(f"Show only {day.isoformat()}", lambda: self.show_day(day))
        location = episode.location
        menu.addAction(f"Show only {location}", lambda: self._filter_location(location))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _filter_location(self, location: str) -> None:
        index = self.location_combo.findData(location)
        if index >= 0:
            self.location_combo.setCurrentIndex(index)  # applies the filter

    def _open_editor(self, row: int) -> None:
        episode = self.model.episode_at(row)
        if episode is None:
            return
        stored = self._context.journal.episodes.get(episode.id)
        if stored is None:
            QMessageBox.information(self, "Episode not found",
                                    "This episode was removed in the meantime.")
            self.refresh()
            return
        from twitchlog.ui.episode_dialog import EpisodeDialog

        dialog = EpisodeDialog(self._context, self._undo_stack, episode=stored, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_editor_finished)
        self._editor = dialog
        dialog.open()

    def _on_editor_finished(self, _result: int) -> None:
        self._editor = None
        self.table.setFocus()

    # keep the selection (by id) and the scroll position across a refresh

    def _on_model_about_to_reset(self) -> None:
        if not self._keep_position:
            self._pending_selection = None
            return
        selection = self.table.selectionModel()
        rows = sorted(index.row() for index in selection.selectedRows())
        current = self.table.currentIndex().row()
        ids = self.model.episode_ids(rows[:PAGE_SELECTION_LIMIT]) if rows else []
        self._pending_selection = (ids, current, self.table.verticalScrollBar().value())

    def _on_model_reset(self) -> None:
        pending, self._pending_selection = self._pending_selection, None
        if pending is None:
            return
        ids, current, scroll = pending
        self.table.verticalScrollBar().setValue(scroll)
        count = self.model.rowCount()
        if current < 0 or count == 0:
            return
        rows = self.model.find_rows(ids, current) if ids else []
        if not rows:
            rows = [min(current, count - 1)]
        selection = self.table.selectionModel()
        first = True
        for row in rows:
            index = self.model.index(row, 0)
            if first:
                selection.setCurrentIndex(
                    index, selection.SelectionFlag.ClearAndSelect
                    | selection.SelectionFlag.Rows)
                first = False
            else:
                selection.select(index, selection.SelectionFlag.Select
                                 | selection.SelectionFlag.Rows)

    # --- journal changes -------------------------------------------------------------

    def _on_context_changes(self, what: Change) -> None:
        if what & SHOWN_IN_JOURNAL:
            self._on_context_changed()

    def _on_context_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def _on_context_replaced(self) -> None:
        self.table.clearSelection()
        self._on_context_changed()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        # the calendar can open a day's check-in when the window offers it (the main window)
        self.calendar.checkin_button.setVisible(self._checkin_opener() is not None)
        super().showEvent(event)

    def _checkin_opener(self) -> Callable[[date], None] | None:
        opener = getattr(self.window(), "show_checkin", None)
        return opener if callable(opener) else None

    def _on_calendar_checkin_requested(self, day: date) -> None:
        opener = self._checkin_opener()
        if opener is not None:
            opener(day)

    def copy_selection(self) -> None:
        """Copy the selected rows as tab-separated text."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        lines = []
        for row in rows:
            cells = [self.model.data(self.model.index(row, column)) or ""
                     for column in range(len(COLUMNS))]
            lines.append("\t".join(str(c) for c in cells))
        if lines:
            QGuiApplication.clipboard().setText("\n".join(lines))


#: At most this many selected ids are remembered across a refresh.
PAGE_SELECTION_LIMIT = 2_000
