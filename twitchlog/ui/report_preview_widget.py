"""Drawing report pages with Qt: the live preview of page one, and printing.

The pages come from :mod:`twitchlog.report.layout` already laid out, so this module only
replays them: the same lines of text in the same font (DejaVu Sans, registered with Qt
from matplotlib's copy), the same boxes, and the charts from the SVG the PDF embeds.
What the preview shows and what the printer prints is therefore what the PDF contains.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMarginsF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from twitchlog.report.document import (
    FONT_FAMILY,
    PT_TO_MM,
    ChartOp,
    Document,
    LineOp,
    Page,
    RectOp,
    TextOp,
)

#: Text is drawn at this many font "pixels" per millimetre and scaled down, because Qt
#: font pixel sizes are whole numbers and a page is only ~200 mm wide.
_TEXT_SCALE = 100.0
_fonts_registered = False


def register_report_fonts() -> None:
    """Make the report's TrueType files known to Qt (once per process)."""
    global _fonts_registered
    if _fonts_registered:
        return
    from twitchlog.report.fonts import font_paths

    for path in font_paths().values():
        QFontDatabase.addApplicationFont(str(path))
    _fonts_registered = True


def paint_page(painter: QPainter, document: Document, index: int, target: QRectF) -> None:
    """Draw page ``index`` of ``document`` scaled to fit ``target`` (device coordinates)."""
    register_report_fonts()
    page: Page = document.pages[index]
    scale = min(target.width() / document.width, target.height() / document.height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    painter.translate(target.x() + (target.width() - document.width * scale) / 2,
                      target.y() + (target.height() - document.height * scale) / 2)
    painter.scale(scale, scale)
    painter.fillRect(QRectF(0, 0, document.width, document.height), QColor("#ffffff"))
    fonts: dict[tuple[float, bool, bool], QFont] = {}
    for op in page.ops:
        if isinstance(op, TextOp):
            _text(painter, op, fonts)
        elif isinstance(op, RectOp):
            _rect(painter, op)
        elif isinstance(op, LineOp):
            painter.setPen(QPen(QColor(op.color), op.width))
            painter.drawLine(QPointF(op.x1, op.y1), QPointF(op.x2, op.y2))
        elif isinstance(op, ChartOp):
            _chart(painter, op)
    painter.restore()


def _text(painter: QPainter, op: TextOp, fonts: dict[tuple[float, bool, bool], QFont]) -> None:
    key = (op.size, op.bold, op.italic)
    font = fonts.get(key)
    if font is None:
        font = QFont(FONT_FAMILY)
        font.setPixelSize(max(1, round(op.size * PT_TO_MM * _TEXT_SCALE)))
        font.setBold(op.bold)
        font.setItalic(op.italic)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        font.setKerning(False)
        fonts[key] = font
    painter.save()
    painter.translate(op.x, op.y)
    painter.scale(1 / _TEXT_SCALE, 1 / _TEXT_SCALE)
    painter.setFont(font)
    painter.setPen(QColor(op.color))
    painter.drawText(QPointF(0, 0), op.text)
    painter.restore()


def _rect(painter: QPainter, op: RectOp) -> None:
    rect = QRectF(op.x, op.y, op.w, op.h)
    if op.fill:
        painter.fillRect(rect, QColor(op.fill))
    if op.stroke:
        painter.setPen(QPen(QColor(op.stroke), op.width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = op.width / 2
        painter.drawRect(rect.adjusted(half, half, -half, -half))


def _chart(painter: QPainter, op: ChartOp) -> None:
    rect = QRectF(op.x, op.y, op.w, op.h)
    if op.chart.svg is None:  # previews do not draw charts: a quiet placeholder
        painter.setPen(QPen(QColor("#bcccdc"), 0.3, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        return
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(op.chart.svg.encode("utf-8")))
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    renderer.render(painter, rect)


def print_document(device: QPaintDevice, document: Document, first: int = 1,
                   last: int | None = None) -> int:
    """Paint pages ``first``..``last`` (1-based, inclusive) on a printer (or any paint
    device with ``newPage``); each page is scaled to the device's full page. Returns the
    number of pages painted."""
    last = min(last or len(document.pages), len(document.pages))
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("The printer could not be started.")
    painted = 0
    try:
        for index in range(first - 1, last):
            if painted:
                device.newPage()  # type: ignore[attr-defined]
            target = QRectF(0, 0, device.width(), device.height())
            paint_page(painter, document, index, target)
            painted += 1
    finally:
        painter.end()
    return painted


def page_layout_for(paper: str) -> QPageLayout:
    """The printer page layout for the report's paper ("a4" or "letter"), with no
    margins (the report has its own)."""
    size = QPageSize(QPageSize.PageSizeId.Letter if paper == "letter"
                     else QPageSize.PageSizeId.A4)
    return QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))


class PagePreviewWidget(QWidget):
    """One report page drawn as a sheet of paper, as wide as the widget allows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document: Document | None = None
        self._page = 0
        self._message = ""
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumWidth(260)
        self.setAccessibleName("Preview of the report's first page")

    @property
    def document(self) -> Document | None:
        return self._document

    def set_document(self, document: Document | None, page: int = 0) -> None:
        self._document = document
        self._page = page
        self._message = ""
        if document is not None:
            self.setAccessibleDescription(document.text(page))
        self.updateGeometry()
        self.update()

    def set_message(self, text: str) -> None:
        """Shown instead of the page (while there is none to show, or on an error)."""
        self._message = text
        self.update()

    def _aspect(self) -> float:
        doc = self._document
        return doc.height / doc.width if doc is not None else 297 / 210

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return int((width - 24) * self._aspect()) + 24

    def sizeHint(self) -> QSize:
        return QSize(620, self.heightForWidth(620))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        sheet_w = self.width() - 24
        sheet = QRectF(12, 12, sheet_w, sheet_w * self._aspect())
        painter.fillRect(sheet.translated(2, 3), QColor(0, 0, 0, 40))
        painter.fillRect(sheet, QColor("#ffffff"))
        if self._document is not None and self._document.pages:
            paint_page(painter, self._document, self._page, sheet)
        if self._message:
            painter.setPen(QColor("#52606d"))
            painter.drawText(sheet.adjusted(24, 24, -24, -24),
                             int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
                             self._message)
        painter.end()
