"""The daily check-in: sleep, caffeine, stress and the rest, for today or any chosen day.

It saves as the user edits (debounced), so there is no Save button to forget. A blank
field stays unknown (``None``), never zero; every value goes through the shared
``coerce_value`` and refusals appear beside their field. A day with a check-in is
"tracked": the analysis counts its episodes, even zero.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, QSignalBlocker, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QFocusEvent, QHideEvent, QKeyEvent, QValidator, QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from twitchlog.domain import (
    CHECKIN_FIELD_BY_NAME,
    WARNING_FIELDS,
    WARNING_HELP,
    CustomFactor,
    DayCheckIn,
    FieldSpec,
    ValueKind,
)
from twitchlog.store import JournalError
from twitchlog.ui.a11y import describe_date
from twitchlog.ui.context import Change, JournalContext
from twitchlog.ui.date_limits import limit_dates
from twitchlog.ui.device_value_widget import DeviceValueWidget
from twitchlog.ui.field_message_widget import FieldMessage
from twitchlog.ui.flow_layout import FlowLayout
from twitchlog.validation import ValidationError, coerce_value

SAVE_DELAY_MS = 400
BLANK = "—"


def _number_text(value: float | int | None) -> str:
    if value is None:
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


class NumberEdit(QLineEdit):
    """A number that may be left blank (unknown). Typing is lenient; the shared
    validation decides, so a refusal can be explained rather than silently blocked."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setPlaceholderText(BLANK)
        self.setMaximumWidth(72)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setAccessibleName(spec.label)
        self.setToolTip(f"{spec.label}: {spec.range_text}"
                        + (f" {spec.unit}" if spec.unit else "") + ". Leave blank if unknown.")

    def raw(self) -> str | None:
        text = self.text().strip().replace(",", ".")
        return text or None

    def set_value(self, value: float | int | None) -> None:
        self.setText(_number_text(value))


class BlankSpinBox(QSpinBox):
    """A whole-number scale whose lowest position shows "—" and means unknown.

    Deleting the text also makes it blank. The wheel only turns it when focused, so
    scrolling the check-in never changes a value by accident.
    """

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        lo = int(spec.minimum if spec.minimum is not None else 0)
        hi = int(spec.maximum if spec.maximum is not None else 10)
        self.setRange(lo - 1, hi)
        self.setSpecialValueText(BLANK)
        self.setValue(lo - 1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(spec.label)
        self.setMinimumWidth(58)
        help_text = f" {spec.help}" if spec.help else ""
        self.setToolTip(f"{spec.label}: {spec.range_text}.{help_text} Leave at {BLANK} if unknown.")

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if not text.strip() or text.strip() == BLANK:
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> int:
        if not text.strip() or text.strip() == BLANK:
            return self.minimum()
        return super().valueFromText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.raw() is None and event.text().isdigit():
            self.selectAll()  # a typed digit replaces "—" rather than being refused after it
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.raw() is None:
            self.selectAll()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()

    def raw(self) -> int | None:
        value = self.value()
        return None if value == self.minimum() else value

    def set_value(self, value: float | int | None) -> None:
        self.setValue(self.minimum() if value is None else int(value))


class YesNoCombo(QComboBox):
    """Yes, no, or not recorded: three honest answers."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.addItem(f"{BLANK} not recorded", None)
        self.addItem("Yes", True)
        self.addItem("No", False)
        self.setAccessibleDescription(f"{spec.label}: yes, no, or not recorded (unknown)")
        self.setAccessibleName(spec.label)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()

    def raw(self) -> bool | None:
        data = self.currentData()
        return None if data is None else bool(data)

    def set_value(self, value: bool | float | None) -> None:
        self.setCurrentIndex(0 if value is None else (1 if value else 2))


class _WarningBox(QWidget):
    """A warning-sign checkbox; ticking it shows the calm sentence beneath it."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.check = QCheckBox(spec.label, self)
        self.check.setToolTip(spec.help or WARNING_HELP)
        self.help = QLabel(spec.help or WARNING_HELP, self)
        self.help.setProperty("role", "muted")
        self.help.setWordWrap(True)
        self.help.setContentsMargins(22, 0, 0, 2)
        self.help.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.check)
        layout.addWidget(self.help)
        self.check.toggled.connect(self.help.setVisible)
        self._stored: bool | None = None

    def raw(self) -> bool | None:
        if self.check.isChecked():
            return True
        return False if self._stored is False else None  # an explicit "no" is kept

    def set_value(self, value: bool | None) -> None:
        self._stored = value
        self.check.setChecked(bool(value))


def _field_widget(spec: FieldSpec, parent: QWidget) -> QWidget:
    if spec.kind is ValueKind.YESNO:
        return YesNoCombo(spec, parent)
    if spec.kind is ValueKind.SCALE:
        return BlankSpinBox(spec, parent)
    return NumberEdit(spec, parent)


def _signal_of(widget: QWidget) -> SignalInstance:
    if isinstance(widget, NumberEdit):
        return widget.textEdited
    if isinstance(widget, BlankSpinBox):
        return widget.valueChanged
    if isinstance(widget, YesNoCombo):
        return widget.activated
    if isinstance(widget, _WarningBox):
        return widget.check.clicked
    raise TypeError(widget)


class CheckinWidget(QWidget):
    """The check-in for one day (today by default), saved as the user edits."""

    saved = Signal(object)  # the stored DayCheckIn
    day_changed = Signal(object)  # the date now shown

    def __init__(self, context: JournalContext, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._context = context
        self._today = today
        self._day = today()
        self._loading = False
        self._own_change = False
        self._pending = False
        self._stored: DayCheckIn | None = None
        self._fields: dict[str, QWidget] = {}
        self._messages: dict[str, FieldMessage] = {}
        self._factor_specs: dict[str, FieldSpec] = {}
        self._factor_key: list[tuple[str, str, str]] = []
        self._drinks: list[tuple[str, float]] = []
        self.device_rows: dict[str, DeviceValueWidget] = {}

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)

        title = QLabel("Daily check-in", self)
        title.setProperty("role", "heading")
        self.prev_button = QToolButton(self)
        self.prev_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.prev_button.setToolTip("Previous day")
        self.prev_button.setAccessibleName("Previous day")
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setAccessibleName("Day of the check-in")
        describe_date(self.date_edit, "The day this check-in is for")
        limit_dates(self.date_edit)
        self.next_button = QToolButton(self)
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setToolTip("Next day")
        self.next_button.setAccessibleName("Next day")
        self.today_button = QPushButton("Today", self)
        self.today_button.setToolTip("Show today's check-in")
        self.today_button.setAutoDefault(False)
        nav = QHBoxLayout()
        nav.setSpacing(4)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.date_edit)
        nav.addWidget(self.next_button)
        nav.addWidget(self.today_button)
        nav.addStretch(1)

        self.status_label = QLabel(self)
        self.status_label.setProperty("role", "muted")
        self.status_label.setWordWrap(True)
        self.track_button = QPushButton("Mark as tracked", self)
        self.track_button.setProperty("role", "link")
        self.track_button.setToolTip(
            "Nothing to note? Marking the day tracked tells the insights that the day was "
            "observed, so its episodes count (even none).")
        self.untrack_button = QPushButton("Clear day…", self)
        self.untrack_button.setProperty("role", "link")
        self.untrack_button.setToolTip("Remove this day's check-in; the day becomes untracked")
        status = QHBoxLayout()
        status.setSpacing(8)
        status.addWidget(self.status_label, 1)
        status.addWidget(self.track_button)
        status.addWidget(self.untrack_button)

        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._form.setVerticalSpacing(5)
        self._build_builtin_rows()
        self._factor_rows: list[QWidget] = []  # custom factors: rows at the end of the form

        warnings_title = QLabel("Anything else today?", self)
        warnings_title.setProperty("role", "heading")
        warnings_intro = QLabel(
            "Tick any you noticed. They are worth mentioning to a doctor; ticking one "
            "does not mean something is wrong.", self)
        warnings_intro.setProperty("role", "muted")
        warnings_intro.setWordWrap(True)
        warnings = QVBoxLayout()
        warnings.setSpacing(3)
        warnings.addWidget(warnings_title)
        warnings.addWidget(warnings_intro)
        for spec in WARNING_FIELDS:
            box = _WarningBox(spec, self)
            self._fields[spec.name] = box
            warnings.addWidget(box)
            _signal_of(box).connect(lambda *_a, n=spec.name: self._on_field_edited(n))

        notes_label = QLabel("N&otes", self)
        notes_label.setProperty("role", "heading")
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setPlaceholderText("Anything about the day (optional)")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(64)
        self.notes_edit.setAccessibleName("Notes about the day")
        self.notes_edit.setAccessibleDescription("Optional; saved as you type")
        notes_label.setBuddy(self.notes_edit)
        self.notes_message = FieldMessage(self)
        self._messages["notes"] = self.notes_message
        self.notes_edit.textChanged.connect(self._on_notes_edit_changed)

        separator = QFrame(self)
        separator.setFrameShape(QFrame.Shape.HLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addLayout(nav)
        layout.addLayout(status)
        layout.addLayout(self._form)
        layout.addWidget(separator)
        layout.addLayout(warnings)
        layout.addWidget(notes_label)
        layout.addWidget(self.notes_edit)
        layout.addWidget(self.notes_message)
        layout.addStretch(1)

        self.prev_button.clicked.connect(lambda: self.set_day(self._day - timedelta(days=1)))
        self.next_button.clicked.connect(lambda: self.set_day(self._day + timedelta(days=1)))
        self.today_button.clicked.connect(lambda: self.set_day(self._today()))
        self.date_edit.dateChanged.connect(self._on_date_edit_changed)
        self.track_button.clicked.connect(self._on_track_button_clicked)
        self.untrack_button.clicked.connect(self._on_untrack_button_clicked)
        context.changed.connect(self._on_context_changed)
        context.replaced.connect(self._on_context_replaced)
        self._rebuild_factor_rows()
        self._load()

    # --- construction ----------------------------------------------------------------

    def _add_field(self, name: str, spec: FieldSpec, parent: QWidget) -> QWidget:
        widget = _field_widget(spec, parent)
        self._fields[name] = widget
        self._messages[name] = FieldMessage(parent)
        _signal_of(widget).connect(lambda *_a, n=name: self._on_field_edited(n))
        return widget

    def _row(self, *widgets: QWidget | str, message: str | None = None,
             parent: QWidget | None = None) -> QWidget:
        box = QWidget(parent or self)
        outer = QVBoxLayout(box)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(1)
        line = QHBoxLayout()
        line.setSpacing(6)
        for item in widgets:
            if isinstance(item, str):
                label = QLabel(item, box)
                label.setProperty("role", "muted")
                line.addWidget(label)
            else:
                line.addWidget(item)
        line.addStretch(1)
        outer.addLayout(line)
        if message is not None:
            outer.addWidget(self._messages[message])
        return box

    def _caption(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _build_builtin_rows(self) -> None:
        spec = CHECKIN_FIELD_BY_NAME
        sleep = self._add_field("sleep_hours", spec["sleep_hours"], self)
        quality = self._add_field("sleep_quality", spec["sleep_quality"], self)
        sleep_box = self._row(sleep, "h  quality", quality, "/5", message="sleep_hours")
        sleep_layout = sleep_box.layout()
        assert sleep_layout is not None  # every row has its layout
        sleep_layout.addWidget(self._messages["sleep_quality"])
        sleep_layout.addWidget(self._device_row("sleep_hours", sleep_box))
        self._form.addRow(self._caption("S&leep", sleep), sleep_box)

        caffeine = self._add_field("caffeine_mg", spec["caffeine_mg"], self)
        self._drinks_box = QWidget(self)
        self._drinks_layout = FlowLayout(self._drinks_box, spacing=4)
        caffeine_box = QWidget(self)
        caffeine_layout = QVBoxLayout(caffeine_box)
        caffeine_layout.setContentsMargins(0, 0, 0, 0)
        caffeine_layout.setSpacing(3)
        caffeine_layout.addWidget(self._row(caffeine, "mg in total", parent=caffeine_box))
        caffeine_layout.addWidget(self._drinks_box)
        caffeine_layout.addWidget(self._messages["caffeine_mg"])
        caffeine_layout.addWidget(self._device_row("caffeine_mg", caffeine_box))
        self._form.addRow(self._caption("&Caffeine", caffeine), caffeine_box)

        stress = self._add_field("stress", spec["stress"], self)
        self._form.addRow(self._caption("St&ress", stress),
                          self._row(stress, "/10  (0 = calm)", message="stress"))
        exercise = self._add_field("exercise_min", spec["exercise_min"], self)
        self._form.addRow(self._caption("E&xercise", exercise),
                          self._row(exercise, "min", message="exercise_min"))
        alcohol = self._add_field("alcohol_units", spec["alcohol_units"], self)
        self._form.addRow(self._caption("&Alcohol", alcohol),
                          self._row(alcohol, "units", message="alcohol_units"))
        nicotine = self._add_field("nicotine", spec["nicotine"], self)
        self._form.addRow(self._caption("Nicotine", nicotine),
                          self._row(nicotine, "uses", message="nicotine"))
        magnesium = self._add_field("magnesium", spec["magnesium"], self)
        potassium = self._add_field("potassium", spec["potassium"], self)
        self._form.addRow(self._caption("&Magnesium", magnesium), self._row(magnesium))
        self._form.addRow(self._caption("&Potassium", potassium), self._row(potassium))

    def _device_row(self, name: str, parent: QWidget) -> QWidget:
        row = DeviceValueWidget(parent)
        row.use_clicked.connect(lambda n=name: self._on_device_row_use_clicked(n))
        self.device_rows[name] = row
        return row

    def _on_device_row_use_clicked(self, name: str) -> None:
        if self._pending:
            self.save_now()
        try:
            self._context.journal.devices.confirm(self._day, name)
        except JournalError as exc:
            QMessageBox.warning(self, "Check-in not saved", str(exc))
            return
        self._announce_own_change()
        self._load()
        self._show_status(saved=True)
        self.saved.emit(self._stored)

    def _show_device_values(self) -> None:
        """Each device row: the imported value waiting here, or where the value came from."""
        journal = self._context.journal
        suggested = {s.field: s for s in journal.devices.suggested(self._day)}
        sources = journal.devices.sources(self._day)
        for name, row in self.device_rows.items():
            unit = "h" if name == "sleep_hours" else "mg"
            current = getattr(self._stored, name) if self._stored is not None else None
            found = suggested.get(name)
            if name in sources:
                row.show_value(f"from {sources[name]}", offer=False)
            elif found is not None and (current is None or abs(current - found.value) > 0.005):
                row.show_value(f"{found.value:g} {unit} — from {found.source}", offer=True)
            else:
                row.show_value(None, offer=False)

    def _rebuild_drinks(self) -> None:
        drinks = self._context.journal.settings.drinks()
        if drinks == self._drinks:
            return
        self._drinks = drinks
        while self._drinks_layout.count():
            item = self._drinks_layout.takeAt(0)
            button = item.widget() if item is not None else None
            if button is not None:
                button.setParent(None)
                button.deleteLater()
        previous = self._fields["caffeine_mg"]
        for label, mg in drinks:
            button = QPushButton(f"+ {label} {_number_text(mg)} mg", self._drinks_box)
            button.setProperty("role", "chip")
            button.setAutoDefault(False)
            button.setToolTip(f"Add {_number_text(mg)} mg of caffeine for one {label}")
            button.clicked.connect(lambda _=False, m=mg: self.add_caffeine(m))
            button.setAccessibleName(f"Add one {label}, {_number_text(mg)} mg of caffeine")
            self._drinks_layout.addWidget(button)
            self.setTabOrder(previous, button)  # beside caffeine, not after the notes
            previous = button

    def _rebuild_factor_rows(self, *, force: bool = False) -> None:
        """One row per active custom factor; rebuilt when the factor list changed, and
        always (``force``) for another journal, whose factors may share none of these."""
        factors = self._context.journal.factors.all()
        key = [(f.name, str(f.kind), f.unit) for f in factors]
        self._rebuild_drinks()
        if key == self._factor_key and not force:
            return
        self._factor_key = key
        for name in list(self._factor_specs):
            widget = self._fields.pop(name)
            widget.deleteLater()
            self._messages.pop(name).deleteLater()
        self._factor_specs.clear()
        for box in self._factor_rows:
            self._form.removeRow(box)
        self._factor_rows.clear()
        previous = self._fields["potassium"]
        for factor in factors:
            self._add_factor_row(factor)
            self.setTabOrder(previous, self._fields[factor.name])  # after the built-in rows
            previous = self._fields[factor.name]
        first_warning = self._fields[WARNING_FIELDS[0].name]
        assert isinstance(first_warning, _WarningBox)
        self.setTabOrder(previous, first_warning.check)

    def _add_factor_row(self, factor: CustomFactor) -> None:
        spec = factor.spec
        name = factor.name
        self._factor_specs[name] = spec
        widget = self._add_field(name, spec, self)
        widget.setToolTip(f"Your own factor: {spec.range_text}"
                          + (f" {factor.unit}" if factor.unit else "") + ".")
        unit = factor.unit if factor.kind is ValueKind.NUMBER else (
            "0–10" if factor.kind is ValueKind.SCALE else "")
        parts: list[QWidget | str] = [widget] + ([unit] if unit else [])
        box = self._row(*parts, message=name)
        caption = QLabel(name[:1].upper() + name[1:], self)
        caption.setBuddy(widget)
        caption.setToolTip("One of your own daily factors (Manage… to change them)")
        self._form.addRow(caption, box)
        self._factor_rows.append(box)

    # --- public ------------------------------------------------------------------------

    def day(self) -> date:
        return self._day

    def set_day(self, day: date) -> None:
        """Show another day's check-in (any pending edit is saved first)."""
        if day == self._day:
            return
        self.save_now()
        self._day = day
        self._load()
        self.day_changed.emit(day)

    def field(self, name: str) -> QWidget:
        """The input for a check-in field or custom factor (for tests and focus)."""
        return self._fields[name]

    def message(self, name: str) -> FieldMessage:
        return self._messages[name]

    def is_tracked(self) -> bool:
        return self._stored is not None

    def has_pending_edits(self) -> bool:
        return self._pending

    def add_caffeine(self, mg: float) -> None:
        """A drink button: add its caffeine to the day's total."""
        edit = self._fields["caffeine_mg"]
        assert isinstance(edit, NumberEdit)
        try:
            current = coerce_value(edit.spec, edit.raw())
        except ValidationError as exc:
            self._messages["caffeine_mg"].show_error(exc, "Caffeine", edit)
            return
        edit.set_value(float(current or 0) + mg)
        self._on_field_edited("caffeine_mg")

    def save_now(self) -> None:
        """Write pending edits immediately (also on day change, journal switch and close)."""
        self._timer.stop()
        if not self._pending:
            return
        self._pending = False
        stored = self._context.journal.checkins.get(self._day)
        checkin = stored if stored is not None else DayCheckIn(date=self._day)
        has_error = False
        for name, widget in self._fields.items():
            spec = self._factor_specs.get(name) or CHECKIN_FIELD_BY_NAME[name]
            message = self._messages.get(name)
            try:
                value = coerce_value(spec, widget.raw())  # type: ignore[attr-defined]
            except ValidationError as exc:
                has_error = True
                if message is not None:
                    message.show_error(exc, spec.label, widget)
                continue
            if message is not None:
                message.clear_message(widget)
            if name in self._factor_specs:
                checkin.factors[name] = None if value is None else float(value)
            else:
                setattr(checkin, name, value)
        try:
            checkin.notes = str(coerce_value(CHECKIN_FIELD_BY_NAME["notes"],
                                             self.notes_edit.toPlainText()))
            self.notes_message.clear_message()
        except ValidationError as exc:
            has_error = True
            self.notes_message.show_error(exc, "Notes")
        if stored is None and _is_blank(checkin) and not has_error:
            self._show_status()
            return  # nothing entered: the day stays untracked
        self._write(checkin, note="Saved, but one value was not kept" if has_error else None)

    def mark_tracked(self) -> None:
        """Record the day as tracked even with nothing else to note."""
        if self._stored is None:
            self._pending = True
            self.save_now()
            if self._stored is None:
                self._write(DayCheckIn(date=self._day))

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_now()  # leaving the view (or closing the window) keeps what was typed
        super().hideEvent(event)

    # --- slots ---------------------------------------------------------------------------

    def _on_field_edited(self, name: str) -> None:
        if self._loading:
            return
        self._pending = True
        self.status_label.setText("Editing…")
        self._timer.start()

    def _on_notes_edit_changed(self) -> None:
        self._on_field_edited("notes")

    def _on_date_edit_changed(self, qdate: QDate) -> None:
        if not self._loading:
            self.set_day(date(qdate.year(), qdate.month(), qdate.day()))

    def _on_track_button_clicked(self) -> None:
        self.mark_tracked()

    def _on_untrack_button_clicked(self) -> None:
        answer = QMessageBox.question(
            self, "Clear this day?",
            f"Remove the check-in for {self._day:%A %d %B %Y}? The day becomes untracked; "
            "its episodes are kept.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._timer.stop()
        self._pending = False
        try:
            self._context.journal.checkins.delete(self._day)
        except JournalError as exc:
            QMessageBox.warning(self, "Not cleared", str(exc))
            return
        self._announce_own_change()
        self._load()

    def _on_context_changed(self) -> None:
        if self._own_change:
            return
        self._rebuild_factor_rows()
        if not self._pending:
            self._load()

    def _on_context_replaced(self) -> None:
        self._timer.stop()
        self._pending = False
        self._drinks = []
        self._rebuild_factor_rows(force=True)
        self._load()

    # --- helpers ---------------------------------------------------------------------

    def _announce_own_change(self) -> None:
        """Tell the other views the day changed, without reloading this form mid-edit."""
        self._own_change = True
        try:
            self._context.notify_changed(Change.DAYS)
        finally:
            self._own_change = False

    def _write(self, checkin: DayCheckIn, note: str | None = None) -> None:
        try:
            self._context.journal.checkins.save(checkin)
        except (JournalError, ValidationError) as exc:
            self.status_label.setText("Not saved")
            QMessageBox.warning(self, "Check-in not saved", str(exc))
            return
        self._stored = self._context.journal.checkins.get(self._day)
        self._announce_own_change()
        self._show_device_values()
        self._show_status(saved=True, note=note)
        self.saved.emit(self._stored)

    def _load(self) -> None:
        """Show the stored check-in for the current day (blank fields when untracked)."""
        self._loading = True
        try:
            with QSignalBlocker(self.date_edit):
                self.date_edit.setDate(QDate(self._day))
            self._stored = self._context.journal.checkins.get(self._day)
            source = self._stored or DayCheckIn(date=self._day)
            for name, widget in self._fields.items():
                value = source.factors.get(name) if name in self._factor_specs \
                    else getattr(source, name)
                widget.set_value(value)  # type: ignore[attr-defined]
                message = self._messages.get(name)
                if message is not None:
                    message.clear_message(widget)
            if self.notes_edit.toPlainText() != source.notes:
                self.notes_edit.setPlainText(source.notes)
            self.notes_message.clear_message()
        finally:
            self._loading = False
        self.next_button.setEnabled(self._day < self._today())
        self.today_button.setEnabled(self._day != self._today())
        self._show_device_values()
        self._show_status()

    def _show_status(self, saved: bool = False, note: str | None = None) -> None:
        tracked = self._stored is not None
        when = "today" if self._day == self._today() else f"{self._day:%a %d %b}"
        if note:
            text = f"{note} – see below"
        elif saved:
            text = "✓ Saved · day tracked"
        elif tracked:
            text = f"✓ Day tracked ({when})"
        else:
            text = f"Not tracked yet ({when}). Anything you enter is saved."
        self.status_label.setText(text)
        self.status_label.setProperty("role", "ok" if tracked and not note else "muted")
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)
        self.track_button.setVisible(not tracked)
        self.untrack_button.setVisible(tracked)


def _is_blank(checkin: DayCheckIn) -> bool:
    """Nothing known about the day at all."""
    values = [getattr(checkin, name) for name in CHECKIN_FIELD_BY_NAME if name != "notes"]
    return all(v is None for v in values) and not checkin.notes.strip() and \
        all(v is None for v in checkin.factors.values())
