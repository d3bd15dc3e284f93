"""Fusion with control edges a low-vision user can see (WCAG 2.1: 3:1 against the page).

Fusion draws the outline of check boxes, radio buttons, fields, buttons and sliders a
shade darker than the window colour: about 1.2:1 in the dark look, so an unticked
warning sign all but vanishes. This style keeps Fusion's drawing and strokes each
control's edge once more in the theme's ``border`` colour.

Fusion also fills a tab page a shade lighter than a button, which in the dark look is
light enough to pull muted text and field edges on a tab (Settings, Manage) below their
ratios; the page is filled from the window colour instead, as every ratio assumes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QStyleOptionComplex, QWidget

PE = QStyle.PrimitiveElement
CC = QStyle.ComplexControl
_BOXES = {PE.PE_IndicatorCheckBox, PE.PE_FrameLineEdit, PE.PE_PanelButtonCommand,
          PE.PE_IndicatorItemViewItemCheck}
RADIUS = 2.5


class ContrastStyle(QProxyStyle):
    """Fusion, with every control's boundary stroked in the colour ``border_for`` gives
    for the widget's palette (so a light and a dark window can never disagree)."""

    def __init__(self, border_for: Callable[[QPalette], QColor]) -> None:
        super().__init__("Fusion")
        self._border_for = border_for

    def drawPrimitive(self, element: PE, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        if element == PE.PE_FrameTabWidget:
            option = type(option)(option)  # a copy: the caller's option stays as it was
            palette = QPalette(option.palette)
            palette.setColor(QPalette.ColorRole.Button,
                             palette.color(QPalette.ColorRole.Window))
            option.palette = palette
        super().drawPrimitive(element, option, painter, widget)
        if element in _BOXES:
            self._stroke(painter, option, QRectF(option.rect), round_shape=False)
        elif element == PE.PE_IndicatorRadioButton:
            self._stroke(painter, option, QRectF(option.rect), round_shape=True)

    def drawComplexControl(self, control: CC, option: QStyleOptionComplex,
                           painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control == CC.CC_Slider:
            for part in (QStyle.SubControl.SC_SliderGroove, QStyle.SubControl.SC_SliderHandle):
                rect = self.subControlRect(control, option, part,
                                           widget)  # type: ignore[arg-type]  # None is fine in Qt
                self._stroke(painter, option, QRectF(rect), round_shape=False)
        elif control == CC.CC_SpinBox and getattr(option, "frame", True):
            self._stroke(painter, option, QRectF(option.rect), round_shape=False)

    def _stroke(self, painter: QPainter, option: QStyleOption, rect: QRectF, *,
                round_shape: bool) -> None:
        if rect.width() < 4 or rect.height() < 4:
            return
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        color = QColor(self._border_for(option.palette))
        if not enabled:
            color.setAlphaF(0.45)  # inactive controls are exempt from 3:1, and look it
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(color, 1.0))
        painter.setBrush(QColor(0, 0, 0, 0))
        inner = rect.adjusted(0.5, 0.5, -0.5, -0.5)
        if round_shape:
            painter.drawEllipse(inner)
        else:
            painter.drawRoundedRect(inner, RADIUS, RADIUS)
        painter.restore()
