"""The preview of a device import: what it will bring, before anything is written."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from twitchlog.store.device_import import DevicePreview


class DeviceImportDialog(QDialog):
    """Shows the preview; the person may let device values replace typed ones."""

    def __init__(self, source: str, keep: DevicePreview, replace: DevicePreview,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import sleep and caffeine")
        self._keep, self._replace = keep, replace
        title = QLabel(f"<b>From {source}</b>", self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        count = len(replace.conflicts)
        self.replace_box = QCheckBox(
            f"Let imported values replace the {count} value{'s' if count != 1 else ''} "
            "I typed", self)
        self.replace_box.setVisible(bool(replace.conflicts))
        self.replace_box.toggled.connect(self._on_replace_box_toggled)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = buttons.addButton("&Import",
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.replace_box)
        layout.addWidget(buttons)
        self._on_replace_box_toggled(False)

    def replace_typed(self) -> bool:
        return self.replace_box.isChecked()

    def _on_replace_box_toggled(self, checked: bool) -> None:
        preview = self._replace if checked else self._keep
        self.summary.setText("\n".join(f"• {line}" for line in
                                       preview.lines(replace_typed=checked)))
