"""A matplotlib Figure inside a widget, with a calm placeholder until there is one.

matplotlib's Qt canvas is imported the first time a figure is shown, never when the
window opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedLayout, QWidget

if TYPE_CHECKING:
    from matplotlib.figure import Figure


class ChartCanvasWidget(QWidget):
    """Shows one :class:`matplotlib.figure.Figure` (``FigureCanvasQTAgg``) or a message."""

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._figure: Figure | None = None
        self._canvas: QWidget | None = None
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel(placeholder)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setProperty("role", "muted")
        self._stack.addWidget(self.placeholder)
        self.setMinimumHeight(240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @property
    def figure(self) -> Figure | None:
        """The figure shown, or ``None``."""
        return self._figure

    @property
    def canvas(self) -> QWidget | None:
        return self._canvas

    def set_message(self, text: str) -> None:
        """Drop the figure and show ``text`` instead."""
        self._drop_canvas()
        self.placeholder.setText(text)
        self._stack.setCurrentWidget(self.placeholder)

    def set_figure(self, figure: Figure | None) -> None:
        """Show ``figure`` (built anywhere; drawn here, on the UI thread, when visible).

        A hidden widget (a background tab) only keeps the figure: its canvas is made, and
        the figure drawn, when the widget is first shown.
        """
        self._drop_canvas()
        self._figure = figure
        if self.isVisible():
            self._attach()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._figure is not None and self._canvas is None:
            self._attach()

    def _attach(self) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from twitchlog.charts import drawable_text

        if self._figure is None:
            return
        figure = drawable_text(self._figure)
        canvas = FigureCanvasQTAgg(figure)
        canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        canvas.setMinimumSize(200, 160)
        canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        canvas.setAccessibleName(figure_title(figure) or "Chart")
        self._canvas = canvas
        self._stack.addWidget(canvas)
        self._stack.setCurrentWidget(canvas)

    def _drop_canvas(self) -> None:
        if self._canvas is not None:
            self._stack.removeWidget(self._canvas)
            self._canvas.deleteLater()
            self._canvas = None
        self._figure = None


def figure_title(figure: Figure | None) -> str:
    """The bold title of a chart (its first axes' left title), for names and file names."""
    for ax in getattr(figure, "axes", []):
        title = ax.get_title(loc="left")
        if title:
            return str(title)
    return ""
