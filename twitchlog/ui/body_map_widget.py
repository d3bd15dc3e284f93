"""Choosing where a twitch is: a clickable body map with a searchable list beside it.

The map is ``resources/body_map.svg``: every clickable region is an element whose id is
``<location>-<side>`` (``eyelid-left``, ``upper-arm-right``) or ``<location>`` for the
midline regions (``back``, ``abdomen``, ``lip``); spaces become hyphens. Clicks are
hit-tested against each region's rendered shape, so slanted limbs do not steal clicks from
their neighbours. The list offers every location, including the user's own, to keyboard
users and for places the map does not draw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPointF,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from twitchlog.domain import location_label, place_label
from twitchlog.ui import body_map_accessible, theme
from twitchlog.ui.resources import resource_path

SIDED = ("left", "right")

#: Light-theme colours in the SVG and what they become in the dark look.
_DARK_COLOURS = {
    "#e4e8ee": "#323940",  # figure fill
    "#9aa5b1": "#5d6873",  # figure outline
    "#c6d1de": "#46525f",  # region fill
    "#7f8ea3": "#8090a2",  # region outline, eyes, lines
    "#5b6675": "#aab4bf",  # captions
}


def element_id(location: str, side: str | None = None) -> str:
    """The SVG id for a location and side: ``element_id("upper arm", "left")``."""
    base = location.strip().lower().replace(" ", "-")
    return f"{base}-{side}" if side in SIDED else base


def parse_element_id(elem: str) -> tuple[str, str]:
    """``(location, side)`` for an SVG id; midline regions have side ``unspecified``."""
    for side in SIDED:
        if elem.endswith(f"-{side}"):
            return elem[: -len(side) - 1].replace("-", " "), side
    return elem.replace("-", " "), "unspecified"


def region_label(location: str, side: str) -> str:
    """How a region is named to a person: "Left eyelid", "Back", "Left iPad thumb"."""
    return place_label(location, side)


@cache
def _svg_source() -> bytes:
    return resource_path("body_map.svg").read_bytes()


def _themed_svg(dark: bool) -> bytes:
    data = _svg_source()
    if dark:
        for light, dark_colour in _DARK_COLOURS.items():
            data = data.replace(light.encode(), dark_colour.encode())
    return data


@dataclass(slots=True)
class _Region:
    elem: str
    location: str
    side: str
    rect: QRectF  # in widget coordinates
    mask: QImage  # the region's rendered pixels, rect-sized (times the pixel ratio)


class BodyMapWidget(QWidget):
    """Front, back, face, hands and feet; click a region to choose it.

    ``region_clicked(location, side)`` fires on a click. :meth:`set_selection` highlights the
    current choice (both sides for "both" or "unspecified" on a paired location).
    """

    region_clicked = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        body_map_accessible.install()
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys walk the regions
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(250, 145)
        self.setAccessibleName("Body map")
        self.setAccessibleDescription(
            "Click where the twitch is, or walk the regions with the arrow keys and press "
            "Space. The list beside the map offers the same places.")
        self._renderer = QSvgRenderer(self)
        self._dark: bool | None = None
        self._elements: list[str] = []
        self._regions: list[_Region] | None = None
        self._background: QPixmap | None = None
        self._overlays: dict[tuple[str, str], QImage] = {}
        self._hovered: str | None = None
        self._selected: set[str] = set()
        self._focused: str | None = None
        self._order: list[str] | None = None
        self._load_svg()

    # --- public -------------------------------------------------------------------

    def element_ids(self) -> list[str]:
        """Every clickable region's SVG id."""
        return list(self._elements)

    def has_element(self, elem: str) -> bool:
        return elem in self._elements

    def element_rect(self, elem: str) -> QRectF:
        """Where a region is drawn, in widget coordinates (for tests and tooltips)."""
        for region in self._ensure_regions():
            if region.elem == elem:
                return QRectF(region.rect)
        raise KeyError(elem)

    def element_at(self, pos: QPointF) -> str | None:
        """The region under a widget position: its drawn shape first, then the smallest
        region whose box contains the point (generous for small regions)."""
        hits: list[_Region] = []
        boxes: list[_Region] = []
        for region in self._ensure_regions():
            if not region.rect.contains(pos):
                continue
            boxes.append(region)
            ratio = region.mask.devicePixelRatio()
            x = int((pos.x() - region.rect.left()) * ratio)
            y = int((pos.y() - region.rect.top()) * ratio)
            if 0 <= x < region.mask.width() and 0 <= y < region.mask.height() and \
                    region.mask.pixelColor(x, y).alpha() > 60:
                hits.append(region)
        pool = hits or boxes
        if not pool:
            return None
        return min(pool, key=lambda r: r.rect.width() * r.rect.height()).elem

    def element_location(self, elem: str) -> str:
        return parse_element_id(elem)[0]

    def element_label(self, elem: str) -> str:
        """"Left eyelid": how a person (and a screen reader) names the region."""
        return region_label(*parse_element_id(elem))

    def walk_order(self) -> list[str]:
        """The regions in reading order: drawing by drawing, top to bottom, then across."""
        if self._order is None:
            drawings = ("front view", "back view", "face", "hands", "feet")

            def key(elem: str) -> tuple[int, float, float]:
                box = self._renderer.transformForElement(elem).mapRect(
                    self._renderer.boundsOnElement(elem))
                centre = box.center()
                drawing = drawings.index(body_map_accessible.view_of(parse_element_id(elem)[0]))
                return drawing, round(centre.y() / 12), centre.x()

            self._order = sorted(self._elements, key=key)
        return list(self._order)

    def focused_element(self) -> str | None:
        """The region the keyboard is on (drawn with a dashed ring while focused)."""
        return self._focused

    def set_focused_element(self, elem: str | None) -> None:
        if elem == self._focused:
            return
        self._focused = elem
        self.update()
        if elem is not None:
            self.setToolTip(self.element_label(elem))
            body_map_accessible.announce_focus(self)

    def selected_elements(self) -> set[str]:
        return set(self._selected)

    def set_selection(self, location: str | None, side: str | None = None) -> None:
        """Highlight a location (and side) if the map draws it; clear it otherwise."""
        chosen: set[str] = set()
        if location:
            exact = element_id(location, side)
            if side in SIDED and exact in self._elements:
                chosen = {exact}
            elif element_id(location) in self._elements:
                chosen = {element_id(location)}
            else:
                chosen = {element_id(location, s) for s in SIDED} & set(self._elements)
        if chosen != self._selected:
            self._selected = chosen
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(470, 270)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        size = self._renderer.defaultSize()
        return int(width * size.height() / max(1, size.width()))

    # --- events --------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._background is None or self._background.size() != self._pixel_size():
            self._background = self._render_background()
        painter.drawPixmap(0, 0, self._background)
        for region in self._ensure_regions():
            state = None
            if region.elem in self._selected:
                state = "selected"
            elif region.elem == self._hovered:
                state = "hover"
            if state is not None:
                painter.drawImage(region.rect.topLeft(), self._overlay(region, state))
        if self.hasFocus() and self._focused is not None:
            focused = next((r for r in self._ensure_regions() if r.elem == self._focused), None)
            if focused is not None:
                if focused.elem not in self._selected:
                    painter.drawImage(focused.rect.topLeft(), self._overlay(focused, "hover"))
                pen = QPen(self.palette().color(self.palette().ColorRole.Highlight), 1.5)
                pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(focused.rect.adjusted(-3, -3, 3, 3), 3, 3)
        painter.end()

    def resizeEvent(self, event: object) -> None:
        self._invalidate()
        super().resizeEvent(event)  # type: ignore[arg-type]

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                            QEvent.Type.StyleChange):
            self._load_svg()
        super().changeEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        elem = self.element_at(event.position())
        if elem != self._hovered:
            self._hovered = elem
            if elem is None:
                self.unsetCursor()
                self.setToolTip("")
                QToolTip.hideText()
            else:
                self.setCursor(Qt.CursorShape.PointingHandCursor)
                text = region_label(*parse_element_id(elem))
                self.setToolTip(text)
                QToolTip.showText(event.globalPosition().toPoint(), text, self)
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.update()
        super().leaveEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._focused is None and self._elements:
            chosen = [e for e in self.walk_order() if e in self._selected]
            self.set_focused_element((chosen or self.walk_order())[0])
        else:
            body_map_accessible.announce_focus(self)
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        steps: dict[int, tuple[int, int]] = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
                 Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if key in steps and self._elements:
            self.set_focused_element(self._neighbour(*steps[key]))
            event.accept()
            return
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End) and self._elements:
            order = self.walk_order()
            self.set_focused_element(order[0] if key == Qt.Key.Key_Home else order[-1])
            event.accept()
            return
        if key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self._focused is not None:
            location, side = parse_element_id(self._focused)
            self.set_selection(location, side)
            self.region_clicked.emit(location, side)
            event.accept()
            return
        super().keyPressEvent(event)

    def _neighbour(self, dx: int, dy: int) -> str:
        """The nearest region in a direction (the next in reading order if none)."""
        order = self.walk_order()
        current = self._focused if self._focused in order else order[0]
        here = self.element_rect(current).center()
        best: tuple[float, str] | None = None
        for elem in order:
            if elem == current:
                continue
            there = self.element_rect(elem).center()
            along = (there.x() - here.x()) * dx + (there.y() - here.y()) * dy
            if along <= 1:
                continue
            across = abs((there.x() - here.x()) * dy) + abs((there.y() - here.y()) * dx)
            score = along + 2 * across
            if best is None or score < best[0]:
                best = (score, elem)
        if best is not None:
            return best[1]
        step = 1 if dx + dy > 0 else -1
        return order[(order.index(current) + step) % len(order)]

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            elem = self.element_at(event.position())
            if elem is not None:
                location, side = parse_element_id(elem)
                self.set_selection(location, side)
                self.region_clicked.emit(location, side)
                event.accept()
                return
        super().mouseReleaseEvent(event)

    # --- drawing -------------------------------------------------------------------

    def _load_svg(self) -> None:
        dark = theme.is_dark(self)
        if dark == self._dark:
            return
        self._dark = dark
        self._renderer.load(_themed_svg(dark))
        if not self._elements:
            ids = [m.group(1).decode()
                   for m in re.finditer(rb'<path id="([a-z-]+)"', _svg_source())]
            self._elements = [e for e in ids if self._renderer.elementExists(e)]
        self._invalidate()

    def _invalidate(self) -> None:
        self._regions = None
        self._background = None
        self._overlays.clear()
        self.update()

    def _pixel_size(self) -> QSize:
        ratio = self.devicePixelRatioF()
        return QSize(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))

    def _content_rect(self) -> QRectF:
        """Where the whole drawing goes: aspect-fitted and centred in the widget."""
        size = self._renderer.defaultSize()
        w, h = max(1, self.width()), max(1, self.height())
        scale = min(w / size.width(), h / size.height())
        cw, ch = size.width() * scale, size.height() * scale
        return QRectF((w - cw) / 2, (h - ch) / 2, cw, ch)

    def _to_widget(self, svg_rect: QRectF) -> QRectF:
        view = self._renderer.viewBoxF()
        content = self._content_rect()
        sx = content.width() / view.width()
        sy = content.height() / view.height()
        return QRectF(content.left() + (svg_rect.left() - view.left()) * sx,
                      content.top() + (svg_rect.top() - view.top()) * sy,
                      svg_rect.width() * sx, svg_rect.height() * sy)

    def _render_background(self) -> QPixmap:
        pixmap = QPixmap(self._pixel_size())
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer.render(painter, self._content_rect())
        painter.end()
        return pixmap

    def _ensure_regions(self) -> list[_Region]:
        if self._regions is None:
            ratio = self.devicePixelRatioF()
            regions = []
            for elem in self._elements:
                svg_rect = self._renderer.transformForElement(elem).mapRect(
                    self._renderer.boundsOnElement(elem))
                rect = self._to_widget(svg_rect)
                image = QImage(max(1, round(rect.width() * ratio)),
                               max(1, round(rect.height() * ratio)),
                               QImage.Format.Format_ARGB32_Premultiplied)
                image.setDevicePixelRatio(ratio)
                image.fill(Qt.GlobalColor.transparent)
                painter = QPainter(image)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                self._renderer.render(painter, elem, QRectF(0, 0, rect.width(), rect.height()))
                painter.end()
                regions.append(_Region(elem, *parse_element_id(elem), rect, image))
            self._regions = regions
        return self._regions

    def _overlay(self, region: _Region, state: str) -> QImage:
        key = (region.elem, state)
        image = self._overlays.get(key)
        if image is None:
            tint = QColor(self.palette().color(self.palette().ColorRole.Highlight))
            tint.setAlphaF(0.85 if state == "selected" else 0.4)
            image = QImage(region.mask)
            painter = QPainter(image)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            painter.fillRect(image.rect(), tint)
            painter.end()
            self._overlays[key] = image
        return image


class _LocationSearch(QLineEdit):
    """The search field: Up and Down move through the list below without leaving it."""

    def __init__(self, list_view: QListView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._list = list_view

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
                           Qt.Key.Key_PageDown):
            self._list.keyPressEvent(event)  # moves the current item
            return
        super().keyPressEvent(event)


class LocationPicker(QWidget):
    """The body map with a searchable list of every location beside it.

    ``location_picked(location, side)`` fires when the user chooses; ``side`` is empty
    when the choice came from the list (which knows no side).
    """

    location_picked = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body_map = BodyMapWidget(self)
        self._model = QStandardItemModel(self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.list_view = QListView(self)
        self.list_view.setModel(self._proxy)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setAccessibleName("Body locations")
        self.list_view.setAccessibleDescription(
            "Every location, your own included; the search field filters the list")
        self.list_view.setMinimumWidth(110)
        self.list_view.setMaximumWidth(190)
        self.search = _LocationSearch(self.list_view, self)
        self.search.setPlaceholderText("Search locations…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search body locations")
        self.search.setMaximumWidth(190)
        self.setFocusProxy(self.search)

        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(4)
        side.addWidget(self.search)
        side.addWidget(self.list_view, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body_map, 1)
        layout.addLayout(side)

        self._location = ""
        self._syncing = False
        self.body_map.region_clicked.connect(self._on_body_map_region_clicked)
        self.search.textEdited.connect(self._on_search_text_edited)
        self.list_view.selectionModel().currentChanged.connect(self._on_list_current_changed)
        self.list_view.clicked.connect(self._on_list_clicked)

    # --- public -------------------------------------------------------------------

    def set_locations(self, names: list[str]) -> None:
        """Offer these locations (built-in first, then the user's own, as the store lists)."""
        current = self._location
        self._syncing = True
        self._model.clear()
        for name in names:
            item = QStandardItem(location_label(name))
            item.setData(name, Qt.ItemDataRole.UserRole)
            self._model.appendRow(item)
        self._syncing = False
        self._select_in_list(current)

    def locations(self) -> list[str]:
        return [self._model.item(r).data(Qt.ItemDataRole.UserRole)
                for r in range(self._model.rowCount())]

    def location(self) -> str:
        return self._location

    def set_location(self, location: str, side: str | None = None) -> None:
        """Show a choice made elsewhere (loading an episode, a side change)."""
        self._location = (location or "").strip().lower()
        self.body_map.set_selection(self._location or None, side)
        self._select_in_list(self._location)

    def clear(self) -> None:
        self.search.clear()
        self._proxy.setFilterFixedString("")
        self.set_location("")

    # --- slots ---------------------------------------------------------------------

    def _on_body_map_region_clicked(self, location: str, side: str) -> None:
        if self.search.text():
            self.search.clear()
            self._proxy.setFilterFixedString("")
        self._location = location
        self._select_in_list(location)
        self.location_picked.emit(location, side)

    def _on_search_text_edited(self, text: str) -> None:
        self._proxy.setFilterFixedString(text.strip())
        if self._proxy.rowCount() and text.strip():
            self.list_view.setCurrentIndex(self._proxy.index(0, 0))
        elif text.strip():
            self.list_view.clearSelection()
            self._choose("")

    def _on_list_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        self._choose(current.data(Qt.ItemDataRole.UserRole))

    def _on_list_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._choose(index.data(Qt.ItemDataRole.UserRole))

    def _choose(self, location: str) -> None:
        if location == self._location:
            return
        self._location = location
        self.location_picked.emit(location, "")

    def _select_in_list(self, location: str) -> None:
        self._syncing = True
        try:
            for row in range(self._proxy.rowCount()):
                index = self._proxy.index(row, 0)
                if str(index.data(Qt.ItemDataRole.UserRole)).lower() == location.lower():
                    self.list_view.setCurrentIndex(index)
                    self.list_view.scrollTo(index)
                    return
            self.list_view.clearSelection()
            self.list_view.setCurrentIndex(QModelIndex())
        finally:
            self._syncing = False
