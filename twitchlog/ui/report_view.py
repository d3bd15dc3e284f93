"""The Report view: choose a period, type questions for the doctor, preview page one,
then save the PDF or print it.

All work happens off the UI thread (:class:`~twitchlog.ui.tasks.TaskRunner`): the
preview lays out the report from a read-only connection, "Save PDF…" writes the file
atomically with progress shown, "Print…" lays out and draws every page, then paints them
on the printer. The patient's name, date of birth and questions are journal settings,
so they travel with the journal and the command line uses them too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from PySide6.QtCore import QDate, QSignalBlocker, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from twitchlog.analysis.ranges import preset_range
from twitchlog.domain import PATIENT_DOB_SETTING, PATIENT_NAME_SETTING, REPORT_QUESTIONS_SETTING
from twitchlog.report.document import PAPER_LABELS, Document
from twitchlog.services import report as report_service
from twitchlog.services.report import ReportFile
from twitchlog.store import JournalWriteError, cipher
from twitchlog.ui import app_settings
from twitchlog.ui.a11y import describe, describe_date
from twitchlog.ui.context import ANALYSED, Change, JournalContext
from twitchlog.ui.date_limits import limit_dates
from twitchlog.ui.field_message_widget import FieldMessage
from twitchlog.ui.report_preview_widget import PagePreviewWidget, page_layout_for, print_document
from twitchlog.ui.tasks import TaskRunner
from twitchlog.validation import TEXT_LIMITS, ValidationError, parse_date

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

PREVIEW_DELAY_MS = 350
SAVE_DELAY_MS = 600
RANGES: tuple[tuple[str, str, int], ...] = (
    ("30", "Last 30 days", 30),
    ("90", "Last 90 days", 90),
    ("365", "Last 365 days", 365),
    ("custom", "Chosen dates", 0),
)
MAX_QUESTIONS_CHARS = TEXT_LIMITS["report questions"]
PAPER_SETTING = "report/paper"
APPENDIX_SETTING = "report/appendix"


class _ReportOptions(TypedDict):
    """The report the options panel describes (keyword arguments of the services)."""

    start: date
    end: date
    paper: str
    include_appendix: bool


def default_filename(end: date) -> str:
    return f"TwitchLog report {end.isoformat()}.pdf"


class ReportView(QWidget):
    """Options and questions on the left, the live page-one preview on the right."""

    status_message = Signal(str)

    def __init__(self, context: JournalContext, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.tasks = tasks
        self._dirty = True
        self._printer: QPrinter | None = None
        self._last_document: Document | None = None
        self._saved_path: Path | None = None

        # --- period ----------------------------------------------------------------
        self.range_combo = QComboBox(self)
        for key, label, _days in RANGES:
            self.range_combo.addItem(label, key)
        self.range_combo.setCurrentIndex(1)
        describe(self.range_combo, "Report period", "The days the report covers")
        today = QDate.currentDate()
        self.from_edit = self._date_edit(today.addDays(-89), "First day of the report")
        self.to_edit = self._date_edit(today, "Last day of the report")
        dates = QHBoxLayout()
        dates.addWidget(self.from_edit)
        dates.addWidget(QLabel("to", self))
        dates.addWidget(self.to_edit)
        self.range_note = QLabel(self)
        self.range_note.setProperty("role", "muted")
        self.range_note.setWordWrap(True)
        period_box = QGroupBox("Period", self)
        period_layout = QVBoxLayout(period_box)
        period_layout.addWidget(self.range_combo)
        period_layout.addLayout(dates)
        period_layout.addWidget(self.range_note)

        # --- patient ---------------------------------------------------------------
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("Optional")
        self.name_edit.setMaxLength(TEXT_LIMITS["patient name"])
        self.name_edit.setAccessibleName("Patient name")
        self.dob_edit = QLineEdit(self)
        self.dob_edit.setPlaceholderText("YYYY-MM-DD (optional)")
        self.dob_edit.setMaxLength(TEXT_LIMITS["date of birth"])
        self.dob_edit.setAccessibleName("Date of birth")
        self.dob_error = FieldMessage(self)
        patient_box = QGroupBox("Patient (printed on page one)", self)
        patient_form = QFormLayout(patient_box)
        patient_form.addRow("Name", self.name_edit)
        patient_form.addRow("Date of birth", self.dob_edit)
        patient_form.addRow("", self.dob_error)

        # --- questions -------------------------------------------------------------
        self.questions_edit = QPlainTextEdit(self)
        self.questions_edit.setPlaceholderText(
            "What would you like to ask? For example:\n"
            "Is this likely benign?\nShould my magnesium or vitamin levels be checked?")
        self.questions_edit.setTabChangesFocus(True)
        describe(self.questions_edit, "Questions for the doctor",
                 "Printed on page one exactly as typed; Tab leaves the field")
        self.questions_edit.setMinimumHeight(110)
        questions_box = QGroupBox("Your questions for the doctor", self)
        questions_layout = QVBoxLayout(questions_box)
        questions_layout.addWidget(self.questions_edit)
        questions_hint = QLabel("Printed on page one exactly as typed; saved with the "
                                "journal.", self)
        questions_hint.setProperty("role", "muted")
        questions_hint.setWordWrap(True)
        questions_layout.addWidget(questions_hint)

        # --- options ---------------------------------------------------------------
        self.appendix_check = QCheckBox("Include the episode log (last 500 episodes)", self)
        self.appendix_check.setAccessibleDescription(
            "Adds the list of episodes at the end of the report")
        self.appendix_check.setChecked(app_settings.get_bool(APPENDIX_SETTING, True))
        self.paper_combo = QComboBox(self)
        for key, label in PAPER_LABELS.items():
            self.paper_combo.addItem(label, key)
        paper = app_settings.get_str(PAPER_SETTING, _default_paper())
        self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(paper)))
        describe(self.paper_combo, "Paper size", "A4 or US Letter")
        options_box = QGroupBox("Options", self)
        options_form = QFormLayout(options_box)
        options_form.addRow(self.appendix_check)
        options_form.addRow("Paper", self.paper_combo)

        # --- actions ---------------------------------------------------------------
        self.save_button = QPushButton("Save PDF…", self)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Write the report as a PDF file (Ctrl+S)")
        self.save_button.setShortcut("Ctrl+S")
        self.print_button = QPushButton("Print…", self)
        self.print_button.setToolTip("Print the report (Ctrl+P)")
        self.print_button.setShortcut("Ctrl+P")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button, 1)
        buttons.addWidget(self.print_button, 1)
        self.open_button = QPushButton("Open the saved PDF", self)
        self.open_button.setToolTip("Open the report you just saved in your PDF viewer")
        self.open_button.hide()
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.hide()
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # hidden until there is something to say: a screen reader met an empty label here
        self.status_label.hide()

        panel = QWidget(self)
        panel_layout = QVBoxLayout(panel)
        panel_layout.addWidget(period_box)
        panel_layout.addWidget(patient_box)
        panel_layout.addWidget(questions_box, 1)
        panel_layout.addWidget(options_box)
        panel_scroll = QScrollArea(self)
        panel_scroll.setWidget(panel)
        panel_scroll.setWidgetResizable(True)
        panel_scroll.setMinimumWidth(330)
        panel_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        describe(panel_scroll, "Report settings",
                 "Period, patient, questions and options; Save PDF and Print are below")
        # Save and Print stay in view below the scrolling choices, on any screen height;
        # progress and messages appear above them, so the buttons stay under the pointer
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(panel_scroll, 1)
        actions = QVBoxLayout()
        actions.setContentsMargins(9, 0, 9, 4)
        actions.addWidget(self.progress_bar)
        actions.addWidget(self.status_label)
        actions.addWidget(self.open_button)
        actions.addLayout(buttons)
        left_layout.addLayout(actions)

        # --- preview ---------------------------------------------------------------
        self.preview = PagePreviewWidget(self)
        self.preview.set_message("Preparing the preview…")
        self.preview_title = QLabel("<b>Page one</b>", self)
        self.preview_info = QLabel(self)
        self.preview_info.setProperty("role", "muted")
        header = QHBoxLayout()
        header.addWidget(self.preview_title)
        header.addStretch(1)
        header.addWidget(self.preview_info)
        preview_scroll = QScrollArea(self)
        preview_scroll.setWidget(self.preview)
        preview_scroll.setWidgetResizable(True)
        preview_scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        describe(preview_scroll, "Report preview", "Page one of the report as it will print")
        preview_box = QWidget(self)
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addLayout(header)
        preview_layout.addWidget(preview_scroll, 1)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(preview_box)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._on_preview_timer_timeout)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._on_save_timer_timeout)

        self.range_combo.currentIndexChanged.connect(self._on_range_combo_changed)
        self.from_edit.dateChanged.connect(self._on_dates_changed)
        self.to_edit.dateChanged.connect(self._on_dates_changed)
        self.appendix_check.toggled.connect(self._on_appendix_check_toggled)
        self.paper_combo.currentIndexChanged.connect(self._on_paper_combo_changed)
        self.name_edit.textEdited.connect(self._on_patient_edited)
        self.dob_edit.textEdited.connect(self._on_patient_edited)
        self.questions_edit.textChanged.connect(self._on_questions_edit_changed)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        context.changes.connect(self._on_context_changes)
        context.replaced.connect(self._on_context_replaced)
        tasks.progress.connect(self._on_tasks_progress)

        self._load_settings()
        self._apply_range_preset()

    def _date_edit(self, day: QDate, name: str) -> QDateEdit:
        edit = QDateEdit(day, self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(name)
        describe_date(edit, "Used when the period is Custom")
        edit.setMaximumDate(QDate.currentDate().addYears(1))
        limit_dates(edit)
        return edit

    # --- state -----------------------------------------------------------------------

    def report_range(self) -> tuple[date, date]:
        start, end = _pydate(self.from_edit.date()), _pydate(self.to_edit.date())
        return (start, end) if start <= end else (end, start)

    def paper(self) -> str:
        return str(self.paper_combo.currentData())

    def include_appendix(self) -> bool:
        return self.appendix_check.isChecked()

    def _options(self) -> _ReportOptions:
        start, end = self.report_range()
        return {"start": start, "end": end, "paper": self.paper(),
                "include_appendix": self.include_appendix()}

    def _load_settings(self) -> None:
        journal = self.context.journal
        with QSignalBlocker(self.name_edit), QSignalBlocker(self.dob_edit), \
                QSignalBlocker(self.questions_edit):
            self.name_edit.setText(journal.settings.get(PATIENT_NAME_SETTING) or "")
            self.dob_edit.setText(journal.settings.get(PATIENT_DOB_SETTING) or "")
            self.questions_edit.setPlainText(journal.settings.get(REPORT_QUESTIONS_SETTING) or "")
        self.dob_error.clear_message(self.dob_edit)

    def commit_pending(self) -> None:
        """Save typed patient details and questions now (before a switch or quit)."""
        if self._save_timer.isActive():
            self._save_timer.stop()
            self._save_settings()

    def _save_settings(self) -> bool:
        """Store name, date of birth and questions in the journal; False if refused."""
        dob = self.dob_edit.text().strip()
        if dob:
            try:
                parse_date(dob, "date of birth")
            except ValidationError:
                self.dob_error.show_message(
                    f"“{dob[:24]}” is not a date: use the form YYYY-MM-DD, e.g. 1980-04-23.",
                    self.dob_edit)
                return False
        self.dob_error.clear_message(self.dob_edit)
        journal = self.context.journal
        values = {
            PATIENT_NAME_SETTING: self.name_edit.text().strip() or None,
            PATIENT_DOB_SETTING: dob or None,
            REPORT_QUESTIONS_SETTING: self.questions_edit.toPlainText()[:MAX_QUESTIONS_CHARS]
            .strip() or None,
        }
        try:
            for key, value in values.items():
                if journal.settings.get(key) != value:
                    journal.settings.set(key, value)
        except (JournalWriteError, ValidationError) as exc:  # say so; the text stays put
            self._show_status(f"Could not save your details: {exc}")
            return False
        return True

    # --- preview ---------------------------------------------------------------------

    def schedule_preview(self) -> None:
        self._dirty = True
        if self.isVisible():
            self._preview_timer.start()

    def refresh_preview(self) -> None:
        """Lay out the report again in the background and show its page one."""
        self._dirty = False
        self._preview_timer.stop()
        self.preview_info.setText("Updating…")
        self.tasks.submit("report-preview", report_service.preview_report, self._on_preview_done,
                          self._on_preview_failed, with_cancel=True, path=self.context.path,
                          **self._options())

    def _on_preview_done(self, document: Document) -> None:
        self._last_document = document
        self.preview.set_document(document, 0)
        pages = len(document.pages)
        self.preview_info.setText(
            f"The report has {pages} page{'s' if pages != 1 else ''} "
            f"({PAPER_LABELS[document.paper]})")

    def _on_preview_failed(self, error: Exception) -> None:
        if isinstance(error, report_service.ReportCancelled):
            return
        self.preview_info.setText("")
        self.preview.set_document(None)
        self.preview.set_message(f"The preview could not be made: {error}")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if (self.range_combo.currentData() != "custom"
                and _pydate(self.to_edit.date()) != date.today()):
            self._apply_range_preset()  # a new day since the view was last shown
            self._dirty = True
        if self._dirty:
            self.refresh_preview()

    # --- saving ----------------------------------------------------------------------

    def save_pdf(self, target: Path | None = None) -> None:
        """Ask for a file name (unless given), then write the PDF in the background."""
        if not self._save_settings():
            return
        if target is None:
            _start, end = self.report_range()
            suggested = str(Path(app_settings.last_folder()) / default_filename(end))
            chosen, _ = QFileDialog.getSaveFileName(self, "Save report as PDF", suggested,
                                                    "PDF documents (*.pdf)")
            if not chosen:
                return
            target = Path(chosen)
            if target.suffix.lower() != ".pdf":
                target = target.with_name(target.name + ".pdf")
            app_settings.remember_folder(target)
        self._set_busy(True, "Making the report…")
        self.tasks.submit("report-save", report_service.save_report, self._on_save_done,
                          self._on_save_failed, with_progress=True, path=self.context.path,
                          target=target, **self._options())

    def _on_save_done(self, written: ReportFile) -> None:
        self._set_busy(False)
        self._saved_path = written.path
        self.open_button.show()
        pages = written.pages
        plain = (" The PDF is a plain file: the journal's passphrase does not protect it."
                 if cipher.is_protected_file(self.context.path) else "")
        self._show_status(f"Saved the report ({pages} page{'s' if pages != 1 else ''}) "
                          f"to {written.path}.{plain}")

    def _on_save_failed(self, error: Exception) -> None:
        self._set_busy(False)
        self._show_status("The report was not saved.")
        QMessageBox.warning(self, "Report not saved",
                            f"The report could not be saved: {error}\n\n"
                            "No file was changed.")

    # --- printing --------------------------------------------------------------------

    def print_report(self) -> None:
        """Show the print dialog, then make every page in the background and print it."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if not self._save_settings():
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)
        printer.setDocName("TwitchLog report")
        paper = self.paper()
        printer.setPageLayout(page_layout_for(paper))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the report")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self._printer = printer
        self._set_busy(True, "Preparing the pages…")
        options = self._options()
        options["paper"] = paper
        self.tasks.submit("report-print", report_service.print_report, self._on_print_ready,
                          self._on_print_failed, with_progress=True, path=self.context.path,
                          **options)

    def _on_print_ready(self, document: Document) -> None:
        printer, self._printer = self._printer, None
        self._set_busy(False)
        if printer is None:
            return
        first, last = printer.fromPage(), printer.toPage()
        try:
            count = print_document(printer, document, max(1, first),
                                   last if last > 0 else None)
        except OSError as exc:
            self._on_print_failed(exc)
            return
        self._show_status(f"Sent {count} page{'s' if count != 1 else ''} to the printer.")

    def _on_print_failed(self, error: Exception) -> None:
        self._printer = None
        self._set_busy(False)
        self._show_status("Nothing was printed.")
        QMessageBox.warning(self, "Not printed", f"The report could not be printed: {error}")

    # --- helpers ---------------------------------------------------------------------

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.save_button.setEnabled(not busy)
        self.print_button.setEnabled(not busy)
        self.progress_bar.setVisible(busy)
        self.progress_bar.setValue(0)
        if text:
            self._set_status_text(text)

    def _show_status(self, text: str) -> None:
        self._set_status_text(text)
        self.status_message.emit(text)

    def _set_status_text(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    def _apply_range_preset(self) -> None:
        key = self.range_combo.currentData()
        days = next(d for k, _label, d in RANGES if k == key)
        custom = key == "custom"
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        if not custom:
            bounds = self.context.journal.date_bounds()
            today = date.today()
            # An empty journal has no period yet: not 90 days before it existed.
            start, end = (preset_range(days, today, bounds[0]) if bounds
                          else (today, today))
            with QSignalBlocker(self.from_edit), QSignalBlocker(self.to_edit):
                self.from_edit.setDate(_qdate(start))
                self.to_edit.setDate(_qdate(end))
        self._update_range_note()

    def _update_range_note(self) -> None:
        start, end = self.report_range()
        days = (end - start).days + 1
        note = f"{days:,} day{'s' if days != 1 else ''}, {start.isoformat()} to {end.isoformat()}"
        bounds = self.context.journal.date_bounds()
        if bounds is None and self.range_combo.currentData() != "custom":
            note = "Nothing logged yet: the period starts at your first entry"
        elif self.range_combo.currentData() != "custom" and bounds and bounds[0] == start:
            note += " (your journal starts there)"
        self.range_note.setText(note)

    # --- slots -----------------------------------------------------------------------

    def _on_range_combo_changed(self, _index: int) -> None:
        self._apply_range_preset()
        self.schedule_preview()

    def _on_dates_changed(self, _day: QDate) -> None:
        self._update_range_note()
        self.schedule_preview()

    def _on_appendix_check_toggled(self, checked: bool) -> None:
        app_settings.set_value(APPENDIX_SETTING, checked)
        self.schedule_preview()

    def _on_paper_combo_changed(self, _index: int) -> None:
        app_settings.set_value(PAPER_SETTING, self.paper())
        self.schedule_preview()

    def _on_preview_timer_timeout(self) -> None:
        self.refresh_preview()

    def _on_patient_edited(self, _text: str) -> None:
        self._save_timer.start()

    def _on_questions_edit_changed(self) -> None:
        self._save_timer.start()

    def _on_save_timer_timeout(self) -> None:
        if self._save_settings():
            self.schedule_preview()

    def _on_save_button_clicked(self) -> None:
        self.save_pdf()

    def _on_print_button_clicked(self) -> None:
        self.print_report()

    def _on_open_button_clicked(self) -> None:
        if self._saved_path is not None and self._saved_path.exists():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._saved_path)))

    def _on_context_changes(self, what: Change) -> None:
        if not what & ANALYSED:  # the report shows no drink button or other preference
            return
        if self.range_combo.currentData() != "custom":
            self._apply_range_preset()  # the journal's first day may have moved
        self.schedule_preview()

    def _on_context_replaced(self) -> None:
        self._save_timer.stop()
        self._load_settings()
        self._last_document = None
        self.preview.set_document(None)
        self.preview.set_message("Preparing the preview…")
        self.schedule_preview()

    def _on_tasks_progress(self, key: str, percent: int) -> None:
        if key in ("report-save", "report-print"):
            self.progress_bar.setValue(percent)


def _default_paper() -> str:
    """US Letter where the system locale uses it, else A4."""
    from PySide6.QtCore import QLocale

    country = QLocale.Country
    letter = {country.UnitedStates, country.Canada, country.Mexico, country.Philippines,
              country.Chile, country.Colombia}
    return "letter" if QLocale.system().territory() in letter else "a4"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())
