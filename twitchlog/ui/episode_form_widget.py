"""The full episode form: where, side, when, how long, how strong, what kind, notes.

Used on the Today view (Enter logs, Esc clears) and inside :class:`EpisodeDialog` for
adding or correcting an episode. Every value is checked by the shared validation and
refusals appear beside their field. The clock is injectable so the timer and the
"minutes ago" presets can be tested without waiting.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import cast

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from twitchlog.domain import KINDS, Episode, kind_label
from twitchlog.ui.a11y import describe, describe_date
from twitchlog.ui.body_map_widget import LocationPicker, region_label
from twitchlog.ui.context import JournalContext
from twitchlog.ui.date_limits import limit_dates
from twitchlog.ui.field_message_widget import FieldMessage
from twitchlog.ui.theme import repolish
from twitchlog.validation import (
    ValidationError,
    as_local_aware,
    format_duration,
    now_local,
    parse_duration,
    validate_episode,
)

WHEN_PRESETS: tuple[tuple[str, int], ...] = (
    ("Now", 0), ("5 min ago", 5), ("15 min ago", 15), ("1 h ago", 60))
DURATION_PRESETS: tuple[tuple[str, str], ...] = (
    ("10 s", "10s"), ("1 min", "1m"), ("10 min", "10m"), ("1 h", "1h"))
SIDE_LABELS: tuple[tuple[str, str], ...] = (
    ("left", "Left"), ("right", "Right"), ("both", "Both"), ("unspecified", "Not sure"))
FIELD_LABELS = {
    "location": "Location", "side": "Side", "started_at": "Time", "duration_s": "Duration",
    "intensity": "Intensity", "kind": "Kind", "notes": "Notes",
}
_DATETIME_FORMAT = "yyyy-MM-dd  HH:mm"
PICKER_HEIGHT = 280


def intensity_text(value: int | None) -> str:
    """A calm word for an intensity rating."""
    if not value:
        return "Not rated"
    if value == 1:
        word = "barely noticeable"
    elif value <= 3:
        word = "light"
    elif value <= 6:
        word = "moderate"
    elif value <= 8:
        word = "strong"
    else:
        word = "very strong"
    return f"{value} – {word}"


def duration_edit_text(seconds: float | None) -> str:
    """Seconds as the form's compact input, e.g. ``1m12s``; ``parse_duration`` reads it back."""
    if seconds is None:
        return ""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "")
    return text + (f"{secs}s" if secs or not text else "")


def elapsed_text(seconds: float) -> str:
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _chip(text: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setProperty("role", "chip")
    button.setAutoDefault(False)
    button.setCheckable(True)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


class EpisodeFormWidget(QWidget):
    """The form. ``submitted(Episode)`` fires with a validated episode; ``cleared`` on Esc.

    With ``handle_keys`` (the Today view) Enter submits and Esc clears; inside a dialog
    the dialog's default button and Esc do that instead.
    """

    submitted = Signal(object)
    cleared = Signal()

    def __init__(
        self,
        context: JournalContext,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = now_local,
        handle_keys: bool = True,
        submit_text: str = "Lo&g episode",
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._clock = clock
        self._handle_keys = handle_keys
        self._loaded: Episode | None = None
        self._when_offset: int | None = 0  # minutes before now; None = a chosen date-time
        self._when_touched = False
        self._when_exact: datetime | None = None
        self._setting_when = False
        self._timer_started: datetime | None = None

        self.picker = LocationPicker(self)
        self.location_label = QLabel(self)
        self.location_label.setProperty("role", "heading")
        self.location_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                          QSizePolicy.Policy.Preferred)
        self.location_label.setMinimumWidth(90)
        self.location_message = FieldMessage(self)

        self.side_buttons: dict[str, QRadioButton] = {}
        self._side_group = QButtonGroup(self)
        side_row = QHBoxLayout()
        side_row.setSpacing(10)
        for side, label in SIDE_LABELS:
            button = QRadioButton(label, self)
            button.setAccessibleDescription(
                "The side is unknown or does not apply" if side == "unspecified"
                else f"The twitch was on the {label.lower()} side" if side != "both"
                else "The twitch was on both sides")
            self.side_buttons[side] = button
            self._side_group.addButton(button)
            side_row.addWidget(button)
        self.side_buttons["unspecified"].setChecked(True)

        self.when_edit = QDateTimeEdit(self)
        self.when_edit.setDisplayFormat(_DATETIME_FORMAT)
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setAccessibleName("When the episode started")
        describe_date(self.when_edit, "Date and time it started; the buttons beside set it "
                      "relative to now")
        limit_dates(self.when_edit)
        self.when_chips: dict[int, QPushButton] = {}
        when_row = QHBoxLayout()
        when_row.setSpacing(4)
        when_row.addWidget(self.when_edit)
        for label, minutes in WHEN_PRESETS:
            chip = _chip(label, self)
            chip.setAccessibleDescription(f"It started {label.lower()}" if minutes
                                          else "It started just now")
            chip.clicked.connect(lambda _=False, m=minutes: self._on_when_preset_clicked(m))
            self.when_chips[minutes] = chip
            when_row.addWidget(chip)
        when_row.addStretch(1)
        self.when_message = FieldMessage(self)

        self.duration_edit = QLineEdit(self)
        self.duration_edit.setPlaceholderText("e.g. 45s, 2m, 1h30m")
        self.duration_edit.setAccessibleName("Duration")
        self.duration_edit.setMaximumWidth(120)
        self.duration_chips: dict[str, QPushButton] = {}
        duration_row = QHBoxLayout()
        duration_row.setSpacing(4)
        duration_row.addWidget(self.duration_edit)
        for label, text in DURATION_PRESETS:
            chip = _chip(label, self)
            chip.setAccessibleDescription(f"It lasted {label}")
            chip.clicked.connect(lambda _=False, t=text: self._on_duration_preset_clicked(t))
            self.duration_chips[text] = chip
            duration_row.addWidget(chip)
        self.timer_button = QPushButton("Start &timer", self)
        self.timer_button.setAutoDefault(False)
        self.timer_button.setToolTip("For a long bout: start when it begins, stop when it ends; "
                                     "the duration is filled in for you.")
        self.timer_button.setMinimumWidth(  # room for the running time: nothing jumps
            self.timer_button.fontMetrics().horizontalAdvance("Stop timer · 00:00:00") + 24)
        duration_row.addWidget(self.timer_button)
        self.timer_label = QLabel(self)
        self.timer_label.setProperty("role", "muted")
        self.timer_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.timer_label.setMinimumWidth(0)
        duration_row.addWidget(self.timer_label)
        duration_row.addStretch(1)
        self.duration_message = FieldMessage(self)

        self.intensity_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.intensity_slider.setRange(0, 10)
        self.intensity_slider.setPageStep(1)
        self.intensity_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.intensity_slider.setTickInterval(1)
        self.intensity_slider.setMaximumWidth(220)
        self.intensity_slider.setAccessibleName("Intensity, 1 to 10; far left is not rated")
        self.intensity_slider.setAccessibleDescription(
            "How strong it was: the arrow keys move one step, Home means not rated")
        self.intensity_label = QLabel(intensity_text(None), self)
        self.intensity_label.setMinimumWidth(130)
        intensity_row = QHBoxLayout()
        intensity_row.addWidget(self.intensity_slider)
        intensity_row.addWidget(self.intensity_label)
        self.intensity_message = FieldMessage(self)

        self.kind_combo = QComboBox(self)
        self.kind_combo.setMinimumWidth(110)
        for kind in KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.kind_combo.setAccessibleDescription("Twitch, flutter, cramp or spasm")
        self.kind_message = FieldMessage(self)

        self.notes_edit = QLineEdit(self)
        self.notes_edit.setPlaceholderText("Optional: what were you doing?")
        describe(self.notes_edit, "Notes about the episode",
                 "Optional: what you were doing when it happened")
        self.notes_message = FieldMessage(self)

        self.submit_button = QPushButton(submit_text, self)
        self.submit_button.setDefault(handle_keys)
        self.submit_button.setToolTip("Save the episode (Enter)")
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setAutoDefault(False)
        self.clear_button.setToolTip("Start over (Esc)")
        self._buttons = QWidget(self)
        buttons = QHBoxLayout(self._buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.submit_button)
        self._buttons.setVisible(handle_keys)

        side_caption = QLabel("&Side:", self)
        side_caption.setBuddy(self.side_buttons["left"])
        where_row = QHBoxLayout()
        where_row.setSpacing(12)
        where_row.addWidget(self.location_label, 1)  # all the spare width, not half
        where_row.addWidget(side_caption)
        where_row.addLayout(side_row)
        kind_caption = QLabel("&Kind:", self)
        kind_caption.setBuddy(self.kind_combo)
        intensity_row.addSpacing(12)
        intensity_row.addWidget(kind_caption)
        intensity_row.addWidget(self.kind_combo)
        intensity_row.addStretch(1)
        notes_row = QHBoxLayout()
        notes_row.addWidget(self.notes_edit, 1)
        notes_row.addWidget(self._buttons)
        self.side_message = FieldMessage(self)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(4)
        self._add_row(form, "Where:", where_row, self.picker.search, self.location_message,
                      self.side_message)
        self._add_row(form, "&When:", when_row, self.when_edit, self.when_message)
        self._add_row(form, "&Duration:", duration_row, self.duration_edit,
                      self.duration_message)
        self._add_row(form, "&Intensity:", intensity_row, self.intensity_slider,
                      self.intensity_message, self.kind_message)
        self._add_row(form, "&Notes:", notes_row, self.notes_edit, self.notes_message)

        self.picker.setMaximumHeight(PICKER_HEIGHT)
        self._picker_base: int | None = None  # its height before messages appeared
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.picker, 1)
        layout.addLayout(form)

        self._messages = {
            "location": (self.location_message, self.picker.search),
            "side": (self.side_message, None),
            "started_at": (self.when_message, self.when_edit),
            "duration_s": (self.duration_message, self.duration_edit),
            "intensity": (self.intensity_message, self.intensity_slider),
            "kind": (self.kind_message, self.kind_combo),
            "notes": (self.notes_message, self.notes_edit),
        }

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick_timeout)
        self._tick.start()

        self.picker.location_picked.connect(self._on_picker_location_picked)
        self._side_group.buttonClicked.connect(self._on_side_group_clicked)
        self.when_edit.dateTimeChanged.connect(self._on_when_edit_changed)
        self.duration_edit.textEdited.connect(self._on_duration_edit_edited)
        self.timer_button.clicked.connect(self._on_timer_button_clicked)
        self.intensity_slider.valueChanged.connect(self._on_intensity_slider_changed)
        self.notes_edit.textEdited.connect(lambda _t: self._clear_field("notes"))
        self.submit_button.clicked.connect(self.submit)
        self.clear_button.clicked.connect(self.clear)
        context.changed.connect(self._on_context_changed)
        context.replaced.connect(self._on_context_changed)

        self.setTabOrder(self.picker.search, self.picker.list_view)
        self.setTabOrder(self.picker.list_view, self.side_buttons["left"])
        self.setTabOrder(self.clear_button, self.submit_button)  # as they sit: Clear, Log
        self.reload_locations()
        self.clear()

    def _add_row(self, form: QFormLayout, label: str, field: object, buddy: QWidget,
                 *messages: FieldMessage) -> None:
        caption = QLabel(label, self)
        caption.setBuddy(buddy)
        container = QWidget(self)
        layout = QVBoxLayout(container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        if isinstance(field, QWidget):
            layout.addWidget(field)
        else:
            layout.addLayout(field)  # type: ignore[arg-type]
        for message in messages:
            layout.addWidget(message)
        form.addRow(caption, container)

    # --- public -------------------------------------------------------------------

    def reload_locations(self) -> None:
        self.picker.set_locations(self._context.journal.locations.names())

    def focus_location(self) -> None:
        """Put the keyboard in the location search (Ctrl+L)."""
        self.picker.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.picker.search.selectAll()

    def location(self) -> str:
        return self.picker.location()

    def side(self) -> str:
        for side, button in self.side_buttons.items():
            if button.isChecked():
                return side
        return "unspecified"

    def set_location(self, location: str, side: str | None = None) -> None:
        if side:
            self.side_buttons.get(side, self.side_buttons["unspecified"]).setChecked(True)
        self.picker.set_location(location, self.side())
        self._update_location_label()
        self._clear_field("location")

    def set_duration_text(self, text: str) -> None:
        self.duration_edit.setText(text)
        self._sync_duration_chips()
        self._clear_field("duration_s")

    def set_intensity(self, value: int | None) -> None:
        self.intensity_slider.setValue(value or 0)

    def set_when(self, moment: datetime | None, minutes_ago: int | None = None) -> None:
        """A fixed date-time, or (``moment`` None) "now" minus ``minutes_ago``."""
        if moment is None:
            self._when_offset = minutes_ago or 0
            self._when_touched = False
            self._when_exact = None
            self._show_when(self._clock() - timedelta(minutes=self._when_offset))
        else:
            self._when_offset = None
            self._when_touched = True
            self._when_exact = as_local_aware(moment)
            self._show_when(moment)
        self._sync_when_chips()

    def when(self) -> datetime:
        """The start time the form would save now."""
        if self._when_offset is not None:
            return self._clock() - timedelta(minutes=self._when_offset)
        if self._when_exact is not None:
            return self._when_exact
        if not self._when_touched and self._loaded is not None:
            return self._loaded.started_at
        naive = cast(datetime, self.when_edit.dateTime().toPython())
        return as_local_aware(naive.replace(second=0, microsecond=0))

    def load(self, episode: Episode) -> None:
        """Show an existing episode for correcting; its id is kept on save."""
        self.clear(emit=False)
        self._loaded = copy.copy(episode)
        self.set_location(episode.location, episode.side)
        self._when_offset = None
        self._when_touched = False
        self._show_when(episode.started_at)
        self._sync_when_chips()
        self.duration_edit.setText(duration_edit_text(episode.duration_s))
        self._sync_duration_chips()
        self.intensity_slider.setValue(episode.intensity or 0)
        index = self.kind_combo.findData(episode.kind)
        self.kind_combo.setCurrentIndex(max(0, index))
        self.notes_edit.setText(episode.notes)

    def timer_running(self) -> bool:
        return self._timer_started is not None

    def collect(self) -> Episode | None:
        """The episode as entered, validated; ``None`` (messages shown) if something is off."""
        if self.timer_running():
            self._stop_timer()
        errors: dict[str, ValidationError] = {}
        duration: float | None = None
        text = self.duration_edit.text().strip()
        if text:
            try:
                duration = parse_duration(text, "duration_s")
            except ValidationError as exc:
                reason = exc.reason  # name what was typed; the limit is in seconds
                if reason.startswith("is out of range") and reason.endswith(")"):
                    reason = reason[:-1] + " seconds)"
                errors["duration_s"] = ValidationError("duration_s", text, reason)
        base = self._loaded
        episode = Episode(
            started_at=self.when(),
            location=self.location(),
            side=self.side(),
            duration_s=duration,
            intensity=self.intensity_slider.value() or None,
            kind=self.kind_combo.currentData() or "twitch",
            notes=self.notes_edit.text(),
        )
        if base is not None:
            episode.id = base.id
            episode.created_at = base.created_at
            episode.updated_at = base.updated_at
        errors.update(self._validation_errors(episode))
        for name, (message, field) in self._messages.items():
            if name in errors:
                message.show_error(errors[name], FIELD_LABELS[name], field)
            else:
                message.clear_message(field)
        self._keep_height()
        if errors:
            first = next(name for name in self._messages if name in errors)
            widget = self._messages[first][1]
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        return episode

    def submit(self) -> None:
        episode = self.collect()
        if episode is not None:
            self.submitted.emit(episode)

    def clear(self, emit: bool = True) -> None:
        """Back to a fresh form: no location, now, no duration, not rated, twitch."""
        if self.timer_running():
            self._timer_started = None
            self._update_timer_ui()
        self._loaded = None
        self.picker.clear()
        self.side_buttons["unspecified"].setChecked(True)
        self.set_when(None, 0)
        self.duration_edit.clear()
        self._sync_duration_chips()
        self.intensity_slider.setValue(0)
        self.kind_combo.setCurrentIndex(0)
        self.notes_edit.clear()
        for _name, (message, field) in self._messages.items():
            message.clear_message(field)
        self._keep_height()
        self._update_location_label()
        if emit:
            self.cleared.emit()

    # --- keys ----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._handle_keys and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            event.accept()
            return
        if self._handle_keys and event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.focus_location()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- slots ---------------------------------------------------------------------

    def _on_context_changed(self) -> None:
        names = self._context.journal.locations.names()
        if names != self.picker.locations():
            self.picker.set_locations(names)

    def _on_picker_location_picked(self, location: str, side: str) -> None:
        if side:
            self.side_buttons[side].setChecked(True)
        self.picker.body_map.set_selection(location or None, self.side())
        self._update_location_label()
        self._clear_field("location")

    def _on_side_group_clicked(self, _button: QRadioButton) -> None:
        self.picker.body_map.set_selection(self.location() or None, self.side())
        self._update_location_label()

    def _on_when_preset_clicked(self, minutes: int) -> None:
        self.set_when(None, minutes)
        self._clear_field("started_at")

    def _on_when_edit_changed(self, _value: QDateTime) -> None:
        if self._setting_when:
            return
        self._when_offset = None
        self._when_touched = True
        self._when_exact = None
        self._sync_when_chips()

    def _on_duration_preset_clicked(self, text: str) -> None:
        self.set_duration_text(text)

    def _on_duration_edit_edited(self, _text: str) -> None:
        self._sync_duration_chips()
        self._clear_field("duration_s")

    def _on_intensity_slider_changed(self, value: int) -> None:
        self.intensity_label.setText(intensity_text(value))

    def _on_timer_button_clicked(self) -> None:
        if self.timer_running():
            self._stop_timer()
        else:
            self._timer_started = self._clock()
            self.set_when(self._timer_started)
            self._update_timer_ui()

    def _on_tick_timeout(self) -> None:
        if self._when_offset is not None and not self.when_edit.hasFocus():
            self._show_when(self._clock() - timedelta(minutes=self._when_offset))
        if self.timer_running():
            self._update_timer_ui()

    # --- helpers -------------------------------------------------------------------

    def _validation_errors(self, episode: Episode) -> dict[str, ValidationError]:
        """Every refusal at once: re-check with each refused field set to a harmless value."""
        known = self._context.journal.locations.names()
        probe = copy.copy(episode)
        harmless = {"location": known[0] if known else "eyelid", "side": "unspecified",
                    "kind": "twitch", "notes": "", "intensity": None, "duration_s": None,
                    "started_at": self._clock()}
        errors: dict[str, ValidationError] = {}
        for _ in range(len(harmless)):
            try:
                validate_episode(copy.copy(probe), known)
                break
            except ValidationError as exc:
                errors[exc.field] = exc
                if exc.field not in harmless:
                    break
                setattr(probe, exc.field, harmless[exc.field])
        return errors

    def _clear_field(self, name: str) -> None:
        message, field = self._messages[name]
        if message.isVisible():
            message.clear_message(field)
            self._keep_height()

    def _keep_height(self) -> None:
        """Messages take their room from the body map, so the form's height (and the Log
        button under the pointer) stays where it was."""
        shown = [m for m, _f in self._messages.values() if not m.isHidden()]
        if not shown:
            self._picker_base = None
            self.picker.setMaximumHeight(PICKER_HEIGHT)
            return
        if self._picker_base is None:
            self._picker_base = self.picker.height()
        width = max(1, self.width() - 120)
        extra = sum(m.heightForWidth(width) if m.hasHeightForWidth()
                    else m.sizeHint().height() for m in shown) + 2 * len(shown)
        floor = self.picker.minimumSizeHint().height()
        self.picker.setMaximumHeight(max(floor, self._picker_base - extra))

    def _show_when(self, moment: datetime) -> None:
        self._setting_when = True
        try:
            local = moment.astimezone() if moment.tzinfo else moment
            self.when_edit.setDateTime(QDateTime(local.replace(tzinfo=None)))
        finally:
            self._setting_when = False

    def _sync_when_chips(self) -> None:
        for minutes, chip in self.when_chips.items():
            chip.setChecked(self._when_offset == minutes)

    def _sync_duration_chips(self) -> None:
        text = self.duration_edit.text().strip().lower().replace(" ", "")
        for value, chip in self.duration_chips.items():
            chip.setChecked(text == value)

    def _stop_timer(self) -> None:
        started = self._timer_started
        if started is None:
            return
        seconds = max(0.0, (self._clock() - started).total_seconds())
        self._timer_started = None
        self.set_duration_text(duration_edit_text(seconds))
        self._update_timer_ui(stopped_after=seconds)

    def _update_timer_ui(self, stopped_after: float | None = None) -> None:
        if self._timer_started is not None:
            elapsed = (self._clock() - self._timer_started).total_seconds()
            shown = elapsed_text(max(0.0, elapsed))
            # on the button itself, so the running time is seen however narrow the form
            self.timer_button.setText(f"Stop &timer · {shown}")
            self.timer_button.setAccessibleName(f"Stop the timer, running for {shown}")
            self.timer_label.setText("")
        else:
            self.timer_button.setAccessibleName("")
            self.timer_button.setText("Start &timer")
            self.timer_label.setText(
                f"Timed {format_duration(stopped_after)}" if stopped_after is not None else "")

    def _update_location_label(self) -> None:
        location, side = self.location(), self.side()
        if not location:
            text = "Pick on the map or list"
        elif side == "both":
            text = f"{region_label(location, '')} (both sides)"
        else:
            text = region_label(location, side)
        self.location_label.setText(text)
        self.location_label.setProperty("role", "heading" if location else "muted")
        repolish(self.location_label)
