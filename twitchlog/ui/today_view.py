"""The Today view: quick log, the full episode form, today's episodes, the daily check-in.

Layout: the quick-log row and its undo bar on top; the form and, under it, today's
episodes (newest first, each editable) on the left; the check-in on the right.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QResizeEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from twitchlog.domain import Episode, kind_label
from twitchlog.ui import app_settings
from twitchlog.ui.a11y import describe
from twitchlog.ui.body_map_widget import region_label
from twitchlog.ui.catch_up_view import CatchUpStrip
from twitchlog.ui.checkin_widget import CheckinWidget
from twitchlog.ui.commands import AddEpisodeCommand, DeleteEpisodesCommand
from twitchlog.ui.context import JournalContext
from twitchlog.ui.day_dots_widget import DayDotsWidget
from twitchlog.ui.episode_dialog import EpisodeDialog
from twitchlog.ui.episode_form_widget import EpisodeFormWidget, intensity_text
from twitchlog.ui.quick_log_widget import QuickLogWidget, UndoBar
from twitchlog.ui.reminder_offer_widget import ReminderOfferWidget
from twitchlog.ui.undo import push_command
from twitchlog.validation import format_duration, now_local

COLUMNS = ("Time", "Where", "Duration", "Intensity", "Kind", "Notes")


class _EpisodeList(QTreeWidget):
    """Today's episodes; Enter edits the current one."""

    edit_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.edit_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class TodayView(QWidget):
    """Log now, see today, check in. Implements the main window's view protocol:
    ``has_selection``, ``delete_selected``, ``selection_changed``, ``status_message``."""

    selection_changed = Signal()
    status_message = Signal(str)

    def __init__(self, context: JournalContext, undo_stack: QUndoStack,
                 parent: QWidget | None = None, *,
                 clock: Callable[[], datetime] = now_local) -> None:
        super().__init__(parent)
        self._context = context
        self._stack = undo_stack
        self._clock = clock
        self._shown_day = clock().date()
        self._episodes: list[Episode] = []

        self.quick_log = QuickLogWidget(context, undo_stack, self, clock=clock)
        self.undo_bar = UndoBar(context, undo_stack, self)
        # Each widget is made inside its final parent: moving a built subtree into
        # another parent later restyles all of it (a tenth of the start-up time).
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(self.splitter)
        form_box = QGroupBox("Log an episode", left)
        self.form = EpisodeFormWidget(context, form_box, clock=clock)
        self.list_box = QGroupBox(left)
        self.episode_list = _EpisodeList(self.list_box)
        self.episode_list.setColumnCount(len(COLUMNS))
        self.episode_list.setHeaderLabels(list(COLUMNS))
        self.episode_list.setRootIsDecorated(False)
        self.episode_list.setUniformRowHeights(True)
        self.episode_list.setAlternatingRowColors(True)
        self.episode_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.episode_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.episode_list.setAccessibleName("Today's episodes")
        self.episode_list.setAccessibleDescription("Newest first; Enter or a double-click corrects "
                                                   "one, Delete removes the selected")
        header = self.episode_list.header()
        header.setStretchLastSection(True)
        for col in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = QLabel("Nothing logged today yet. Use the quick-log buttons or "
                                  "the form above.", self.list_box)
        self.empty_label.setProperty("role", "muted")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.checkin = CheckinWidget(context, self, today=lambda: self._clock().date())

        form_layout = QVBoxLayout(form_box)
        form_layout.addWidget(self.form)
        list_layout = QVBoxLayout(self.list_box)
        list_layout.addWidget(self.episode_list)
        list_layout.addWidget(self.empty_label)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(form_box, 0)
        left_layout.addWidget(self.list_box, 1)

        checkin_area = QScrollArea(self.splitter)
        checkin_area.setWidgetResizable(True)
        checkin_area.setFrameShape(QScrollArea.Shape.NoFrame)
        checkin_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        checkin_frame = QGroupBox(self)
        checkin_layout = QVBoxLayout(checkin_frame)
        checkin_layout.addWidget(self.checkin)
        checkin_area.setWidget(checkin_frame)
        checkin_area.setMinimumWidth(310)
        describe(checkin_area, "Daily check-in", "Sleep, caffeine, stress and the other "
                 "factors of the day; saved as you type")

        self.splitter.addWidget(left)
        self.splitter.addWidget(checkin_area)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([800, 380])
        state = app_settings.app_settings().value(app_settings.SPLITTER)
        if state is not None:
            self.splitter.restoreState(state)

        # Fewer blank days (issue 13): coverage dots, the catch-up strip, the reminder offer.
        self.day_dots = DayDotsWidget(context, self, clock=clock)
        self.catch_up_strip = CatchUpStrip(context, self, clock=clock)
        self.reminder_offer = ReminderOfferWidget(context, self)

        top = QHBoxLayout()
        top.addWidget(self.quick_log, 1)
        top.addWidget(self.day_dots, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.catch_up_strip)
        layout.addWidget(self.reminder_offer)
        layout.addWidget(self.splitter, 1)
        # Tab follows the screen: the strips under the quick-log row come before the form
        previous: QWidget = self.quick_log.arrange_button
        for strip in (self.day_dots, self.catch_up_strip, self.reminder_offer):
            for widget in [strip, *strip.findChildren(QWidget)]:
                if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not widget.isWindow():
                    self.setTabOrder(previous, widget)
                    previous = widget
        # the undo bar floats over the bottom of the view: showing it moves nothing
        self.undo_bar.setAutoFillBackground(True)
        self.undo_bar.shown.connect(self._place_undo_bar)

        self._edit_action = QAction("&Edit…", self)
        self._edit_action.triggered.connect(self.edit_current)
        self._delete_action = QAction("&Delete", self)
        self._delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self._delete_action.triggered.connect(self.delete_selected)

        self._day_timer = QTimer(self)
        self._day_timer.setInterval(30_000)
        self._day_timer.timeout.connect(self.follow_the_date)
        self._day_timer.start()

        self.quick_log.logged.connect(self._on_quick_log_logged)
        self.undo_bar.details_requested.connect(self.open_editor)
        self.form.submitted.connect(self._on_form_submitted)
        self.episode_list.itemSelectionChanged.connect(self.selection_changed)
        self.episode_list.itemDoubleClicked.connect(lambda *_: self.edit_current())
        self.episode_list.edit_requested.connect(self.edit_current)
        self.episode_list.customContextMenuRequested.connect(self._on_episode_list_menu)
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        context.changed.connect(self.refresh)
        context.replaced.connect(self._on_context_replaced)
        self.refresh()

    # --- the main window's protocol ---------------------------------------------------

    def has_selection(self) -> bool:
        return bool(self.episode_list.selectedItems())

    def selected_ids(self) -> list[str]:
        return [item.data(0, Qt.ItemDataRole.UserRole)
                for item in self.episode_list.selectedItems()]

    def delete_selected(self) -> int:
        """Delete the selected episodes (one undoable step); returns how many."""
        ids = self.selected_ids()
        if not ids:
            return 0
        if push_command(self._stack, DeleteEpisodesCommand(self._context, ids), self):
            word = "episode" if len(ids) == 1 else "episodes"
            self.status_message.emit(f"Deleted {len(ids)} {word} – Undo with Ctrl+Z")
            return len(ids)
        return 0

    def commit_pending(self) -> None:
        """Save the check-in's pending edits now (before closing or switching journals)."""
        self.checkin.save_now()
        self.catch_up_strip.commit_pending()

    def focus_form(self) -> None:
        """Ctrl+L: ready to log, with the keyboard in the location search."""
        if not self.form.timer_running() and self.form.location() == "":
            self.form.set_when(None, 0)
        self.form.focus_location()

    def show_checkin_for(self, day: date) -> None:
        """Open the check-in on another day (e.g. from the Journal's calendar)."""
        self.checkin.set_day(day)

    def episodes_shown(self) -> list[Episode]:
        """Today's episodes as listed, newest first."""
        return list(self._episodes)

    # --- refreshing ---------------------------------------------------------------------

    def refresh(self) -> None:
        today = self._clock().date()
        self._shown_day = today
        selected = set(self.selected_ids())
        self._episodes = self._context.journal.episodes.find(today, today, newest_first=True)
        self.episode_list.blockSignals(True)
        self.episode_list.clear()
        for episode in self._episodes:
            item = QTreeWidgetItem([
                f"{episode.started_at.astimezone():%H:%M}",
                region_label(episode.location, episode.side)
                + (" (both)" if episode.side == "both" else ""),
                format_duration(episode.duration_s) or "–",
                intensity_text(episode.intensity) if episode.intensity else "–",
                kind_label(episode.kind),
                episode.notes,
            ])
            item.setData(0, Qt.ItemDataRole.UserRole, episode.id)
            self.episode_list.addTopLevelItem(item)
            item.setSelected(episode.id in selected)
        self.episode_list.blockSignals(False)
        count = len(self._episodes)
        self.list_box.setTitle(f"Today, {today:%A %d %B}" + (f" · {count} logged" if count
                                                               else ""))
        self.episode_list.setVisible(bool(count))
        self.empty_label.setVisible(not count)
        for extra in (self.day_dots, self.catch_up_strip, self.reminder_offer):
            extra.refresh()
        self.selection_changed.emit()

    # --- editing ------------------------------------------------------------------------

    def edit_current(self) -> None:
        item = self.episode_list.currentItem()
        if item is None:
            return
        episode = self._context.journal.episodes.get(item.data(0, Qt.ItemDataRole.UserRole))
        if episode is not None:
            self.open_editor(episode)

    def open_editor(self, episode: Episode) -> EpisodeDialog:
        """The episode dialog for correcting one episode (window-modal, not blocking)."""
        dialog = EpisodeDialog(self._context, self._stack, episode, self, clock=self._clock)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        return dialog

    # --- slots -------------------------------------------------------------------------

    def _on_form_submitted(self, episode: Episode) -> None:
        command = AddEpisodeCommand(self._context, episode)
        if push_command(self._stack, command, self):
            self.undo_bar.show_logged(episode, command)
            self.form.clear(emit=False)
            self.form.focus_location()

    def _on_quick_log_logged(self, episode: Episode, command: object) -> None:
        self.undo_bar.show_logged(episode, command)  # type: ignore[arg-type]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_undo_bar()

    def _place_undo_bar(self) -> None:
        """Over the bottom of today's list (the left column), at its natural width."""
        bar = self.undo_bar
        column = self.splitter.widget(0)
        if column is None:
            return
        left = column.mapTo(self, column.rect().topLeft()).x()
        room = max(200, column.width() - 24)
        width = min(room, max(bar.sizeHint().width(), 360))
        height = bar.sizeHint().height()
        bar.setGeometry(left + (column.width() - width) // 2, self.height() - height - 18,
                        width, height)
        bar.raise_()

    def _on_episode_list_menu(self, pos: QPoint) -> None:
        if self.episode_list.itemAt(pos) is None:
            return
        menu = QMenu(self)
        menu.addAction(self._edit_action)
        menu.addAction(self._delete_action)
        menu.exec(self.episode_list.viewport().mapToGlobal(pos))

    def _on_splitter_moved(self, *_args: object) -> None:
        app_settings.set_value(app_settings.SPLITTER, self.splitter.saveState())

    def follow_the_date(self) -> None:
        """After midnight, "today" is the new day (checked every 30 s)."""
        today = self._clock().date()
        if today != self._shown_day:
            was_today = self.checkin.day() == self._shown_day
            self.refresh()
            if was_today:
                self.checkin.set_day(today)

    def _on_context_replaced(self) -> None:
        self.form.clear(emit=False)
        self.form.reload_locations()
        self.refresh()
