"""The Manage dialog: custom factors, locations, medications and caffeine drink amounts.

Every change is written at once through the journal's named operations (there is no
Save button to forget) and announced with ``context.write(...)`` so the check-in
form, the location lists and the insights pick it up. A refused value shows the shared
validation message right under the field it concerns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from PySide6.QtCore import QDate, QSignalBlocker, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from twitchlog.domain import (
    DEFAULT_DRINKS,
    CustomFactor,
    Medication,
    ValueKind,
)
from twitchlog.store import Journal, JournalError
from twitchlog.ui.a11y import describe, describe_buttons, describe_date, describe_tabs
from twitchlog.ui.context import Change, JournalContext
from twitchlog.ui.date_limits import limit_dates
from twitchlog.ui.field_message_widget import FieldMessage
from twitchlog.validation import MAX_DRINK_MG, ValidationError

KIND_CHOICES: tuple[tuple[ValueKind, str], ...] = (
    (ValueKind.NUMBER, "Number with a unit"),
    (ValueKind.SCALE, "Scale 0–10"),
    (ValueKind.YESNO, "Yes or no"),
)
KIND_TEXT = {kind: text for kind, text in KIND_CHOICES}

MEDICATION_HINT = (
    "Some medicines are known to be associated with muscle twitching, among them "
    "diuretics (“water pills”), corticosteroids and estrogens. Noting when you started or "
    "stopped one lets the insights compare the weeks before and after – and it is useful "
    "to bring to your doctor."
)


# --- small helpers -----------------------------------------------------------------------


def _message(error: Exception) -> str:
    text = str(error)
    return text[:1].upper() + text[1:] if text else "That was not accepted."


class ErrorLabel(FieldMessage):
    """The app's calm field message, bound to the field (and its label) it explains."""

    def __init__(self, parent: QWidget | None = None, field: QWidget | None = None,
                 label: str = "") -> None:
        super().__init__(parent)
        self._field = field
        self._label = label

    def show_error(self, error: Exception | None) -> None:  # type: ignore[override]
        """Show why ``error`` refused the value, or clear the message (``None``)."""
        if error is None:
            self.clear_message(self._field)
        elif isinstance(error, ValidationError):
            # A refusal of another field (a factor's unit, a medication's dose) names it.
            field = error.field.replace("_", " ").lower()
            own = bool(self._label) and field.endswith(self._label.lower())
            super().show_error(error, self._label if own else "", self._field)
        else:
            self.show_message(_message(error), self._field)


def _muted(label: QLabel) -> QLabel:
    """A secondary line of text (the theme's ``role="muted"``)."""
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


def _date_edit(parent: QWidget, name: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(_qdate(date.today()))
    edit.setAccessibleName(name)
    describe_date(edit)
    limit_dates(edit)
    return edit


class _Tab(QWidget):
    """A tab writing to the journal; ``_write`` runs one operation and reports errors."""

    #: What this tab's writes change (the views that do not show it stay as they are).
    CHANGES: ClassVar[Change] = Change.ALL

    def __init__(self, context: JournalContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context

    @property
    def journal(self) -> Journal:
        return self._context.journal

    def _write(self, operation: Callable[[], object], errors: ErrorLabel) -> bool:
        try:
            self._context.write(self.CHANGES, operation)
        except (ValidationError, JournalError) as error:
            errors.show_error(error)
            return False
        errors.show_error(None)
        return True

    def reload(self) -> None:
        """Re-read the journal into the tab."""


# --- custom factors ----------------------------------------------------------------------


class FactorsTab(_Tab):
    """Add, rename and archive the user's own daily factors."""

    CHANGES = Change.FACTORS

    def __init__(self, context: JournalContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        intro = QLabel(
            "Your own daily factors appear in the check-in and are analysed like the "
            "built-in ones. Archiving a factor removes it from the check-in; the values "
            "already recorded are kept and exported.", self)
        intro.setWordWrap(True)

        self.factor_list = QListWidget(self)
        self.factor_list.setAccessibleName("Custom factors")
        self.factor_list.setAccessibleDescription("Choose one to rename or archive it")
        self.factor_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

        # the selected factor
        selected = QGroupBox("Selected factor", self)
        self.rename_edit = QLineEdit(selected)
        describe(self.rename_edit, "Factor name", "The selected factor's name; Rename keeps it")
        self.rename_button = QPushButton("&Rename", selected)
        self.rename_button.setAccessibleDescription("Give the selected factor the name typed")
        self.kind_label = QLabel(selected)
        self.archive_button = QPushButton("&Archive", selected)
        self.archive_button.setToolTip("Hide from the check-in; recorded values are kept")
        self.rename_errors = ErrorLabel(selected, self.rename_edit, "Name")
        rename_row = QHBoxLayout()
        rename_row.addWidget(self.rename_edit, 1)
        rename_row.addWidget(self.rename_button)
        selected_form = QFormLayout(selected)
        selected_form.addRow("Name", rename_row)
        selected_form.addRow("", self.rename_errors)
        selected_form.addRow("Kind", self.kind_label)
        selected_form.addRow("", self.archive_button)

        # a new factor
        new = QGroupBox("Add a factor", self)
        self.name_edit = QLineEdit(new)
        self.name_edit.setPlaceholderText("e.g. Screen time, Hydration, Tight deadline")
        self.name_edit.setAccessibleName("New factor name")
        self.kind_combo = QComboBox(new)
        for kind, text in KIND_CHOICES:
            self.kind_combo.addItem(text, str(kind))
        describe(self.kind_combo, "New factor kind",
                 "A number with a unit, a 0 to 10 scale, or yes or no")
        self.unit_edit = QLineEdit(new)
        self.unit_edit.setPlaceholderText("e.g. h, glasses, km")
        self.unit_edit.setAccessibleName("New factor unit")
        self.add_button = QPushButton("A&dd factor", new)
        self.add_button.setAccessibleDescription("It appears in the daily check-in")
        self.add_errors = ErrorLabel(new, self.name_edit, "Name")
        new_form = QFormLayout(new)
        new_form.addRow("Name", self.name_edit)
        new_form.addRow("", self.add_errors)
        new_form.addRow("Kind", self.kind_combo)
        new_form.addRow("Unit", self.unit_edit)
        new_form.addRow("", self.add_button)

        right = QVBoxLayout()
        right.addWidget(selected)
        right.addWidget(new)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.factor_list, 1)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(body, 1)

        self.factor_list.currentRowChanged.connect(self._on_factor_list_row_changed)
        self.rename_button.clicked.connect(self.rename_selected)
        self.rename_edit.returnPressed.connect(self.rename_selected)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.add_button.clicked.connect(self.add_factor)
        self.name_edit.returnPressed.connect(self.add_factor)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        self._factors: list[CustomFactor] = []
        self.reload()
        self._on_kind_combo_changed()

    def reload(self, select: str | None = None) -> None:
        selected = self.selected_factor()
        current = select or (selected.name if selected else None)
        self._factors = self.journal.factors.all(include_archived=True)
        with QSignalBlocker(self.factor_list):
            self.factor_list.clear()
            for factor in self._factors:
                text = f"{factor.name}  ·  {self._describe(factor)}"
                if factor.archived:
                    text += "  (archived)"
                item = QListWidgetItem(text, self.factor_list)
                item.setData(Qt.ItemDataRole.UserRole, factor.name)
                if factor.archived:
                    font = QFont(self.factor_list.font())
                    font.setItalic(True)
                    item.setFont(font)
                    item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
            if not self._factors:
                item = QListWidgetItem("No custom factors yet – add one on the right.",
                                       self.factor_list)
                item.setFlags(Qt.ItemFlag.NoItemFlags)
        row = next((i for i, f in enumerate(self._factors) if f.name == current), -1)
        if row < 0 and self._factors:
            row = 0
        self.factor_list.setCurrentRow(row)
        self._on_factor_list_row_changed(row)

    def selected_factor(self) -> CustomFactor | None:
        row = self.factor_list.currentRow()
        factors = getattr(self, "_factors", [])
        return factors[row] if 0 <= row < len(factors) else None

    def add_factor(self) -> None:
        kind = self.new_kind()
        unit = self.unit_edit.text().strip() if kind is ValueKind.NUMBER else ""
        factor = CustomFactor(name=self.name_edit.text(), kind=kind, unit=unit)
        if self._write(lambda: self.journal.factors.add(factor), self.add_errors):
            self.name_edit.clear()
            self.unit_edit.clear()
            self.reload(select=factor.name)

    def rename_selected(self) -> None:
        factor = self.selected_factor()
        if factor is None:
            return
        new = self.rename_edit.text()
        if new.strip() == factor.name:
            self.rename_errors.show_error(None)
            return
        if self._write(lambda: self.journal.factors.rename(factor.name, new),
                       self.rename_errors):
            self.reload(select=new.strip())

    def toggle_archived(self) -> None:
        factor = self.selected_factor()
        if factor is None:
            return
        if self._write(lambda: self.journal.factors.set_archived(factor.name,
                                                                not factor.archived),
                       self.rename_errors):
            self.reload(select=factor.name)

    def new_kind(self) -> ValueKind:
        """The kind chosen for a new factor."""
        return ValueKind(self.kind_combo.currentData())

    @staticmethod
    def _describe(factor: CustomFactor) -> str:
        if factor.kind is ValueKind.NUMBER:
            return f"number ({factor.unit})" if factor.unit else "number"
        return "scale 0–10" if factor.kind is ValueKind.SCALE else "yes or no"

    def _on_factor_list_row_changed(self, _row: int) -> None:
        factor = self.selected_factor()
        enabled = factor is not None
        for widget in (self.rename_edit, self.rename_button, self.archive_button):
            widget.setEnabled(enabled)
        self.rename_errors.show_error(None)
        if factor is None:
            self.rename_edit.clear()
            self.kind_label.setText("–")
            self.archive_button.setText("&Archive")
            return
        self.rename_edit.setText(factor.name)
        self.kind_label.setText(self._describe(factor).capitalize())
        self.archive_button.setText("Un&archive" if factor.archived else "&Archive")

    def _on_kind_combo_changed(self, *_args: object) -> None:
        is_number = self.new_kind() is ValueKind.NUMBER
        self.unit_edit.setEnabled(is_number)
        if not is_number:
            self.unit_edit.clear()


# --- locations -----------------------------------------------------------------------


class LocationsTab(_Tab):
    """The built-in body locations (read-only) and the user's own, which can be renamed."""

    CHANGES = Change.LOCATIONS

    def __init__(self, context: JournalContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        builtin_box = QGroupBox("Built-in locations", self)
        self.builtin_label = QLabel(builtin_box)
        self.builtin_label.setWordWrap(True)
        builtin_note = _muted(QLabel("These match the body map and cannot be renamed.",
                                     builtin_box))
        builtin_layout = QVBoxLayout(builtin_box)
        builtin_layout.addWidget(self.builtin_label)
        builtin_layout.addWidget(builtin_note)

        own_box = QGroupBox("Your locations", self)
        self.location_list = QListWidget(own_box)
        self.location_list.setAccessibleName("Your locations")
        self.location_list.setAccessibleDescription("Places you added; choose one to rename it")
        self.rename_edit = QLineEdit(own_box)
        describe(self.rename_edit, "Location name", "The selected location's name")
        self.rename_button = QPushButton("&Rename", own_box)
        self.rename_button.setAccessibleDescription("Give the selected location the name typed")
        self.rename_errors = ErrorLabel(own_box, self.rename_edit, "Location")
        self.name_edit = QLineEdit(own_box)
        self.name_edit.setPlaceholderText("e.g. left knee, scalp")
        self.name_edit.setAccessibleName("New location name")
        self.add_button = QPushButton("A&dd location", own_box)
        self.add_button.setAccessibleDescription("It joins the list beside the body map")
        self.add_errors = ErrorLabel(own_box, self.name_edit, "Location")
        rename_row = QHBoxLayout()
        rename_row.addWidget(self.rename_edit, 1)
        rename_row.addWidget(self.rename_button)
        add_row = QHBoxLayout()
        add_row.addWidget(self.name_edit, 1)
        add_row.addWidget(self.add_button)
        form = QFormLayout()
        form.addRow("Selected", rename_row)
        form.addRow("", self.rename_errors)
        form.addRow("New", add_row)
        form.addRow("", self.add_errors)
        own_layout = QVBoxLayout(own_box)
        own_layout.addWidget(self.location_list, 1)
        own_layout.addLayout(form)

        layout = QVBoxLayout(self)
        layout.addWidget(builtin_box)
        layout.addWidget(own_box, 1)

        self.location_list.currentRowChanged.connect(self._on_location_list_row_changed)
        self.rename_button.clicked.connect(self.rename_selected)
        self.rename_edit.returnPressed.connect(self.rename_selected)
        self.add_button.clicked.connect(self.add_location)
        self.name_edit.returnPressed.connect(self.add_location)
        self._own: list[str] = []
        self.reload()

    def reload(self, select: str | None = None) -> None:
        current = select or self.selected_location()
        locations = self.journal.locations.all()
        self.builtin_label.setText(", ".join(loc.name for loc in locations if loc.builtin))
        self._own = sorted(loc.name for loc in locations if not loc.builtin)
        with QSignalBlocker(self.location_list):
            self.location_list.clear()
            for name in self._own:
                self.location_list.addItem(name)
            if not self._own:
                item = QListWidgetItem("No locations of your own yet.", self.location_list)
                item.setFlags(Qt.ItemFlag.NoItemFlags)
        row = self._own.index(current) if current in self._own else (0 if self._own else -1)
        self.location_list.setCurrentRow(row)
        self._on_location_list_row_changed(row)

    def selected_location(self) -> str | None:
        row = self.location_list.currentRow()
        own = getattr(self, "_own", [])
        return own[row] if 0 <= row < len(own) else None

    def add_location(self) -> None:
        name = self.name_edit.text()
        if self._write(lambda: self.journal.locations.add(name), self.add_errors):
            self.name_edit.clear()
            self.reload(select=name.strip().lower())

    def rename_selected(self) -> None:
        old = self.selected_location()
        if old is None:
            return
        new = self.rename_edit.text()
        if new.strip().lower() == old:
            self.rename_errors.show_error(None)
            return
        if self._write(lambda: self.journal.locations.rename(old, new), self.rename_errors):
            self.reload(select=new.strip().lower())

    def _on_location_list_row_changed(self, _row: int) -> None:
        name = self.selected_location()
        self.rename_edit.setEnabled(name is not None)
        self.rename_button.setEnabled(name is not None)
        self.rename_edit.setText(name or "")
        self.rename_errors.show_error(None)


# --- medications ---------------------------------------------------------------------


class MedicationsTab(_Tab):
    """Medications and supplements with their start and (optional) end dates."""

    CHANGES = Change.MEDICATIONS

    def __init__(self, context: JournalContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["Name", "Dose", "Started", "Stopped"])
        self.table.setAccessibleName("Medications and supplements")
        self.table.setAccessibleDescription("Choose one to correct or delete it")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        editor = QGroupBox("Medication or supplement", self)
        self.name_edit = QLineEdit(editor)
        self.name_edit.setPlaceholderText("e.g. Magnesium glycinate, Prednisone")
        self.name_edit.setAccessibleName("Medication name")
        self.name_errors = ErrorLabel(editor, self.name_edit, "Name")
        self.dose_edit = QLineEdit(editor)
        self.dose_edit.setPlaceholderText("e.g. 200 mg daily")
        self.dose_edit.setAccessibleName("Dose")
        self.start_edit = _date_edit(editor, "Start date")
        self.stopped_check = QCheckBox("Stopped on", editor)
        self.stopped_check.setAccessibleDescription("Tick when you stopped taking it, then "
                                                    "set the end date")
        self.end_edit = _date_edit(editor, "End date")
        self.end_edit.setEnabled(False)
        self.end_errors = ErrorLabel(editor, self.end_edit, "End date")
        self.notes_edit = QLineEdit(editor)
        describe(self.notes_edit, "Medication notes", "Optional")
        self.save_button = QPushButton("&Add", editor)
        self.save_button.setAccessibleDescription("Keep the medication as entered")
        self.new_button = QPushButton("&New", editor)
        self.new_button.setToolTip("Clear the form to add another one")
        self.delete_button = QPushButton("De&lete", editor)
        self.delete_button.setAccessibleDescription("Remove the selected medication")
        self.save_errors = ErrorLabel(editor)
        end_row = QHBoxLayout()
        end_row.addWidget(self.stopped_check)
        end_row.addWidget(self.end_edit, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        form = QFormLayout(editor)
        form.addRow("Name", self.name_edit)
        form.addRow("", self.name_errors)
        form.addRow("Dose", self.dose_edit)
        form.addRow("Started", self.start_edit)
        form.addRow("", end_row)
        form.addRow("", self.end_errors)
        form.addRow("Notes", self.notes_edit)
        form.addRow(buttons)
        form.addRow(self.save_errors)

        hint = _muted(QLabel(MEDICATION_HINT, self))

        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addWidget(editor, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(hint)

        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.stopped_check.toggled.connect(self.end_edit.setEnabled)
        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(self.start_new)
        self.delete_button.clicked.connect(self.delete_selected)
        self.name_edit.returnPressed.connect(self.save)
        self._medications: list[Medication] = []
        self._editing: int | None = None
        self.reload()
        self.start_new()

    def reload(self, select: int | None = None) -> None:
        self._medications = self.journal.medications.all()
        with QSignalBlocker(self.table):
            self.table.setRowCount(len(self._medications))
            for row, med in enumerate(self._medications):
                cells = [med.name, med.dose, med.start_date.isoformat(),
                         med.end_date.isoformat() if med.end_date else "ongoing"]
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if med.notes:
                        item.setToolTip(med.notes)
                    self.table.setItem(row, column, item)
            self.table.clearSelection()
        if select is not None:
            row = next((i for i, m in enumerate(self._medications) if m.id == select), -1)
            if row >= 0:
                self.table.selectRow(row)

    def selected_medication(self) -> Medication | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].row()
        return self._medications[row] if row < len(self._medications) else None

    def start_new(self) -> None:
        """Empty the form for a new entry."""
        self.table.clearSelection()
        self._editing = None
        self.name_edit.clear()
        self.dose_edit.clear()
        self.notes_edit.clear()
        self.start_edit.setDate(_qdate(date.today()))
        self.stopped_check.setChecked(False)
        self.end_edit.setDate(_qdate(date.today()))
        self.save_button.setText("&Add")
        self.delete_button.setEnabled(False)
        self._clear_errors()

    def save(self) -> None:
        """Add the form as a new medication, or update the selected one."""
        med = Medication(
            name=self.name_edit.text(),
            dose=self.dose_edit.text().strip(),
            start_date=_pydate(self.start_edit.date()),
            end_date=_pydate(self.end_edit.date()) if self.stopped_check.isChecked() else None,
            notes=self.notes_edit.text().strip(),
            id=self._editing,
        )
        self._clear_errors()
        try:
            self._context.write(self.CHANGES, lambda: self.journal.medications.save(med))
        except ValidationError as error:
            target = {"medication name": self.name_errors,
                      "end_date": self.end_errors}.get(error.field, self.save_errors)
            target.show_error(error)
            return
        except JournalError as error:
            self.save_errors.show_error(error)
            return
        self.reload(select=med.id)

    def delete_selected(self) -> None:
        med = self.selected_medication()
        if med is None or med.id is None:
            return
        answer = QMessageBox.question(
            self, "Delete medication",
            f"Delete “{med.name}” from your medications? This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        med_id = med.id
        if self._write(lambda: self.journal.medications.delete(med_id), self.save_errors):
            self.reload()
            self.start_new()

    def _clear_errors(self) -> None:
        for label in (self.name_errors, self.end_errors, self.save_errors):
            label.show_error(None)

    def _on_table_selection_changed(self) -> None:
        med = self.selected_medication()
        if med is None:
            return
        self._editing = med.id
        self.name_edit.setText(med.name)
        self.dose_edit.setText(med.dose)
        self.notes_edit.setText(med.notes)
        self.start_edit.setDate(_qdate(med.start_date))
        self.stopped_check.setChecked(med.end_date is not None)
        self.end_edit.setDate(_qdate(med.end_date or date.today()))
        self.save_button.setText("&Save changes")
        self.delete_button.setEnabled(True)
        self._clear_errors()


# --- caffeine drinks -------------------------------------------------------------------


class DrinksTab(_Tab):
    """How much caffeine each drink button of the check-in adds."""

    CHANGES = Change.SETTINGS

    def __init__(self, context: JournalContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        intro = QLabel(
            "The check-in's drink buttons add these amounts to the day's caffeine. Change "
            "them to match the cups and cans you actually drink; days already recorded keep "
            "their totals.", self)
        intro.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.spins: dict[str, QDoubleSpinBox] = {}
        self.saved_label = _muted(QLabel(self))
        self.errors = ErrorLabel(self)
        self.defaults_button = QPushButton("Restore &defaults", self)
        self.defaults_button.setAccessibleDescription("Put back the usual amount for every drink")
        self.defaults_button.clicked.connect(self.restore_defaults)
        bottom = QHBoxLayout()
        bottom.addWidget(self.saved_label, 1)
        bottom.addWidget(self.defaults_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(self.errors)
        layout.addStretch(1)
        layout.addLayout(bottom)
        self.reload()

    def reload(self) -> None:
        drinks = self.journal.settings.drinks()
        if [label for label, _ in drinks] != list(self.spins):
            while self.form.rowCount():
                self.form.removeRow(0)
            self.spins = {}
            for label, _mg in drinks:
                spin = QDoubleSpinBox(self)
                spin.setRange(0, MAX_DRINK_MG)
                spin.setDecimals(0)
                spin.setSuffix(" mg")
                spin.setMinimumWidth(110)
                spin.setKeyboardTracking(False)  # save on Enter, focus change or arrows
                spin.setAccessibleName(f"Caffeine in one {label}")
                spin.setAccessibleDescription("In milligrams; saved as you change it")
                spin.valueChanged.connect(self._on_spin_value_changed)
                self.spins[label] = spin
                self.form.addRow(label[:1].upper() + label[1:], spin)
        for label, mg in drinks:
            with QSignalBlocker(self.spins[label]):
                self.spins[label].setValue(mg)

    def drinks(self) -> list[tuple[str, float]]:
        """The amounts as shown."""
        return [(label, spin.value()) for label, spin in self.spins.items()]

    def restore_defaults(self) -> None:
        for label, mg in DEFAULT_DRINKS:
            spin = self.spins.get(label)
            if spin is not None:
                with QSignalBlocker(spin):
                    spin.setValue(mg)
        self._save("Default amounts restored.")

    def _on_spin_value_changed(self, _value: float) -> None:
        self._save("Saved.")

    def _save(self, message: str) -> None:
        if self._write(lambda: self.journal.settings.save_drinks(self.drinks()), self.errors):
            self.saved_label.setText(message)


# --- the dialog ----------------------------------------------------------------------


class ManageDialog(QDialog):
    """Custom factors, locations, medications and drink amounts, one tab each."""

    def __init__(self, context: JournalContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Manage – TwitchLog")
        self._context = context
        self.tabs = QTabWidget(self)
        self.factors_tab = FactorsTab(context, self)
        self.locations_tab = LocationsTab(context, self)
        self.medications_tab = MedicationsTab(context, self)
        self.drinks_tab = DrinksTab(context, self)
        self.tabs.addTab(self.factors_tab, "Custom &factors")
        self.tabs.addTab(self.locations_tab, "&Locations")
        self.tabs.addTab(self.medications_tab, "&Medications && supplements")
        self.tabs.addTab(self.drinks_tab, "&Caffeine drinks")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        describe_buttons(buttons)
        describe_tabs(self.tabs, "Manage", {
            "Custom factors": "Your own daily factors for the check-in",
            "Locations": "Places of your own besides the built-in ones",
            "Medications & supplements": "What you take, with dose and dates",
            "Caffeine drinks": "The caffeine of each drink button in the check-in",
        })
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in a field acts on that field only
        self.resize(780, 540)
        context.replaced.connect(self._on_context_replaced)

    def _on_context_replaced(self) -> None:
        for tab in (self.factors_tab, self.locations_tab, self.medications_tab,
                    self.drinks_tab):
            tab.reload()
