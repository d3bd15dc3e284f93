"""The body map as assistive technology sees it: one accessible child per region.

A screen reader cannot see a picture, so the map offers each clickable region as a
child named the way the rest of the app names it ("Left eyelid"), with the view it sits
in ("face") as its description and its checked state when it is the current choice.
Qt asks :func:`accessible_factory` for the map's interface; the region interfaces are
made once per map and kept, as Qt expects of interfaces that have no object of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QRect
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAccessibleInterface, QWindow
from PySide6.QtWidgets import QAccessibleWidget

if TYPE_CHECKING:
    from twitchlog.ui.body_map_widget import BodyMapWidget

_FACE = {"eyebrow", "eyelid", "cheek", "lip", "jaw"}
_HANDS = {"hand", "thumb", "finger"}
_FEET = {"foot", "toe"}
_BACK = {"back", "buttock", "calf"}


def view_of(location: str) -> str:
    """Which drawing of the map a region belongs to, for its description."""
    if location in _FACE:
        return "face"
    if location in _HANDS:
        return "hands"
    if location in _FEET:
        return "feet"
    return "back view" if location in _BACK else "front view"


class RegionAccessible(QAccessibleInterface):
    """One region of the map: a checkable button named "Left eyelid"."""

    def __init__(self, owner: BodyMapAccessible, elem: str) -> None:
        super().__init__()
        self._owner = owner
        self.elem = elem

    def _map(self) -> BodyMapWidget:
        return self._owner.body_map()

    def isValid(self) -> bool:
        return self._owner.isValid() and self._map().has_element(self.elem)

    def object(self) -> QObject | None:
        return None

    def window(self) -> QWindow | None:
        return self._owner.window()

    def parent(self) -> QAccessibleInterface:
        return self._owner

    def child(self, _index: int) -> QAccessibleInterface | None:
        return None

    def childCount(self) -> int:
        return 0

    def indexOfChild(self, _child: QAccessibleInterface) -> int:
        return -1

    def childAt(self, _x: int, _y: int) -> QAccessibleInterface | None:
        return None

    def focusChild(self) -> QAccessibleInterface | None:
        return None

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.CheckBox

    def text(self, kind: QAccessible.Text) -> str:
        body_map = self._map()
        if kind == QAccessible.Text.Name:
            return body_map.element_label(self.elem)
        if kind == QAccessible.Text.Description:
            location = body_map.element_location(self.elem)
            return f"On the {view_of(location)} of the body map"
        return ""

    def setText(self, _kind: QAccessible.Text, _text: str) -> None:
        return None

    def rect(self) -> QRect:
        body_map = self._map()
        local = body_map.element_rect(self.elem).toAlignedRect()
        return QRect(body_map.mapToGlobal(local.topLeft()), local.size())

    def state(self) -> QAccessible.State:
        body_map = self._map()
        state = QAccessible.State()
        state.focusable = True
        state.checkable = True
        state.checked = self.elem in body_map.selected_elements()
        state.focused = body_map.hasFocus() and body_map.focused_element() == self.elem
        state.invisible = not body_map.isVisible()
        return state


class BodyMapAccessible(QAccessibleWidget):
    """The map itself, with its regions as children in the order the keyboard walks."""

    def __init__(self, widget: BodyMapWidget) -> None:
        super().__init__(widget, QAccessible.Role.Grouping)  # a group of checkable regions
        self._widget = widget
        self._children: dict[str, RegionAccessible] = {}

    def body_map(self) -> BodyMapWidget:
        return self._widget

    def _regions(self) -> list[RegionAccessible]:
        result = []
        for elem in self._widget.walk_order():
            region = self._children.get(elem)
            if region is None:
                region = RegionAccessible(self, elem)
                self._children[elem] = region
            result.append(region)
        return result

    def region(self, elem: str) -> RegionAccessible:
        """The child for one SVG id (made on first use and kept)."""
        return next(r for r in self._regions() if r.elem == elem)

    def childCount(self) -> int:
        return len(self._widget.walk_order())

    def child(self, index: int) -> QAccessibleInterface | None:
        regions = self._regions()
        return regions[index] if 0 <= index < len(regions) else None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        elem = getattr(child, "elem", None)
        order = self._widget.walk_order()
        return order.index(elem) if elem in order else -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:
        elem = self._widget.element_at(self._widget.mapFromGlobal(QPoint(x, y)).toPointF())
        return self.region(elem) if elem is not None else None

    def focusChild(self) -> QAccessibleInterface | None:
        elem = self._widget.focused_element()
        if elem is None or not self._widget.hasFocus():
            return None
        return self.region(elem)


def accessible_factory(_key: str, obj: QObject) -> QAccessibleInterface | None:
    """Qt's hook: the map gets its own interface; every other object the default."""
    from twitchlog.ui.body_map_widget import BodyMapWidget

    if isinstance(obj, BodyMapWidget):
        return BodyMapAccessible(obj)
    return None


_installed = False


def install() -> None:
    """Register the factory once per process."""
    global _installed
    if not _installed:
        QAccessible.installFactory(accessible_factory)
        _installed = True


def announce_focus(body_map: BodyMapWidget) -> None:
    """Tell assistive technology that the keyboard moved to another region."""
    elem = body_map.focused_element()
    if elem is None or not QAccessible.isActive():
        return
    iface = QAccessible.queryAccessibleInterface(body_map)
    if isinstance(iface, BodyMapAccessible):
        index = body_map.walk_order().index(elem)
        event = QAccessibleEvent(body_map, QAccessible.Event.Focus)
        event.setChild(index)
        QAccessible.updateAccessibility(event)
