"""File › Import… for device exports: read with a cancellable progress bar, preview, apply.

Reading runs on a worker (a 2 GB Apple Health export takes a while); the person sees
the preview and chooses before the one write transaction, which is backed up first
and can be undone like any import.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QProgressDialog, QWidget

from twitchlog.store import Journal
from twitchlog.store.device_import import DeviceImportResult, DevicePreview
from twitchlog.ui.context import JournalContext
from twitchlog.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from twitchlog.exchange.wearables import DeviceFile
    from twitchlog.exchange.wearables.plan import DevicePlan


@dataclass(frozen=True, slots=True)
class DeviceReadout:
    """A device plan read from files, with its preview both ways (keep or replace typed)."""

    plan: DevicePlan
    keep: DevicePreview
    replace: DevicePreview


def read_devices(path: Path, devices: list[DeviceFile], progress: Callable[[float], None],
                 stop: threading.Event) -> DeviceReadout:
    """Worker: read and merge device files, then preview against the journal (read-only)."""
    from twitchlog.exchange.wearables.plan import read_device_plan

    plan = read_device_plan(devices, progress=lambda f: _report(progress, stop, f))
    journal = Journal.open_reader(path)
    try:
        previews = [journal.devices.preview(plan.values, plan.merged.files,
                                                  replace_typed=replace)
                    for replace in (False, True)]
    finally:
        journal.close()
    for preview in previews:
        preview.naps = plan.merged.naps
        preview.skipped = plan.merged.skipped
    return DeviceReadout(plan, previews[0], previews[1])


def _report(progress: Callable[[float], None], stop: threading.Event,
            fraction: float) -> bool:
    progress(fraction * 100)
    return not stop.is_set()


def apply_devices(path: Path, plan: DevicePlan, replace_typed: bool) -> DeviceImportResult:
    """Worker: back up, then write the plan in one transaction."""
    from twitchlog.store.backups import backup_before

    with Journal.open(path, create=False) as journal:
        backup_before(journal, "import")
        return journal.devices.apply(plan.values, plan.source,
                                           replace_typed=replace_typed)


def progress_dialog(parent: QWidget, text: str) -> QProgressDialog:
    """A window-modal progress bar with Cancel, shown after a short moment."""
    dialog = QProgressDialog(text, "Cancel", 0, 100, parent)
    dialog.setWindowTitle("Import")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    return dialog


class DeviceImportFlow(QObject):
    """After reading: the preview dialog, then the write, then what happened."""

    def __init__(self, context: JournalContext, tasks: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self._tasks = tasks
        self._parent = parent

    def preview(self, readout: DeviceReadout) -> None:
        from twitchlog.ui.device_import_dialog import DeviceImportDialog

        dialog = DeviceImportDialog(readout.plan.source, readout.keep, readout.replace,
                                    self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._tasks.submit("import", apply_devices, self._on_done, self._on_failed,
                           path=self._context.path, plan=readout.plan,
                           replace_typed=dialog.replace_typed())

    def _on_done(self, result: DeviceImportResult) -> None:
        from twitchlog.ui.exchange_flow import undo_last_import_now

        self._context.notify_changed()
        box = QMessageBox(self._parent)
        box.setWindowTitle("Import finished")
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(f"Imported from {result.source}.")
        box.setInformativeText(result.summary())
        undo = None
        if result.changed:
            undo = box.addButton("Undo this import", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        if undo is not None and box.clickedButton() is undo:
            undo_last_import_now(self._context, self._parent)

    def _on_failed(self, error: Exception) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Nothing was imported",
                          "The import was refused, so your journal is unchanged.",
                          QMessageBox.StandardButton.Ok, self._parent)
        box.setInformativeText(str(error))
        box.exec()
