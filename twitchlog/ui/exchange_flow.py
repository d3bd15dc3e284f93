"""File > Import… and File > Export…: choose files, run off the UI thread, report clearly.

An import is read and checked first and previewed (what the files hold, device values,
"I don't remember" marks and settings included); only then is it written, all or
nothing: a refused file is named with its line and column and nothing is written; a
successful one reports its counts and can be undone at once.
Exports write CSV (episodes.csv and days.csv) or one JSON file, atomically.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import cast

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from twitchlog.exchange import ExportSummary
from twitchlog.services import exchange as exchange_service
from twitchlog.services.exchange import ExportFormat, ImportPreview
from twitchlog.store import JournalError, cipher
from twitchlog.store.importing import ImportResult
from twitchlog.ui import app_settings
from twitchlog.ui.context import JournalContext
from twitchlog.ui.data_location_dialog import open_folder
from twitchlog.ui.date_limits import limit_dates
from twitchlog.ui.device_import_flow import DeviceReadout
from twitchlog.ui.tasks import TaskRunner

IMPORT_FILTER = ("TwitchLog and device exports (*.csv *.json *.xml *.zip *.db *.sqlite);;"
                 "All files (*)")


def confirm_undo_last_import(context: JournalContext, parent: QWidget) -> bool:
    """File > Undo last import…: say which import and what goes, then undo it.

    Returns True when an import was undone.
    """
    record = context.journal.imports.last()
    if record is None:
        _tell(parent, QMessageBox.Icon.Information, "Undo last import",
              "There is no import to undo in this journal.")
        return False
    when = record.imported_at.astimezone().strftime("%d %b %Y at %H:%M")
    box = QMessageBox(QMessageBox.Icon.Question, "Undo last import",
                      f"Undo the import of {record.source} from {when}?",
                      QMessageBox.StandardButton.Cancel, parent)
    if record.device_values:
        box.setInformativeText(
            f"This removes the {_count(record.device_values, 'sleep or caffeine value')} it "
            "brought from a device and puts back the check-in values they replaced. A "
            "backup of the journal is taken first.")
    else:
        box.setInformativeText(
            f"This removes the {_count(record.episodes_added, 'episode')} and "
            f"{_count(record.days_added, 'day')} it added, the device values, \"I don't "
            "remember\" marks and settings it brought, and the locations, custom factors and "
            "medications it brought that nothing else uses. Entries it only updated keep "
            "their new values. A backup of the journal is taken first.")
    undo = box.addButton("Undo import", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is not undo:
        return False
    return undo_last_import_now(context, parent)


def undo_last_import_now(context: JournalContext, parent: QWidget) -> bool:
    """Back up, undo the newest import in one transaction, and report what went."""
    from PySide6.QtGui import QGuiApplication

    from twitchlog.store.backups import BackupError, backup_before

    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        backup_before(context.journal, "undo-import")
        undone = context.journal.imports.undo_last()
    except (BackupError, JournalError, OSError) as exc:
        QGuiApplication.restoreOverrideCursor()
        _tell(parent, QMessageBox.Icon.Warning, "Import not undone",
              f"{exc} Your journal is unchanged.")
        return False
    QGuiApplication.restoreOverrideCursor()
    context.notify_changed()
    if undone is None:
        return False
    _tell(parent, QMessageBox.Icon.Information, "Import undone", undone.summary())
    return True


def _tell(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str) -> None:
    QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent).exec()


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _busy(parent: QWidget, text: str, title: str) -> QProgressDialog:
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setValue(0)
    return dialog


def import_worker(path: Path, files: list[str], progress: Callable[[float], None],
                  stop: threading.Event) -> ImportPreview | DeviceReadout:
    """Runs on a worker thread with its own connection.

    Files are only read, checked and previewed here (an :class:`ImportPreview`, or a
    :class:`DeviceReadout` for device exports): the person confirms before anything is
    written.
    """
    from twitchlog.exchange.wearables import ImportCancelledError
    from twitchlog.exchange.wearables.plan import device_files_in
    from twitchlog.ui.device_import_flow import read_devices

    devices = device_files_in(files)
    if devices:
        return read_devices(path, devices, progress, stop)
    if stop.is_set():
        raise ImportCancelledError("the import was cancelled; nothing was imported")
    return exchange_service.preview_files(path, files)


def confirm_import(parent: QWidget, preview: ImportPreview) -> bool:
    """The preview of a TwitchLog import: what it holds; Import or Cancel."""
    box = QMessageBox(QMessageBox.Icon.Question, "Import",
                      f"Import {preview.source} into this journal?",
                      QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText("\n".join([
        *preview.lines, "", "Entries the journal already has are updated, not doubled. A "
        "backup is taken first, and File › Undo last import takes the import back."]))
    accept = box.addButton("Import", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(accept)
    box.exec()
    return box.clickedButton() is accept


class ImportFlow(QObject):
    """Choose export files, import them in the background, show what happened."""

    def __init__(self, context: JournalContext, tasks: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self._tasks = tasks
        self._parent = parent
        self._busy: QProgressDialog | None = None
        self._reading = False
        self._stop = threading.Event()

    def start(self, files: list[str] | None = None) -> None:
        if files is None:
            files, _ = QFileDialog.getOpenFileNames(
                self._parent, "Import into this journal", app_settings.last_folder(),
                IMPORT_FILTER)
            if not files:
                return
            app_settings.remember_folder(files[0])
        from twitchlog.ui.device_import_flow import progress_dialog

        self._stop = threading.Event()
        self._busy = progress_dialog(self._parent, "Reading and checking…")
        self._busy.canceled.connect(self._on_busy_canceled)
        self._tasks.progress.connect(self._on_tasks_progress)
        self._reading = True
        self._tasks.submit("import", import_worker, self._on_done, self._on_failed,
                           with_progress=True, path=self._context.path, files=list(files),
                           stop=self._stop)

    def _on_busy_canceled(self) -> None:
        self._stop.set()

    def _on_tasks_progress(self, key: str, percent: int) -> None:
        if key == "import" and self._busy is not None:
            self._busy.setValue(percent)

    def _close_busy(self) -> None:
        if self._busy is not None:
            if self._reading:
                self._tasks.progress.disconnect(self._on_tasks_progress)
                self._busy.canceled.disconnect(self._on_busy_canceled)
                self._reading = False
            self._busy.close()
            self._busy = None

    def _on_done(self, result: ImportResult | ImportPreview | DeviceReadout) -> None:
        from twitchlog.ui.device_import_flow import DeviceImportFlow

        self._close_busy()
        if isinstance(result, DeviceReadout):
            DeviceImportFlow(self._context, self._tasks, self._parent).preview(result)
            return
        if isinstance(result, ImportPreview):
            if confirm_import(self._parent, result):
                self._apply(result.files)
            return
        self._context.notify_changed()
        box = QMessageBox(self._parent)
        box.setWindowTitle("Import finished")
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(f"Imported from {result.source}.")
        box.setInformativeText("\n\n".join([result.summary(), *result.notes]))
        undo = None
        if result.changed and not result.replaced:
            undo = box.addButton("Undo this import", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        if undo is not None and box.clickedButton() is undo:
            self._undo_import()

    def _apply(self, files: list[str]) -> None:
        """Import for real: the files are read and checked again against the journal as
        it is now, backed up, then written in one transaction."""
        self._busy = _busy(self._parent, "Importing…", "Import")
        self._tasks.submit("import", exchange_service.import_files, self._on_done,
                           self._on_failed, path=self._context.path, files=files)

    def _undo_import(self) -> None:
        undo_last_import_now(self._context, self._parent)

    def _on_failed(self, error: Exception) -> None:
        self._close_busy()
        from twitchlog.exchange import ExchangeError
        from twitchlog.exchange.wearables import ImportCancelledError

        if isinstance(error, ImportCancelledError):
            return  # the person cancelled: nothing was written, nothing to say
        if isinstance(error, ExchangeError | JournalError | OSError):
            text = str(error)
        else:
            text = f"An unexpected problem stopped the import ({error}); nothing was imported."
        box = QMessageBox(QMessageBox.Icon.Warning, "Nothing was imported",
                          "The import was refused, so your journal is unchanged.",
                          QMessageBox.StandardButton.Ok, self._parent)
        box.setInformativeText(text)
        box.exec()


class ExportDialog(QDialog):
    """Format (CSV or JSON) and range (everything or chosen dates)."""

    def __init__(self, context: JournalContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.csv_button = QRadioButton("&CSV – episodes.csv and days.csv, for spreadsheets "
                                       "(episodes and check-ins only)", self)
        self.json_button = QRadioButton("&JSON – one file with the whole journal (also "
                                        "medications, device values and settings), for "
                                        "moving to another computer", self)
        self.csv_button.setChecked(True)
        formats = QButtonGroup(self)
        formats.addButton(self.csv_button)
        formats.addButton(self.json_button)
        format_box = QGroupBox("Format", self)
        format_layout = QVBoxLayout(format_box)
        format_layout.addWidget(self.csv_button)
        format_layout.addWidget(self.json_button)

        self.all_button = QRadioButton("&Everything", self)
        self.range_button = QRadioButton("&From", self)
        self.all_button.setChecked(True)
        ranges = QButtonGroup(self)
        ranges.addButton(self.all_button)
        ranges.addButton(self.range_button)
        bounds = context.journal.date_bounds()
        today = date.today()
        first, last = bounds if bounds else (today - timedelta(days=30), today)
        self.from_edit = QDateEdit(QDate(first), self)
        self.to_edit = QDateEdit(QDate(last), self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            limit_dates(edit)
        self.range_button.toggled.connect(self.from_edit.setEnabled)
        self.range_button.toggled.connect(self.to_edit.setEnabled)
        range_box = QGroupBox("Which days", self)
        range_layout = QVBoxLayout(range_box)
        range_layout.addWidget(self.all_button)
        row = QHBoxLayout()
        row.addWidget(self.range_button)
        row.addWidget(self.from_edit)
        row.addWidget(QLabel("to", self))
        row.addWidget(self.to_edit)
        row.addStretch(1)
        range_layout.addLayout(row)
        self.message = QLabel(self)
        self.message.setProperty("role", "error")
        self.message.hide()
        self.plain_note = QLabel("Exports are plain files: the journal's passphrase does not "
                                 "protect them. Keep them somewhere private.", self)
        self.plain_note.setWordWrap(True)
        self.plain_note.setVisible(cipher.is_protected_file(context.path))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton("E&xport…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(format_box)
        layout.addWidget(range_box)
        layout.addWidget(self.plain_note)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def fmt(self) -> ExportFormat:
        return "json" if self.json_button.isChecked() else "csv"

    def date_range(self) -> tuple[date | None, date | None]:
        if self.all_button.isChecked():
            return None, None
        return (cast(date, self.from_edit.date().toPython()),
                cast(date, self.to_edit.date().toPython()))

    def accept(self) -> None:
        start, end = self.date_range()
        if start is not None and end is not None and start > end:
            self.message.setText("The first day is after the last day.")
            self.message.show()
            return
        super().accept()


class ExportFlow(QObject):
    """Ask what and where, export in the background, say what was written."""

    def __init__(self, context: JournalContext, tasks: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self._tasks = tasks
        self._parent = parent
        self._busy: QProgressDialog | None = None
        self._folder: Path | None = None

    def start(self) -> None:
        dialog = ExportDialog(self._context, self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        target = self._choose_target(dialog.fmt())
        if target is None:
            return
        start, end = dialog.date_range()
        self._folder = target if dialog.fmt() == "csv" else target.parent
        self._busy = _busy(self._parent, "Exporting…", "Export")
        self._tasks.submit("export", exchange_service.export_file, self._on_done, self._on_failed,
                           path=self._context.path, fmt=dialog.fmt(), target=target,
                           start=start, end=end)

    def _choose_target(self, fmt: str) -> Path | None:
        from twitchlog.exchange import DAYS_FILENAME, EPISODES_FILENAME

        if fmt == "csv":
            folder = QFileDialog.getExistingDirectory(
                self._parent, "Export CSV into folder", app_settings.last_folder())
            if not folder:
                return None
            path = Path(folder)
            existing = [n for n in (EPISODES_FILENAME, DAYS_FILENAME) if (path / n).exists()]
            if existing:
                answer = QMessageBox.question(
                    self._parent, "Replace files?",
                    f"{' and '.join(existing)} already exist in {path}. Replace them?")
                if answer != QMessageBox.StandardButton.Yes:
                    return None
            app_settings.set_value(app_settings.LAST_FOLDER, str(path))
            return path
        suggested = Path(app_settings.last_folder()) / f"twitchlog-{date.today():%Y-%m-%d}.json"
        name, _ = QFileDialog.getSaveFileName(self._parent, "Export JSON", str(suggested),
                                              "JSON files (*.json)")
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".json":
            path = path.with_suffix(".json")
        app_settings.remember_folder(path)
        return path

    def _on_done(self, result: ExportSummary) -> None:
        if self._busy is not None:
            self._busy.close()
        box = QMessageBox(QMessageBox.Icon.Information, "Export finished", result.summary(),
                          QMessageBox.StandardButton.Ok, self._parent)
        show = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
        box.exec()
        if box.clickedButton() is show and self._folder is not None:
            open_folder(self._folder)

    def _on_failed(self, error: Exception) -> None:
        if self._busy is not None:
            self._busy.close()
        QMessageBox.warning(self._parent, "Export not written",
                            f"{error}\n\nNo file was changed.")
