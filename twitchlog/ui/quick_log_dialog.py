"""Arrange the quick-log buttons: their order, and which ones are pinned.

A pinned place keeps its button even when the user logs it less often; the others are
learned from the journal. The order chosen here is the order the buttons keep.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from twitchlog.domain import QuickPlace
from twitchlog.ui.a11y import describe_buttons
from twitchlog.ui.body_map_widget import region_label


class QuickLogDialog(QDialog):
    """A list of the buttons: tick to pin, drag or Move up/down to reorder."""

    def __init__(self, places: list[QuickPlace], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Arrange quick-log buttons")
        intro = QLabel("Ticked places are pinned: they keep their button even when you log "
                       "them less often. The buttons appear in this order; newly frequent "
                       "places join at the end.", self)
        intro.setWordWrap(True)
        self.list_widget = QListWidget(self)
        self.list_widget.setAccessibleName("Quick-log buttons, in order")
        self.list_widget.setAccessibleDescription("Space pins or unpins the current place")
        self.list_widget.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        for place in places:
            item = QListWidgetItem(region_label(place.location, place.side), self.list_widget)
            item.setData(Qt.ItemDataRole.UserRole, (place.location, place.side))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if place.pinned else
                               Qt.CheckState.Unchecked)
        self.list_widget.setCurrentRow(0)
        self.up_button = QPushButton("Move &up", self)
        self.down_button = QPushButton("Move &down", self)
        self.up_button.setAccessibleDescription("Move the selected place one button earlier")
        self.down_button.setAccessibleDescription("Move the selected place one button later")
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        side = QVBoxLayout()
        side.addWidget(self.up_button)
        side.addWidget(self.down_button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list_widget, 1)
        row.addLayout(side)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        describe_buttons(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(420, 320)

    def places(self) -> list[QuickPlace]:
        """The places in the order shown, with their pins."""
        result = []
        for row in range(self.list_widget.count()):
            item = self.list_widget.item(row)
            location, side = item.data(Qt.ItemDataRole.UserRole)
            result.append(QuickPlace(location, side,
                                     item.checkState() == Qt.CheckState.Checked))
        return result

    def _move(self, step: int) -> None:
        row = self.list_widget.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list_widget.count():
            return
        item = self.list_widget.takeItem(row)
        self.list_widget.insertItem(target, item)
        self.list_widget.setCurrentRow(target)
