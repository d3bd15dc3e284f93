"""A laid-out report: pages of positioned text, boxes, lines and charts, in millimetres.

The layout is computed once (:mod:`twitchlog.report.layout`) and then drawn by two
back ends that do no layout of their own: the PDF writer (:mod:`twitchlog.report.pdf`)
and Qt's painter for the preview and for printing (``twitchlog.ui.report_preview_widget``).
So the preview, the printout and the PDF show the same pages, line for line.

Coordinates: origin at the top-left corner of the page, y grows downwards; text is
placed at its baseline. Colours are ``#rrggbb`` strings. Nothing here imports a PDF
library, matplotlib or Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from twitchlog.charts.palette import ChartPalette

#: Paper sizes in millimetres (width, height), portrait.
PAPER_SIZES: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "letter": (215.9, 279.4),
}
PAPER_LABELS = {"a4": "A4", "letter": "US Letter"}

FONT_FAMILY = "DejaVu Sans"
PT_TO_MM = 25.4 / 72.0


@dataclass(frozen=True, slots=True)
class TextOp:
    """One line of real text; ``(x, y)`` is the start of its baseline."""

    x: float
    y: float
    text: str
    size: float  # points
    bold: bool = False
    italic: bool = False
    color: str = "#1f2933"


@dataclass(frozen=True, slots=True)
class RectOp:
    """A rectangle; ``fill`` and ``stroke`` are colours or ``None``."""

    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    width: float = 0.3  # stroke width, mm


@dataclass(frozen=True, slots=True)
class LineOp:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str = "#9fb3c8"
    width: float = 0.3


@dataclass(slots=True)
class ChartSpec:
    """A chart of the report: ``draw(palette, width_in, height_in)`` returns a Figure.

    ``aspect`` is height / width. ``svg`` is filled in by
    :func:`twitchlog.report.figures.render_charts` just before a back end draws it.
    """

    key: str
    title: str
    caption: str
    aspect: float
    draw: Callable[[ChartPalette | None, float, float], Figure]
    alt_text: str = ""
    svg: str | None = None


@dataclass(frozen=True, slots=True)
class ChartOp:
    x: float
    y: float
    w: float
    h: float
    chart: ChartSpec


Op = TextOp | RectOp | LineOp | ChartOp


@dataclass(slots=True)
class Page:
    number: int
    ops: list[Op] = field(default_factory=list)
    bookmarks: list[tuple[str, float]] = field(default_factory=list)  # (title, y)


@dataclass(slots=True)
class Document:
    """Every page of a report, ready to draw."""

    paper: str
    width: float
    height: float
    title: str
    subject: str
    pages: list[Page] = field(default_factory=list)

    @property
    def charts(self) -> list[ChartSpec]:
        return [op.chart for page in self.pages for op in page.ops if isinstance(op, ChartOp)]

    def text(self, page: int | None = None) -> str:
        """The document's text in drawing order (tests and accessibility checks)."""
        pages = self.pages if page is None else [self.pages[page]]
        return "\n".join(op.text for p in pages for op in p.ops if isinstance(op, TextOp))
