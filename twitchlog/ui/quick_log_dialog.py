"""Arrange the quick-log buttons: their order, and which ones are pinned.

A pinned place keeps its button even when the user logs it less often; the others are
learned from the journal. The order chosen here is the order the buttons keep.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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

from twitchlog.domain import QuickPlace, location_label
from twitchlog.ui.a11y import describe_buttons
from twitchlog.ui.body_map_widget import region_label


class QuickLogDialog(QDialog):
    """A list of the buttons: tick to pin, drag or Move up/down to reorder."""

    def __init__(self, places: list[QuickPlace], parent: QWidget | None = None, *,
                 locations: list[str] | None = None, limit: int = 8) -> None:
        super().__init__(parent)
        self._limit = limit
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
            self._add_item(place)
        self.list_widget.setCurrentRow(0)
        # a place not logged yet can be pinned too
        self.location_combo = QComboBox(self)
        for name in locations or []:
            self.location_combo.addItem(location_label(name), name)
        self.location_combo.setAccessibleName("Place to add")
        self.location_combo.setAccessibleDescription("Any body location, your own included")
        self.side_combo = QComboBox(self)
        for side, text in (("left", "Left"), ("right", "Right"), ("both", "Both"),
                           ("unspecified", "No side")):
            self.side_combo.addItem(text, side)
        self.side_combo.setAccessibleName("Side of the place to add")
        self.side_combo.setAccessibleDescription("Left, right, both, or no side")
        self.add_button = QPushButton("&Pin this place", self)
        self.add_button.setAccessibleDescription("Adds it as a pinned button at the end")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        add_row = QHBoxLayout()
        add_row.addWidget(self.location_combo, 1)
        add_row.addWidget(self.side_combo)
        add_row.addWidget(self.add_button)
        self.add_row = QWidget(self)
        self.add_row.setLayout(add_row)
        self.add_row.setVisible(bool(locations))
        self._update_add_button()
        self.up_button = QPushButton("Move &up", self)
        self.down_button = QPushButton("Move &down", self)
        self.up_button.setAccessibleDescription("Move the selected place one button earlier")
        self.down_button.setAccessibleDescription("Move the selected place one button later")
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        arrows = QVBoxLayout()
        arrows.addWidget(self.up_button)
        arrows.addWidget(self.down_button)
        arrows.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list_widget, 1)
        row.addLayout(arrows)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        describe_buttons(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.add_row)
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

    def add_place(self, location: str, side: str) -> bool:
        """Pin a place (at the end); False when it is there already or the row is full."""
        if self.list_widget.count() >= self._limit:
            return False
        for row in range(self.list_widget.count()):
            item = self.list_widget.item(row)
            if tuple(item.data(Qt.ItemDataRole.UserRole)) == (location, side):
                item.setCheckState(Qt.CheckState.Checked)
                self.list_widget.setCurrentRow(row)
                return False
        self._add_item(QuickPlace(location, side, True))
        self.list_widget.setCurrentRow(self.list_widget.count() - 1)
        self._update_add_button()
        return True

    def _add_item(self, place: QuickPlace) -> None:
        item = QListWidgetItem(region_label(place.location, place.side), self.list_widget)
        item.setData(Qt.ItemDataRole.UserRole, (place.location, place.side))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if place.pinned else Qt.CheckState.Unchecked)

    def _update_add_button(self) -> None:
        full = self.list_widget.count() >= self._limit
        self.add_button.setEnabled(not full)
        self.add_button.setToolTip(f"At most {self._limit} buttons" if full else "")

    def _on_add_button_clicked(self) -> None:
        self.add_place(self.location_combo.currentData(), self.side_combo.currentData())

    def _move(self, step: int) -> None:
        row = self.list_widget.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list_widget.count():
            return
        item = self.list_widget.takeItem(row)
        self.list_widget.insertItem(target, item)
        self.list_widget.setCurrentRow(target)
