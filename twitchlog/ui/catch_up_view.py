"""Catching up on recent days without a check-in: a calm strip on Today and a compact view.

One row per day with the essentials (sleep, caffeine, stress). Each row saves as the
user goes, and a day becomes tracked only once something is filled in or "No twitches
that day" is pressed. "I don't remember" leaves the day untracked and stops the
asking; nothing is guessed, and nothing in the wording blames anyone. Sleep or caffeine
imported from a device for such a day is offered as the check-in offers it ("7.2 h
sleep — from Fitbit", **Use**), since an imported value alone never tracks a day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from twitchlog.domain import CHECKIN_FIELD_BY_NAME, DayCheckIn
from twitchlog.store import JournalError
from twitchlog.store.device_import import SuggestedValue
from twitchlog.ui import app_settings
from twitchlog.ui.checkin_widget import SAVE_DELAY_MS, BlankSpinBox, NumberEdit
from twitchlog.ui.context import JournalContext
from twitchlog.ui.device_value_widget import DeviceValueWidget
from twitchlog.validation import ValidationError, coerce_value, now_local

FIELDS = ("sleep_hours", "caffeine_mg", "stress")
#: How a waiting device value reads: "7.2 h sleep", "120 mg caffeine".
_DEVICE_WORDS = {"sleep_hours": ("h", "sleep"), "caffeine_mg": ("mg", "caffeine")}


def _days_text(count: int) -> str:
    return "1 missed day" if count == 1 else f"{count} missed days"


class CatchUpRow(QObject):
    """One day: three fields, "No twitches that day", "I don't remember", and its state.

    Its widgets sit in the dialog's grid (so the columns line up); this object owns
    their behaviour.
    """

    def __init__(self, context: JournalContext, day: date, grid: QGridLayout, row: int,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self.day = day
        self.tracked = False
        self.unremembered = False
        episodes = len(context.journal.episodes.find(day, day))
        label = QLabel(f"<b>{day:%A %d %B}</b>" + (
            f"<br>{episodes} logged" if episodes else ""), parent)
        self.fields: dict[str, NumberEdit | BlankSpinBox] = {}
        for name in FIELDS:
            spec = CHECKIN_FIELD_BY_NAME[name]
            widget: NumberEdit | BlankSpinBox = BlankSpinBox(spec, parent) if name == "stress" \
                else NumberEdit(spec, parent)
            widget.setAccessibleName(f"{spec.label}, {day:%A %d %B}")
            self.fields[name] = widget
        #: The device values waiting on this day, each offered under its field.
        self.device_rows: dict[str, DeviceValueWidget] = {}
        waiting = self._waiting()
        cells = [self._field_cell(name, widget, parent, waiting.get(name))
                 for name, widget in self.fields.items()]
        self.done_button = QPushButton("No twitches that day" if not episodes
                                       else "Nothing more to add", parent)
        self.done_button.setToolTip("Count this day as tracked with what is filled in")
        self.forget_button = QPushButton("I don't remember", parent)
        self.forget_button.setToolTip("Leave this day unknown; it will not be asked about "
                                      "again")
        self.status = QLabel("Not tracked yet", parent)
        self.status.setProperty("role", "muted")
        for button, what in ((self.done_button, "tracked"), (self.forget_button, "unknown")):
            button.setAccessibleName(f"{button.text()}, {day:%A %d %B}")
            button.setAccessibleDescription(f"Marks {day:%A %d %B} as {what}")
        for column, cell in enumerate((label, *cells, self.done_button,
                                       self.forget_button, self.status)):
            grid.addWidget(cell, row, column)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        self._pending = False
        for widget in self.fields.values():
            signal = widget.textEdited if isinstance(widget, NumberEdit) \
                else widget.valueChanged
            signal.connect(self._on_field_edited)
        self.done_button.clicked.connect(self._on_done_button_clicked)
        self.forget_button.clicked.connect(self._on_forget_button_clicked)

    def _waiting(self) -> dict[str, SuggestedValue]:
        """The device values imported for this day, by field (none if unreadable)."""
        try:
            return {s.field: s for s in self._context.journal.devices.suggested(self.day)
                    if s.field in _DEVICE_WORDS}
        except JournalError:
            return {}

    def _field_cell(self, name: str, widget: QWidget, parent: QWidget,
                    found: SuggestedValue | None) -> QWidget:
        """The field, with the device value waiting for it (and **Use**) beneath."""
        if found is None:
            return widget
        cell = QWidget(parent)
        layout = QVBoxLayout(cell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        top = QHBoxLayout()
        top.setSpacing(6)
        offer = DeviceValueWidget(cell)
        unit, what = _DEVICE_WORDS[name]
        text = f"{found.value:g} {unit} {what} — from {found.source}"
        offer.show_value(text, offer=True)
        offer.use_button.setAccessibleName(f"Use {text}, {self.day:%A %d %B}")
        offer.use_button.setAccessibleDescription(
            f"Puts the imported value in the check-in of {self.day:%A %d %B}")
        offer.use_clicked.connect(lambda n=name: self._on_device_use_clicked(n))
        # Use sits beside the field and the value wraps beneath it, so a long source
        # ("Apple Health") does not push the row's buttons off a small screen.
        offer.label.setWordWrap(True)
        top.addWidget(widget)
        top.addWidget(offer.use_button)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(offer)
        cell.setFixedWidth(max(cell.fontMetrics().averageCharWidth() * 24,
                               top.sizeHint().width()))
        self.device_rows[name] = offer
        return cell

    def _on_device_use_clicked(self, name: str) -> None:
        """**Use**: the check-in takes the device value (with its source); the day is
        tracked, as when a value is typed."""
        if not self.save_now() and self.status.property("role") == "error":
            return  # a refused typed value stays on screen to be corrected
        try:
            value = self._context.journal.devices.confirm(self.day, name)
        except JournalError as exc:
            self._show(f"Not saved: {exc}", "error")
            return
        if value is None:
            return
        field = self.fields[name]
        if isinstance(field, NumberEdit):
            field.set_value(value)
        sources = self._context.journal.devices.sources(self.day)
        self.device_rows[name].show_value(f"from {sources.get(name, 'a device')}",
                                          offer=False)
        self.tracked = True
        self._show("✓ Saved · day tracked", "ok")
        self._context.notify_changed()

    def save_now(self, *, even_if_blank: bool = False) -> bool:
        """Write what is filled in; returns whether the day is tracked now."""
        self._timer.stop()
        if not self._pending and not even_if_blank:
            return self.tracked
        self._pending = False
        stored = self._context.journal.checkins.get(self.day)
        checkin = stored or DayCheckIn(date=self.day)
        filled = False
        for name, widget in self.fields.items():
            try:
                value = coerce_value(CHECKIN_FIELD_BY_NAME[name], widget.raw())
            except ValidationError as exc:
                self._show(f"Not saved: {exc}", "error")
                return self.tracked
            filled = filled or value is not None
            setattr(checkin, name, value)
        if stored is None and not filled and not even_if_blank:
            return False
        try:
            self._context.journal.checkins.save(checkin)
        except (JournalError, ValidationError) as exc:
            self._show(f"Not saved: {exc}", "error")
            return self.tracked
        self.tracked = True
        self._show("✓ Saved · day tracked", "ok")
        self._context.notify_changed()
        return True

    def discard_pending(self) -> None:
        self._timer.stop()
        self._pending = False

    def _show(self, text: str, role: str) -> None:
        self.status.setText(text)
        self.status.setProperty("role", role)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _on_field_edited(self) -> None:
        self._pending = True
        self._timer.start()

    def _on_done_button_clicked(self) -> None:
        self.save_now(even_if_blank=True)

    def _on_forget_button_clicked(self) -> None:
        """"I don't remember", or (pressed again) "Undo" for a slip of the mouse."""
        self.discard_pending()
        forget = not self.unremembered
        try:
            self._context.journal.catch_up.mark_unremembered(self.day, remembered=not forget)
        except JournalError as exc:
            self._show(f"Not saved: {exc}", "error")
            return
        self.unremembered = forget
        for widget in (*self.fields.values(), self.done_button,
                       *(offer.use_button for offer in self.device_rows.values())):
            widget.setEnabled(not forget)
        text = "Undo" if forget else "I don't remember"
        self.forget_button.setText(text)
        self.forget_button.setAccessibleName(f"{text}, {self.day:%A %d %B}")
        self.forget_button.setAccessibleDescription(
            f"Asks about {self.day:%A %d %B} again" if forget
            else f"Marks {self.day:%A %d %B} as unknown")
        if forget:
            self._show("Left as unknown – that's fine", "muted")
        else:
            self._show("Not tracked yet", "muted")
        self._context.notify_changed()


class CatchUpDialog(QDialog):
    """The compact catch-up view: one row per recent day without a check-in."""

    def __init__(self, context: JournalContext, days: list[date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Catch up – TwitchLog")
        intro = QLabel("Whatever you recall is useful; a blank stays unknown, never zero. "
                       "Each day is saved as you go.", self)
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        for column, text in enumerate(("Day", "Sleep (h)", "Caffeine (mg)", "Stress 0–10")):
            header = QLabel(text, self)
            header.setProperty("role", "muted")
            grid.addWidget(header, 0, column)
        self.rows = [CatchUpRow(context, day, grid, index + 1, self)
                     for index, day in enumerate(days)]
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("&Done")
        close.setAccessibleName("Done")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(buttons)
        context.replaced.connect(self._on_context_replaced)

    def row(self, day: date) -> CatchUpRow:
        return next(r for r in self.rows if r.day == day)

    def done(self, result: int) -> None:
        for row in self.rows:
            row.save_now()  # what was typed is kept, also on Esc
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        for row in self.rows:
            row.save_now()
        super().closeEvent(event)

    def _on_context_replaced(self) -> None:
        """Another journal is open: these days belonged to the old one, so nothing more
        is written (the switch already saved what was pending)."""
        for row in self.rows:
            row.discard_pending()
        self.reject()


class CatchUpStrip(QFrame):
    """"Catch up on 3 missed days": shown on opening when recent days have no check-in.

    "Not now" hides it for the rest of the day (for this journal).
    """

    opened = Signal(object)  # the CatchUpDialog

    def __init__(self, context: JournalContext, parent: QWidget | None = None, *,
                 clock: Callable[[], datetime] = now_local) -> None:
        super().__init__(parent)
        self.setObjectName("catchUpStrip")
        self._context = context
        self._clock = clock
        self.missed: list[date] = []
        self.dialog: CatchUpDialog | None = None
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.open_button = QPushButton(self)
        self.dismiss_button = QPushButton("Not now", self)
        self.dismiss_button.setAccessibleName("Not now: hide the catch-up for today")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.dismiss_button)
        self.open_button.clicked.connect(self.open_catch_up)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.refresh()

    def _dismiss_key(self) -> str:
        return f"{self._clock().date().isoformat()} {self._context.path}"

    def refresh(self) -> None:
        """Rebuilt from the open journal (after changes, the date, a journal switch)."""
        try:
            self.missed = self._context.journal.catch_up.missed_days(self._clock().date())
        except JournalError:
            self.missed = []
        dismissed = app_settings.get_str(app_settings.CATCH_UP_DISMISSED) == self._dismiss_key()
        text = f"Catch up on {_days_text(len(self.missed))}"
        self.open_button.setText(text)
        self.open_button.setAccessibleName(text)
        self.label.setText("Some recent days have no check-in yet. A few seconds each "
                           "fills in the picture." if len(self.missed) > 1 else
                           "One recent day has no check-in yet. A few seconds fills in the "
                           "picture.")
        self.setVisible(bool(self.missed) and not dismissed)

    def dismiss(self) -> None:
        app_settings.set_value(app_settings.CATCH_UP_DISMISSED, self._dismiss_key())
        self.hide()

    def open_catch_up(self) -> CatchUpDialog:
        """The catch-up view for the days missed now (window-modal, not blocking)."""
        dialog = CatchUpDialog(self._context, list(self.missed), self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.destroyed.connect(self._on_dialog_destroyed)
        self.dialog = dialog
        dialog.show()
        self.opened.emit(dialog)
        return dialog

    def commit_pending(self) -> None:
        """Save what the open catch-up view holds (before a journal switch or closing)."""
        if self.dialog is not None:
            for row in self.dialog.rows:
                row.save_now()

    def _on_dialog_destroyed(self) -> None:
        self.dialog = None
