"""The body map shaded by how often each place twitched (Insights, "Where" tab).

The same drawing as the episode form's body map (``resources/body_map.svg``), with each
region filled from light to dark by its episode count; hovering a region names it and
gives the count. Left and right count for their side; "both" and "unspecified" count
for both sides of a paired place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QEvent, QPointF, QRectF, QSize
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolTip, QVBoxLayout, QWidget

from twitchlog.analysis.results import LocationCount
from twitchlog.ui import theme
from twitchlog.ui.body_map_widget import (
    _themed_svg,
    element_id,
    parse_element_id,
    region_label,
)

_REGION_FILL = re.compile(rb'(<path id="([a-z-]+)" fill=")(#[0-9a-fA-F]{6})(")')


def region_counts(rows: Sequence[LocationCount], elements: set[str]
                  ) -> tuple[dict[str, int], int]:
    """Episodes per map region, and how many episodes are at places the map lacks."""
    counts: dict[str, int] = {}
    unmapped = 0
    for row in rows:
        if row.side in ("left", "right") and element_id(row.location, row.side) in elements:
            targets = [element_id(row.location, row.side)]
        elif element_id(row.location) in elements:
            targets = [element_id(row.location)]
        else:
            targets = [e for e in (element_id(row.location, "left"),
                                   element_id(row.location, "right")) if e in elements]
        if not targets:
            unmapped += row.count
        for elem in targets:
            counts[elem] = counts.get(elem, 0) + row.count
    return counts, unmapped


def shade(fraction: float, dark: bool) -> QColor:
    """Light (few) to dark (many) in the light look, dim to bright in the dark one; the
    lightness changes steadily, so the map reads in greyscale too."""
    low, high = (QColor("#fde0c5"), QColor("#8c1d04")) if not dark else (
        QColor("#4a3b2a"), QColor("#ffd166"))
    t = max(0.0, min(1.0, fraction))
    return QColor.fromRgbF(low.redF() + (high.redF() - low.redF()) * t,
                           low.greenF() + (high.greenF() - low.greenF()) * t,
                           low.blueF() + (high.blueF() - low.blueF()) * t)


class _MapCanvas(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.renderer = QSvgRenderer(self)
        self.counts: dict[str, int] = {}
        self.setMouseTracking(True)
        self.setMinimumSize(260, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(460, 265)

    def content_rect(self) -> QRectF:
        size = self.renderer.defaultSize()
        if size.isEmpty():
            return QRectF(self.rect())
        scale = min(self.width() / size.width(), self.height() / size.height())
        w, h = size.width() * scale, size.height() * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.renderer.isValid():
            self.renderer.render(painter, self.content_rect())
        painter.end()

    def element_at(self, pos: QPointF) -> str | None:
        size = self.renderer.defaultSize()
        rect = self.content_rect()
        if size.isEmpty() or not rect.contains(pos):
            return None
        x = (pos.x() - rect.x()) * size.width() / rect.width()
        y = (pos.y() - rect.y()) * size.height() / rect.height()
        best, area = None, float("inf")
        for elem in self.counts:
            bounds = self.renderer.transformForElement(elem).mapRect(
                self.renderer.boundsOnElement(elem))
            if bounds.contains(QPointF(x, y)) and bounds.width() * bounds.height() < area:
                best, area = elem, bounds.width() * bounds.height()
        return best

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        elem = self.element_at(event.position())
        if elem is None:
            QToolTip.hideText()
            return
        location, side = parse_element_id(elem)
        n = self.counts.get(elem, 0)
        QToolTip.showText(event.globalPosition().toPoint(),
                          f"{region_label(location, side)}: {n} episode{'s' if n != 1 else ''}",
                          self)


class InsightsBodyMapWidget(QWidget):
    """The shaded body map with a one-line key under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.map = _MapCanvas()
        self.map.setAccessibleName("Body map shaded by how often each place twitched")
        layout.addWidget(self.map, 1)
        self.key = QLabel("")
        self.key.setWordWrap(True)
        self.key.setProperty("role", "muted")
        layout.addWidget(self.key)
        self._rows: list[LocationCount] = []
        self.set_counts([])

    def set_counts(self, rows: Sequence[LocationCount]) -> None:
        """Shade the map for these (location, side) counts."""
        self._rows = list(rows)
        dark = theme.is_dark(self)
        source = _themed_svg(dark)
        elements = {m.group(2).decode() for m in _REGION_FILL.finditer(source)}
        counts, unmapped = region_counts(self._rows, elements)
        top = max(counts.values(), default=0)

        def fill(match: re.Match[bytes]) -> bytes:
            n = counts.get(match.group(2).decode(), 0)
            if not n:
                return match.group(0)
            colour = shade(n / top if top else 0.0, dark).name().encode()
            return match.group(1) + colour + match.group(4)

        self.map.counts = {e: counts.get(e, 0) for e in elements}
        self.map.renderer.load(QByteArray(_REGION_FILL.sub(fill, source)))
        self.map.update()
        if not counts and not unmapped:
            self.key.setText("No episodes logged in this period yet.")
        else:
            text = ("Darker: more episodes." if not dark else "Brighter: more episodes.")
            text += " Point at a place for its count."
            if unmapped:
                text += f" {unmapped} episode{'s' if unmapped != 1 else ''} at places the " \
                        "map does not show are in the chart only."
            self.key.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.set_counts(self._rows)

    def element_color(self, elem: str) -> QColor | None:
        """The fill drawn for a region (tests), None when it is not shaded."""
        return None if not self.map.counts.get(elem) else shade(
            self.map.counts[elem] / max(self.map.counts.values()), theme.is_dark(self))
