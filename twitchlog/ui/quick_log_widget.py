"""One-click logging: buttons for the user's usual places, and a small undo bar.

The buttons are learned from the journal (most frequent location and side among recent
episodes), padded with sensible defaults for a new journal. A click records an episode
*now* with the details last used at that place, as one undoable step; the undo bar then
offers to take it back or add details.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
)

from twitchlog.domain import BUILTIN_LOCATIONS, Episode, QuickPlace, location_label
from twitchlog.store import JournalError
from twitchlog.ui.body_map_widget import region_label
from twitchlog.ui.commands import AddEpisodeCommand, DeleteEpisodesCommand
from twitchlog.ui.context import JournalContext
from twitchlog.ui.undo import push_command
from twitchlog.validation import now_local

BUTTON_COUNT = 4  # learned from the journal; pinned places come on top of these
MAX_BUTTONS = 8
BUTTON_TEXT_WIDTH = 150  # pixels; longer names end in "…" (the tooltip has them whole)
DEFAULT_PLACES: tuple[tuple[str, str], ...] = (
    ("eyelid", "left"), ("eyelid", "right"), ("calf", "left"), ("calf", "right"),
    ("thigh", "left"),
)
UNDO_BAR_MS = 10_000


def place_text(location: str, side: str) -> str:
    """"Left eyelid" for a button: the same words as everywhere else in the app."""
    return region_label(location, side)


def logged_text(episode: Episode) -> str:
    """"left eyelid at 14:32" for the undo bar and the tray (a name of the user's own
    keeps its capitals)."""
    label = region_label(episode.location, episode.side)
    starts_with_own_name = label == location_label(episode.location) and \
        episode.location.strip().lower() not in BUILTIN_LOCATIONS
    where = label if starts_with_own_name else label[:1].lower() + label[1:]
    if episode.side == "both":
        where += " (both sides)"
    return f"{where} at {episode.started_at.astimezone():%H:%M}"


def quick_episode(context: JournalContext, location: str, side: str,
                  moment: datetime) -> Episode:
    """A new episode at ``moment`` with the details last used at this place."""
    last = context.journal.episodes.last_at(location, side)
    return Episode(
        started_at=moment,
        location=location,
        side=side,
        duration_s=last.duration_s if last else None,
        intensity=last.intensity if last else None,
        kind=last.kind if last else "twitch",
    )


class QuickLogWidget(QWidget):
    """A row of buttons; ``logged(Episode, QUndoCommand)`` after each one-click log.

    The buttons keep their places: the arrangement is stored in the journal, a place the
    user pinned stays even when it is no longer frequent, and a newly frequent place joins
    at the end rather than pushing the others along.
    """

    logged = Signal(object, object)

    def __init__(self, context: JournalContext, undo_stack: QUndoStack,
                 parent: QWidget | None = None, *,
                 clock: Callable[[], datetime] = now_local) -> None:
        super().__init__(parent)
        self._context = context
        self._stack = undo_stack
        self._clock = clock
        self._places: list[QuickPlace] = []
        self.buttons: list[QPushButton] = []
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        caption = QLabel("Quick log:", self)
        caption.setProperty("role", "heading")
        caption.setToolTip("One click records a twitch now, with the details you used last time "
                           "at that place.")
        self._layout.addWidget(caption)
        # a fixed pool, created in row order: the tab order follows the row, and a refresh
        # only changes texts, never widgets under the pointer
        self._pool: list[QPushButton] = []
        for i in range(MAX_BUTTONS):
            button = QPushButton(self)
            button.setProperty("role", "quick")
            button.setAutoDefault(False)
            button.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            button.customContextMenuRequested.connect(
                lambda pos, n=i: self._on_button_menu(n, pos))
            button.clicked.connect(lambda _=False, n=i: self._on_button_clicked(n))
            button.hide()
            self._layout.addWidget(button)
            self._pool.append(button)
        self.arrange_button = QToolButton(self)
        self.arrange_button.setText("Arrange…")
        self.arrange_button.setAutoRaise(True)
        self.arrange_button.setToolTip("Pin and reorder the quick-log buttons")
        self.arrange_button.setAccessibleName("Arrange the quick-log buttons")
        self.arrange_button.setAccessibleDescription(
            "Pin a place so it keeps its button, or change the buttons' order")
        self.arrange_button.clicked.connect(self.arrange)
        self._layout.addWidget(self.arrange_button)
        self._layout.addStretch(1)
        context.changed.connect(self.refresh)
        context.replaced.connect(self._on_context_replaced)
        # Shown now, kept with the journal at its next change: a write at start-up would
        # run the journal's full check on the UI thread before the window appears.
        self._relearn(save=False)

    def places(self) -> list[tuple[str, str]]:
        """The (location, side) pairs on the buttons, in order."""
        return [(p.location, p.side) for p in self._places]

    def quick_places(self) -> list[QuickPlace]:
        """The buttons with their pins, in order."""
        return list(self._places)

    def refresh(self) -> None:
        """Re-learn the usual places; buttons keep their order, pinned ones stay."""
        self._relearn(save=True)

    def _relearn(self, *, save: bool) -> None:
        current = self._places or self._context.journal.settings.quick_places()
        known = {name.lower() for name in self._context.journal.locations.names()}
        wanted = self._learned_places()
        kept = [p for p in current
                if p.location.lower() in known and (p.pinned or (p.location, p.side) in wanted)]
        have = {(p.location, p.side) for p in kept}
        places = kept + [QuickPlace(*w) for w in wanted if w not in have][
            :max(0, MAX_BUTTONS - len(kept))]
        if places != self._places:
            self._show_places(places)
        if save:
            self._save_places(places)

    def set_quick_places(self, places: list[QuickPlace]) -> None:
        """Arrange the buttons as the user chose (kept in the journal)."""
        self._set_places(places[:MAX_BUTTONS])
        self.refresh()

    def move_button(self, index: int, step: int) -> None:
        """Move one button left (-1) or right (+1)."""
        target = index + step
        if 0 <= index < len(self._places) and 0 <= target < len(self._places):
            places = list(self._places)
            places[index], places[target] = places[target], places[index]
            self._set_places(places)

    def set_pinned(self, index: int, pinned: bool) -> None:
        place = self._places[index]
        places = list(self._places)
        places[index] = QuickPlace(place.location, place.side, pinned)
        self._set_places(places)
        self.refresh()

    def arrange(self) -> None:
        """The Arrange dialog: pins and order, kept with the journal."""
        from twitchlog.ui.quick_log_dialog import QuickLogDialog

        dialog = QuickLogDialog(self._places, self,
                                locations=self._context.journal.locations.names(),
                                limit=MAX_BUTTONS)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_quick_places(dialog.places())

    def log(self, location: str, side: str) -> Episode | None:
        """Record an episode now at this place (one undoable step)."""
        episode = quick_episode(self._context, location, side, self._clock())
        command = AddEpisodeCommand(self._context, episode)
        if not push_command(self._stack, command, self):
            return None
        self.logged.emit(episode, command)
        return episode

    def _learned_places(self) -> list[tuple[str, str]]:
        known = set(self._context.journal.locations.names())
        places = [(u.location, u.side)
                  for u in self._context.journal.episodes.frequent(BUTTON_COUNT)]
        for place in DEFAULT_PLACES:
            if len(places) >= BUTTON_COUNT:
                break
            if place not in places and place[0] in known:
                places.append(place)
        return places

    def _set_places(self, places: list[QuickPlace]) -> None:
        self._show_places(places)
        self._save_places(places)

    def _save_places(self, places: list[QuickPlace]) -> None:
        if places != self._context.journal.settings.quick_places():
            # a journal that refuses the write keeps the order for this session
            with contextlib.suppress(JournalError):
                self._context.journal.settings.save_quick_places(places)

    def _show_places(self, places: list[QuickPlace]) -> None:
        self._places = places
        metrics = QFontMetrics(self.font())
        for i, button in enumerate(self._pool):
            if i >= len(places):
                button.hide()
                continue
            place = places[i]
            full = place_text(place.location, place.side)
            shown = metrics.elidedText(full, Qt.TextElideMode.ElideRight, BUTTON_TEXT_WIDTH)
            button.setText(shown.replace("&", "&&"))
            label = region_label(place.location, place.side)
            pin = " (pinned)" if place.pinned else ""
            button.setToolTip(f"{label}{pin}: log a twitch here now (same details as last "
                              "time there). Right-click to pin or move.")
            button.setAccessibleName(f"Quick log {label}")
            button.setAccessibleDescription(
                f"Records a twitch at the {label.lower()} now{pin}")
            button.show()
        self.buttons = self._pool[:len(places)]

    def _on_button_clicked(self, index: int) -> None:
        if index < len(self._places):
            place = self._places[index]
            self.log(place.location, place.side)

    def _on_button_menu(self, index: int, pos: QPoint) -> None:
        if index >= len(self._places):
            return
        place = self._places[index]
        menu = QMenu(self)
        pin = menu.addAction("Unpin" if place.pinned else "Pin (keep this button)")
        left = menu.addAction("Move left")
        left.setEnabled(index > 0)
        right = menu.addAction("Move right")
        right.setEnabled(index < len(self._places) - 1)
        menu.addSeparator()
        arrange = menu.addAction("Arrange…")
        chosen = menu.exec(self._pool[index].mapToGlobal(pos))
        if chosen is pin:
            self.set_pinned(index, not place.pinned)
        elif chosen is left:
            self.move_button(index, -1)
        elif chosen is right:
            self.move_button(index, 1)
        elif chosen is arrange:
            self.arrange()

    def _on_context_replaced(self) -> None:
        self._show_places([])
        self._relearn(save=False)


class UndoBar(QFrame):
    """"Logged left eyelid at 14:32 – Undo · Add details"; hides itself after ~10 s."""

    details_requested = Signal(object)  # the Episode
    shown = Signal()  # about to appear: the host places the floating bar

    def __init__(self, context: JournalContext, undo_stack: QUndoStack,
                 parent: QWidget | None = None, *, timeout_ms: int = UNDO_BAR_MS) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self._context = context
        self._stack = undo_stack
        self._episode: Episode | None = None
        self._command: QUndoCommand | None = None
        self.label = QLabel(self)
        self.undo_button = QPushButton("&Undo", self)
        self.undo_button.setProperty("role", "link")
        self.undo_button.setAutoDefault(False)
        self.details_button = QPushButton("Add details", self)
        self.details_button.setProperty("role", "link")
        self.details_button.setAutoDefault(False)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Dismiss")
        self.close_button.setAccessibleName("Dismiss")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label)
        layout.addWidget(QLabel("–", self))
        layout.addWidget(self.undo_button)
        layout.addWidget(QLabel("·", self))
        layout.addWidget(self.details_button)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(timeout_ms)
        self._hide_timer.timeout.connect(self.dismiss)
        self.undo_button.clicked.connect(self._on_undo_button_clicked)
        self.details_button.clicked.connect(self._on_details_button_clicked)
        self.close_button.clicked.connect(self.dismiss)
        context.replaced.connect(self.dismiss)
        self.hide()

    def show_logged(self, episode: Episode, command: QUndoCommand | None) -> None:
        self._episode = episode
        self._command = command
        self.label.setText(f"Logged {logged_text(episode)}")
        self.adjustSize()
        self.shown.emit()
        self.show()
        self.raise_()
        self._hide_timer.start()

    def dismiss(self) -> None:
        self._hide_timer.stop()
        self._episode = None
        self._command = None
        self.hide()

    def _on_undo_button_clicked(self) -> None:
        episode, command = self._episode, self._command
        if episode is None:
            return
        top = self._stack.command(self._stack.index() - 1) if self._stack.index() else None
        if command is not None and top is command:
            self._stack.undo()
        elif self._context.journal.episodes.get(episode.id) is not None:
            push_command(self._stack, DeleteEpisodesCommand(self._context, [episode.id]), self)
        self.dismiss()

    def _on_details_button_clicked(self) -> None:
        if self._episode is None:
            return
        stored = self._context.journal.episodes.get(self._episode.id)
        self.dismiss()
        if stored is not None:
            self.details_requested.emit(stored)

    def enterEvent(self, event: object) -> None:
        self._hide_timer.stop()  # reading it: stay
        super().enterEvent(event)  # type: ignore[arg-type]

    def leaveEvent(self, event: object) -> None:
        if self._episode is not None:
            self._hide_timer.start()
        super().leaveEvent(event)  # type: ignore[arg-type]

    def is_showing(self) -> bool:
        return self._episode is not None and not self.isHidden()

    def shown_episode(self) -> Episode | None:
        return self._episode

    def keyPressEvent(self, event: object) -> None:
        if getattr(event, "key", lambda: None)() == Qt.Key.Key_Escape:
            self.dismiss()
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]
