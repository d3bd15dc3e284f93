"""Insights: trends, where and when, and what goes with the user's twitches.

Everything heavy runs through :class:`~twitchlog.ui.tasks.TaskRunner`: a worker opens its
own read-only journal, analyses the range and builds the matplotlib figures; this view
only wraps the finished figures in canvases. numpy, scipy and matplotlib load the first
time the view is shown, never when the window opens.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from twitchlog.analysis.ranges import preset_range
from twitchlog.analysis.readiness import chart_placeholders
from twitchlog.analysis.results import ASSOCIATION_CAVEAT, Association, Insights
from twitchlog.charts import CHART_TITLES
from twitchlog.charts.palette import ChartPalette
from twitchlog.domain import Medication
from twitchlog.services import insights as insights_service
from twitchlog.services.compare import ComparisonResult, compare_with_chart
from twitchlog.services.insights import ChartBatch, InsightsResult
from twitchlog.ui.a11y import describe, describe_date, describe_tabs
from twitchlog.ui.association_list_widget import ROLE_ASSOC, AssociationList
from twitchlog.ui.body_map_widget import region_label
from twitchlog.ui.chart_canvas_widget import ChartCanvasWidget, figure_title
from twitchlog.ui.context import ANALYSED, Change, JournalContext
from twitchlog.ui.date_limits import limit_dates
from twitchlog.ui.insights_body_map_widget import InsightsBodyMapWidget
from twitchlog.ui.tasks import TaskRunner
from twitchlog.words import count_words

#: What each chart tab shows, for its tooltip and screen readers.
CHART_DESCRIPTIONS = {
    "Over time": "Twitches per tracked day with the rolling average and medications",
    "Calendar": "The year as a calendar shaded by episodes per day",
    "Where": "Episodes by body location",
    "When": "Episodes by hour of the day and weekday",
    "All factors": "How every factor goes with your twitches",
    "One factor": "One factor against twitches, with the lag of its sentence",
    "Caffeine & alcohol": "Twitches by the day's caffeine and alcohol",
    "Compare periods": "Two periods of your own, or before and during a medication",
}

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Range choices of the selector: (key, label, days or None).
RANGES: tuple[tuple[str, str, int | None], ...] = (
    ("30", "Last 30 days", 30),
    ("90", "Last 90 days", 90),
    ("365", "Last 365 days", 365),
    ("all", "All time", None),
    ("custom", "Custom range", None),
)
DEFAULT_RANGE = "90"
COMPARE_TAB = "compare"
TASK_KEYS = ("insights", "insights-full", "insights-charts", "insights-chart",
             "insights-compare")


# --- widgets ---------------------------------------------------------------------------------


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _date_edit(day: date, name: str) -> QDateEdit:
    edit = QDateEdit(_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setAccessibleName(name)
    describe_date(edit)
    limit_dates(edit)
    return edit


SIDE_MIN_WIDTH = 240  # the summary column, narrowest
LIST_MIN_HEIGHT = 180  # the sentence list keeps room for a few sentences on any screen
MIN_FOR_SPREAD = 4  # timed episodes before a "middle half" means anything
COMPARE_PLACEHOLDER = "Pick two periods and press Compare."


class ComparePanel(QWidget):
    """Before vs while taking a medication, or any two date ranges."""

    compare_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._medications: list[Medication] = []
        self._user_chose = False
        layout = QVBoxLayout(self)
        intro = QLabel("Compare twitches per tracked day in two periods: before and while "
                       "taking a medication or supplement, or before and after a change "
                       "you made (\"two weeks without afternoon coffee\").")
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        layout.addWidget(intro)
        row = QHBoxLayout()
        row.addWidget(QLabel("Compare:"))
        self.mode_combo = QComboBox()
        describe(self.mode_combo, "What to compare",
                 "Two periods of your own, or before and while taking a medication")
        row.addWidget(self.mode_combo, 1)
        self.compare_button = QPushButton("Compare")
        self.compare_button.setAccessibleDescription("Compare episodes per tracked day in the "
                                                     "two periods")
        self.compare_button.setDefault(False)
        row.addWidget(self.compare_button)
        layout.addLayout(row)
        today = date.today()
        self.ranges = QWidget()
        grid = QGridLayout(self.ranges)
        grid.setContentsMargins(0, 0, 0, 0)
        self.a_from = _date_edit(today - timedelta(days=41), "First period from")
        self.a_to = _date_edit(today - timedelta(days=14), "First period to")
        self.b_from = _date_edit(today - timedelta(days=13), "Second period from")
        self.b_to = _date_edit(today, "Second period to")
        grid.addWidget(QLabel("First period:"), 0, 0)
        grid.addWidget(self.a_from, 0, 1)
        grid.addWidget(QLabel("to"), 0, 2)
        grid.addWidget(self.a_to, 0, 3)
        grid.addWidget(QLabel("Second period:"), 1, 0)
        grid.addWidget(self.b_from, 1, 1)
        grid.addWidget(QLabel("to"), 1, 2)
        grid.addWidget(self.b_to, 1, 3)
        grid.setColumnStretch(4, 1)
        layout.addWidget(self.ranges)
        self.sentence = QLabel("")
        self.sentence.setWordWrap(True)
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.sentence)
        self.chart = ChartCanvasWidget(COMPARE_PLACEHOLDER)
        layout.addWidget(self.chart, 1)
        for edit in (self.a_from, self.a_to, self.b_from, self.b_to):
            edit.dateChanged.connect(self.clear_result)
        self.mode_combo.currentIndexChanged.connect(self._on_mode_combo_changed)
        self.mode_combo.activated.connect(self._on_mode_combo_activated)
        self.compare_button.clicked.connect(self.compare_requested)
        self.set_medications([])

    def set_medications(self, medications: list[Medication]) -> None:
        """Offer each medication that has started (before vs while taking it)."""
        today = date.today()
        self._medications = [m for m in medications if m.start_date <= today]
        current = self.mode_combo.currentData() if self._user_chose else 0
        with QSignalBlocker(self.mode_combo):
            self.mode_combo.clear()
            for index, med in enumerate(self._medications):
                self.mode_combo.addItem(f"Before vs while taking {med.name}", index)
            self.mode_combo.addItem("Two date ranges", -1)
            found = self.mode_combo.findData(current) if current is not None else -1
            self.mode_combo.setCurrentIndex(max(found, 0))
        self._on_mode_combo_changed()

    def periods(self) -> tuple[date, date, date, date, str, str] | None:
        """(start_a, end_a, start_b, end_b, label_a, label_b), or None with a message."""
        from twitchlog.analysis.engine import (
            medication_labels,
            medication_periods,
            range_label,
        )

        index = self.mode_combo.currentData()
        if index is not None and index >= 0:
            med = self._medications[index]
            spans = medication_periods(med, date.today())
            if spans is None:
                return None
            (a0, a1), (b0, b1) = spans
            label_a, label_b = medication_labels(med)
            return a0, a1, b0, b1, label_a, label_b
        a0, a1 = _pydate(self.a_from.date()), _pydate(self.a_to.date())
        b0, b1 = _pydate(self.b_from.date()), _pydate(self.b_to.date())
        if a0 > a1:
            a0, a1 = a1, a0
        if b0 > b1:
            b0, b1 = b1, b0
        return a0, a1, b0, b1, range_label(a0, a1), range_label(b0, b1)

    def _on_mode_combo_activated(self, *_: object) -> None:
        self._user_chose = True

    def clear_result(self, *_: object) -> None:
        """A changed question drops the old answer, which no longer matches it."""
        self.sentence.setText("")
        self.chart.set_message(COMPARE_PLACEHOLDER)

    def _on_mode_combo_changed(self, *_: object) -> None:
        index = self.mode_combo.currentData()
        self.ranges.setVisible(index is None or index < 0)
        self.clear_result()


def _duration_text(n: int, median: float, p25: float | None, p75: float | None) -> str:
    """"9 s (middle half 4 s–20 s; 445 timed)": each duration held together on one line
    (no "4" / "s–20 s"), and no middle half of fewer than four ("30 s–30 s")."""

    from twitchlog.validation import format_duration

    def held(seconds: float | None) -> str:
        return format_duration(seconds or 0).replace(" ", "\u00a0")

    if n < MIN_FOR_SPREAD:
        return f"{held(median)} ({n} timed)"
    return f"{held(median)} (middle half {held(p25)}–{held(p75)}; {n} timed)"


class InsightsView(QWidget):
    """Date range, summary, the ranked "What goes with your twitches" list and the charts."""

    status_message = Signal(str)

    def __init__(self, context: JournalContext, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._tasks = tasks
        self._insights: Insights | None = None
        self._range: tuple[date, date] | None = None
        self._device_nights = 0
        self._selected: Association | None = None
        self._overlay: str | None = None
        self._stale = True
        self._request = 0
        self._live = {"request": 0}  # the newest request, read by the second pass
        self._figure_requests: dict[str, int] = {}  # chart key -> request it was drawn for
        self._palette_name = ""
        self._busy_keys: set[str] = set()
        self._compare_periods: tuple[date, date, date, date, str, str] | None = None
        self._build()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(150)
        self._refresh_timer.timeout.connect(self.refresh)
        context.changes.connect(self._on_context_changes)
        context.replaced.connect(self._on_context_replaced)
        tasks.busy_changed.connect(self._on_tasks_busy_changed)

    # --- construction ----------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        title = QLabel("Insights")
        title.setProperty("role", "title")
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(QLabel("Show:"))
        self.range_combo = QComboBox()
        describe(self.range_combo, "Date range", "The days the insights are computed from")
        for key, label, _ in RANGES:
            self.range_combo.addItem(label, key)
        self.range_combo.setCurrentIndex(self.range_combo.findData(DEFAULT_RANGE))
        top.addWidget(self.range_combo)
        today = date.today()
        self.from_edit = _date_edit(today - timedelta(days=89), "From")
        self.to_edit = _date_edit(today, "To")
        self.custom_box = QWidget()
        custom = QHBoxLayout(self.custom_box)
        custom.setContentsMargins(0, 0, 0, 0)
        custom.addWidget(self.from_edit)
        custom.addWidget(QLabel("to"))
        custom.addWidget(self.to_edit)
        self.custom_box.setVisible(False)
        top.addWidget(self.custom_box)
        top.addStretch(1)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName("Calculating")
        self.busy_label = QLabel("Calculating…")
        self.busy_label.setProperty("role", "muted")
        top.addWidget(self.busy_label)
        top.addWidget(self.busy_bar)
        self._set_busy_visible(False)
        layout.addLayout(top)

        self.status_label = QLabel("")
        self.status_label.setProperty("role", "muted")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        # On a short screen the summary and the list scroll, never clipped mid-line.
        self.side_scroll = QScrollArea()
        self.side_scroll.setWidget(self._build_side())
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_scroll.setMinimumWidth(SIDE_MIN_WIDTH)
        describe(self.side_scroll, "Summary and associations",
                 "The period's summary, then what goes with your twitches")
        splitter.addWidget(self.side_scroll)
        splitter.addWidget(self._build_charts())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([360, 900])
        self.splitter = splitter
        layout.addWidget(splitter, 1)

        self.range_combo.currentIndexChanged.connect(self._on_range_combo_changed)
        self.from_edit.dateChanged.connect(self._on_custom_date_changed)
        self.to_edit.dateChanged.connect(self._on_custom_date_changed)

    def _build_side(self) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 6, 0)
        summary_title = QLabel("Summary")
        summary_title.setProperty("role", "heading")
        layout.addWidget(summary_title)
        self.summary_form = QFormLayout()
        self.summary_form.setFieldGrowthPolicy(
            QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.summary_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.summary_labels: dict[str, QLabel] = {}
        for key, label in (("tracked", "Days tracked"), ("per_day", "Per tracked day"),
                           ("trend", "Trend"), ("duration", "Typical duration"),
                           ("where", "Most often"), ("first", "First noticed"),
                           ("warnings", "Warning signs")):
            value = QLabel("–")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.summary_labels[key] = value
            self.summary_form.addRow(f"{label}:", value)
        layout.addLayout(self.summary_form)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        list_title = QLabel("What goes with your twitches")
        list_title.setProperty("role", "heading")
        list_title.setWordWrap(True)
        layout.addWidget(list_title)
        hint = QLabel("Click a sentence to see its chart.")
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.sentence_list = AssociationList()
        self.sentence_list.setAccessibleDescription(
            "One sentence per factor; Enter shows its chart")
        self.sentence_list.itemClicked.connect(self._on_sentence_list_item_activated)
        self.sentence_list.itemActivated.connect(self._on_sentence_list_item_activated)
        self.sentence_list.setMinimumHeight(LIST_MIN_HEIGHT)
        layout.addWidget(self.sentence_list, 1)
        self.numbers_check = QCheckBox("Show the numbers")
        self.numbers_check.setToolTip("The statistics behind each sentence and the trend "
                                      "(confidence interval, q-value, rho), as in the report")
        self.numbers_check.toggled.connect(self._on_numbers_check_toggled)
        layout.addWidget(self.numbers_check)
        self.caveat = QLabel(ASSOCIATION_CAVEAT)
        self.caveat.setWordWrap(True)
        self.caveat.setProperty("role", "muted")
        layout.addWidget(self.caveat)
        return side

    def _build_charts(self) -> QWidget:
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.chart_widgets: dict[str, ChartCanvasWidget] = {}
        for key, title in CHART_TITLES.items():
            chart = ChartCanvasWidget("Calculating…")
            chart.setAccessibleName(title)
            if key == "locations":
                page = QWidget()
                side_by_side = QHBoxLayout(page)
                side_by_side.setContentsMargins(0, 4, 0, 0)
                side_by_side.addWidget(chart, 3)
                self.body_map = InsightsBodyMapWidget()
                side_by_side.addWidget(self.body_map, 2)
                self.tabs.addTab(page, title.replace("&", "&&"))
            elif key == "timeline":
                page = QWidget()
                box = QVBoxLayout(page)
                box.setContentsMargins(0, 4, 0, 0)
                row = QHBoxLayout()
                row.addWidget(QLabel("Show alongside:"))
                self.overlay_combo = QComboBox()
                describe(self.overlay_combo, "Factor shown alongside the twitches",
                         "A daily factor drawn over the twitch counts, or nothing")
                self.overlay_combo.addItem("nothing", None)
                self.overlay_combo.currentIndexChanged.connect(self._on_overlay_combo_changed)
                row.addWidget(self.overlay_combo)
                row.addStretch(1)
                box.addLayout(row)
                box.addWidget(chart, 1)
                self.tabs.addTab(page, title.replace("&", "&&"))
            else:
                self.tabs.addTab(chart, title.replace("&", "&&"))
            self.chart_widgets[key] = chart
        self.compare_panel = ComparePanel()
        self.compare_panel.compare_requested.connect(self._on_compare_panel_requested)
        self.tabs.addTab(self.compare_panel, "Compare")
        # Every tab stays in sight (no scroll arrows): compact tabs, Save chart below.
        self.tabs.setObjectName("chartTabs")
        self.tabs.setUsesScrollButtons(False)
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideNone)
        self.save_button = QPushButton("Save chart…")
        self.save_button.setToolTip("Save the chart shown as a PNG image or an SVG drawing")
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        describe_tabs(self.tabs, "Insight charts", CHART_DESCRIPTIONS)
        charts = QWidget()
        column = QVBoxLayout(charts)
        column.setContentsMargins(6, 0, 0, 0)
        column.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        column.addLayout(row)
        return charts

    # --- public ----------------------------------------------------------------------

    @property
    def insights(self) -> Insights | None:
        """The analysis shown (None until the first one arrives)."""
        return self._insights

    def selected_range(self) -> tuple[date | None, date | None]:
        """The range the selector asks for; ``(None, today)`` means all time."""
        key = self.range_combo.currentData()
        today = date.today()
        if key == "custom":
            start, end = _pydate(self.from_edit.date()), _pydate(self.to_edit.date())
            return (start, end) if start <= end else (end, start)
        days = next((d for k, _, d in RANGES if k == key), None)
        if days is None:
            return None, None
        bounds = self._context.journal.date_bounds()
        return preset_range(days, today, bounds[0] if bounds else None)

    def set_range(self, key: str, start: date | None = None, end: date | None = None) -> None:
        """Choose a range (a key of :data:`RANGES`; custom takes ``start`` and ``end``)."""
        if key == "custom" and start is not None and end is not None:
            with QSignalBlocker(self.from_edit), QSignalBlocker(self.to_edit):
                self.from_edit.setDate(_qdate(start))
                self.to_edit.setDate(_qdate(end))
        index = self.range_combo.findData(key)
        if index == self.range_combo.currentIndex():
            self._on_range_combo_changed()
        else:
            self.range_combo.setCurrentIndex(index)

    def refresh(self) -> None:
        """Recompute the range in the background (the newest request wins)."""
        self._refresh_timer.stop()
        self._stale = False
        self._request += 1
        self._live["request"] = self._request
        start, end = self.selected_range()
        palette = self.chart_palette()
        self._palette_name = palette.name
        self.status_label.setProperty("role", "muted")
        self._repolish(self.status_label)
        self._tasks.submit("insights", insights_service.first_pass, self._on_insights_done,
                           self._on_task_failed, with_cancel=True, path=self._context.path,
                           start=start, end=end, palette=palette, overlay=self._overlay,
                           request=self._request, keys=self._visible_chart_keys())

    def chart_palette(self) -> ChartPalette:
        """Light or dark charts, following the window colour of the app's palette."""
        window = self.palette().color(QPalette.ColorRole.Window)
        return ChartPalette.for_background(window.lightnessF(), window.name())

    def current_figure(self) -> Figure | None:
        """The figure on the visible tab (None while calculating)."""
        page = self.tabs.currentWidget()
        if page is self.compare_panel:
            return self.compare_panel.chart.figure
        for key, chart in self.chart_widgets.items():
            if page is chart or chart.parent() is page:
                return self.chart_widgets[key].figure
        return None

    def save_current_chart(self, path: Path | str) -> Path:
        """Write the visible chart to ``path`` (.png or .svg) atomically."""
        from twitchlog.charts import save_figure

        figure = self.current_figure()
        if figure is None:
            raise ValueError("There is no chart to save yet.")
        return save_figure(figure, path)

    # --- events ----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._refresh_timer.start(0)
        elif self._palette_name and self._palette_name != self.chart_palette().name:
            self._redraw_charts()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if (event.type() == QEvent.Type.PaletteChange and self._insights is not None
                and self.chart_palette().name != self._palette_name and self.isVisible()):
            self._redraw_charts()

    # --- slots -----------------------------------------------------------------------

    def _on_context_changes(self, what: Change) -> None:
        if what & ANALYSED:  # a drink button or another preference changes no number
            self._mark_stale()

    def _on_context_replaced(self) -> None:
        self._insights = None
        self._selected = None
        self._mark_stale()

    def _mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self._refresh_timer.start()

    def _on_range_combo_changed(self, *_: object) -> None:
        self.custom_box.setVisible(self.range_combo.currentData() == "custom")
        self._stale = True
        if self.isVisible():
            self._refresh_timer.start()

    def _on_custom_date_changed(self, *_: object) -> None:
        if self.range_combo.currentData() == "custom":
            self._on_range_combo_changed()

    def _on_tasks_busy_changed(self, key: str, busy: bool) -> None:
        if key not in TASK_KEYS:
            return
        if busy:
            self._busy_keys.add(key)
        else:
            self._busy_keys.discard(key)
        self._set_busy_visible(bool(self._busy_keys))

    def _on_insights_done(self, result: InsightsResult) -> None:
        if result.request != self._request:
            return
        self._insights = result.insights
        self._range = (result.start, result.end)
        self._device_nights = result.device_nights
        self._fill_summary(result.insights)
        self._fill_sentences(result.insights)
        self._fill_overlay_choices(result.insights)
        self.body_map.set_counts(result.insights.by_location)
        self._show_figures(result.request, result.figures)
        current = self._current_chart_key()
        for key, chart in self.chart_widgets.items():
            if key not in result.figures and key != current:
                chart.set_message("Calculating…")
        self.compare_panel.set_medications(self._context.journal.medications.all())
        request, live = result.request, self._live  # plain data: safe to read in a worker
        self._tasks.submit("insights-full", insights_service.second_pass,
                           self._on_insights_complete, self._on_task_failed,
                           with_cancel=True, first=result,
                           palette=self.chart_palette(), selected=self._selected,
                           stale=lambda: live["request"] != request,
                           keys=tuple(k for k in self._visible_chart_keys()
                                      if k not in result.figures))

    def _on_insights_complete(self, result: InsightsResult) -> None:
        if result.request != self._request:
            return
        self._insights = result.insights
        if self._selected is not None:
            self._selected = result.insights.association(self._selected.factor,
                                                         self._selected.lag_days)
        self._fill_summary(result.insights)
        self._fill_sentences(result.insights)
        self._show_figures(result.request, result.figures)
        self._draw_missing_charts()
        self.status_message.emit("Insights are up to date")

    def _on_task_failed(self, error: Exception) -> None:
        from twitchlog.analysis.results import AnalysisCancelled

        if isinstance(error, AnalysisCancelled):
            return
        self.status_label.setText(f"Could not calculate the insights: {error}")
        self.status_label.setProperty("role", "error")
        self._repolish(self.status_label)

    def _on_sentence_list_item_activated(self, item: QListWidgetItem) -> None:
        assoc = item.data(ROLE_ASSOC)
        if (not isinstance(assoc, Association) or self._insights is None
                or not self._insights.complete):
            return
        self._selected = assoc
        self.tabs.setCurrentWidget(self.chart_widgets["factor"])
        self._request_chart("factor")

    def _on_numbers_check_toggled(self, shown: bool) -> None:
        self.sentence_list.set_numbers_shown(shown)
        if self._insights is not None:
            self._fill_summary(self._insights)

    def _on_overlay_combo_changed(self, *_: object) -> None:
        self._overlay = self.overlay_combo.currentData()
        if self._insights is not None:
            self._request_chart("timeline")

    def _on_chart_done(self, result: ChartBatch) -> None:
        if result.request == self._request:
            self._show_figures(result.request, result.figures)

    def _on_charts_done(self, result: ChartBatch) -> None:
        request = result.request
        if request == self._request:
            self._show_figures(request, {k: f for k, f in result.figures.items()
                                         if self._figure_requests.get(k) != request})

    def _on_compare_panel_requested(self) -> None:
        periods = self.compare_panel.periods()
        if periods is None:
            self.compare_panel.sentence.setText("That medication starts in the future.")
            return
        a0, a1, b0, b1, label_a, label_b = periods
        self._compare_periods = periods
        self.compare_panel.sentence.setText("Comparing…")
        self._tasks.submit("insights-compare", compare_with_chart, self._on_compare_done,
                           self._on_compare_failed, path=self._context.path, start_a=a0,
                           end_a=a1, start_b=b0, end_b=b1, label_a=label_a, label_b=label_b,
                           palette=self.chart_palette())

    def _on_compare_done(self, result: ComparisonResult) -> None:
        if self.compare_panel.periods() != self._compare_periods:
            return  # the question changed while this answer was computed
        self.compare_panel.sentence.setText(result.comparison.sentence)
        self.compare_panel.chart.set_figure(result.figure)
        self._on_tabs_current_changed()

    def _on_compare_failed(self, error: Exception) -> None:
        if self.compare_panel.periods() != self._compare_periods:
            return
        self.compare_panel.sentence.setText(f"Could not compare: {error}")

    def _on_tabs_current_changed(self, *_: object) -> None:
        self.save_button.setEnabled(self.current_figure() is not None)

    def _on_save_button_clicked(self) -> None:
        figure = self.current_figure()
        if figure is None:
            return
        name = re.sub(r"[^A-Za-z0-9]+", "-", figure_title(figure) or "chart").strip("-")
        path, selected = QFileDialog.getSaveFileName(
            self, "Save chart", str(Path.home() / f"{name.lower()}.png"),
            "PNG image (*.png);;SVG drawing (*.svg)")
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".png", ".svg"):
            target = target.with_suffix(".svg" if "svg" in selected.lower() else ".png")
        try:
            self.save_current_chart(target)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Chart not saved", f"The chart was not saved: {exc}")
            return
        self.status_message.emit(f"Saved the chart to {target}")

    # --- helpers ---------------------------------------------------------------------

    def _redraw_charts(self) -> None:
        """Every chart again from the finished insights (the palette changed)."""
        if self._insights is None or not self._insights.complete:
            return
        palette = self.chart_palette()
        self._palette_name = palette.name
        self._figure_requests.clear()
        self._tasks.submit("insights-charts", insights_service.draw_charts, self._on_charts_done,
                           self._on_task_failed, with_cancel=True, insights=self._insights,
                           palette=palette, selected=self._selected, overlay=self._overlay,
                           request=self._request)

    def _draw_missing_charts(self) -> None:
        """The charts of the other tabs, drawn in the background once the visible one is
        on screen; a tab opened before its chart arrives says "Calculating…"."""
        missing = tuple(k for k in CHART_TITLES if self._figure_requests.get(k) != self._request)
        if missing and self._insights is not None:
            self._tasks.submit("insights-charts", insights_service.draw_charts,
                               self._on_charts_done, self._on_task_failed, with_cancel=True,
                               insights=self._insights, palette=self.chart_palette(),
                               selected=self._selected, overlay=self._overlay,
                               request=self._request, keys=missing)

    def _request_chart(self, key: str) -> None:
        """One chart again, for the current insights (a sentence or an overlay was picked)."""
        if self._insights is None:
            return
        self._tasks.submit("insights-chart", insights_service.draw_charts, self._on_chart_done,
                           self._on_task_failed, insights=self._insights,
                           palette=self.chart_palette(), selected=self._selected,
                           overlay=self._overlay, request=self._request, keys=(key,))

    def _current_chart_key(self) -> str | None:
        page = self.tabs.currentWidget()
        for key, chart in self.chart_widgets.items():
            if page is chart or chart.parent() is page:
                return key
        return None

    def _visible_chart_keys(self) -> tuple[str, ...]:
        key = self._current_chart_key()
        return (key,) if key is not None else ()

    def _show_figures(self, request: int, figures: dict[str, Figure]) -> None:
        waiting = self._chart_placeholders()
        for key, figure in figures.items():
            if key in self.chart_widgets:
                if key in waiting:  # too little yet: say what will appear, and when
                    self.chart_widgets[key].set_message(waiting[key])
                else:
                    self.chart_widgets[key].set_figure(figure)
                self._figure_requests[key] = request
        self._on_tabs_current_changed()

    def _chart_placeholders(self) -> dict[str, str]:
        if self._insights is None:
            return {}
        summary = self._insights.summary
        return chart_placeholders(summary.coverage.days_tracked, summary.episodes)

    def _set_busy_visible(self, visible: bool) -> None:
        self.busy_bar.setVisible(visible)
        self.busy_label.setVisible(visible)

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def _fill_summary(self, insights: Insights) -> None:
        s = insights.summary
        labels = self.summary_labels
        cov = s.coverage
        device = self._device_nights
        labels["tracked"].setText(
            f"{cov.days_tracked:,} of {count_words(cov.days_in_range, 'day')} "
            f"({100 * cov.fraction:.0f}%), "
            f"{s.start:%d %b %Y} – {s.end:%d %b %Y}"
            + (f"; sleep of {device} night{'s' if device != 1 else ''} from a device"
               if device else ""))
        if s.per_day_mean is not None:
            labels["per_day"].setText(
                f"{s.per_day_mean:.1f} episodes (median {s.per_day_median:g}); "
                + (f"{s.per_week:.0f} a week; " if s.per_week is not None else "")
                + f"any on {100 * (s.share_days_with_any or 0):.0f}% of days")
        else:
            labels["per_day"].setText("No tracked days yet")
        t = s.trend
        if not insights.complete:
            labels["trend"].setText("Calculating…")
        elif t is not None and t.per_month is not None:
            numbers = f"(95% CI {t.ci_low:+.2f} to {t.ci_high:+.2f})"
            text = f"{_direction_text(t.direction)}: {t.per_month:+.2f} per day each month"
            labels["trend"].setText(f"{text} {numbers}" if self.numbers_check.isChecked()
                                    else text)
            labels["trend"].setToolTip(f"{text} {numbers}")
        else:
            labels["trend"].setText("Not enough tracked days yet (needs 14 over 4 weeks)")
        overall = s.durations[0] if s.durations else None
        if overall is not None and overall.n and overall.median is not None:
            labels["duration"].setText(_duration_text(overall.n, overall.median,
                                                      overall.p25, overall.p75))
        else:
            labels["duration"].setText("No durations logged")
        if s.top_locations:
            labels["where"].setText(", ".join(
                region_label(loc.location, loc.side) for loc in s.top_locations[:3]))
        else:
            labels["where"].setText("–")
        if s.first_episode_ever is not None:
            labels["first"].setText(f"{s.first_episode_ever:%d %b %Y}")
        else:
            labels["first"].setText("Nothing logged yet")
        if insights.warning_days:
            days = ", ".join(f"{d:%d %b}" for d, _ in insights.warning_days[-5:])
            labels["warnings"].setText(
                f"Logged on {count_words(len(insights.warning_days), 'day')}, latest {days}. "
                "Worth mentioning to a doctor.")
            labels["warnings"].setProperty("role", "error")
        else:
            labels["warnings"].setText("None logged in this period")
            labels["warnings"].setProperty("role", "")
        self._repolish(labels["warnings"])
        self.status_label.setText("")

    def _fill_sentences(self, insights: Insights) -> None:
        if insights.complete:
            self.sentence_list.show_insights(insights)
        else:
            self.sentence_list.show_note("Working out what goes with your twitches…")

    def _fill_overlay_choices(self, insights: Insights) -> None:
        import numpy as np

        with QSignalBlocker(self.overlay_combo):
            self.overlay_combo.clear()
            self.overlay_combo.addItem("nothing", None)
            for name, values in insights.series.factors.items():
                if not np.isnan(values).all():
                    self.overlay_combo.addItem(insights.factor_labels.get(name, name), name)
            index = self.overlay_combo.findData(self._overlay)
            if index < 0:
                self._overlay = None
                index = 0
            self.overlay_combo.setCurrentIndex(index)


def _direction_text(direction: str) -> str:
    return {"worse": "More often lately", "better": "Less often lately",
            "no clear change": "No clear change"}.get(direction, direction)
