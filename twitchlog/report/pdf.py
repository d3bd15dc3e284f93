"""Write a laid-out :class:`~twitchlog.report.document.Document` as PDF with fpdf2.

Only drawing happens here: text is placed with ``FPDF.text`` (real, selectable,
extractable text in an embedded, subsetted DejaVu Sans; never markdown or HTML, so
user text is printed literally), boxes and rules as vector paths, and charts as the
SVG matplotlib wrote, converted by fpdf2 into PDF vector paths with real text.
fpdf2 is imported when a report is rendered, never when the app starts.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime

from twitchlog.report.document import (
    FONT_FAMILY,
    ChartOp,
    Document,
    LineOp,
    RectOp,
    TextOp,
)
from twitchlog.report.fonts import add_fonts, style_of

_IMAGE_WITH_TRANSFORM = re.compile(r'<image\b([^>]*?)\btransform="([^"]*)"([^>]*?)/>', re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.S)
_FONT_SIZE_PX = re.compile(r"font-size:\s*([\d.]+)px")
_SVG_ROOT = re.compile(r"<svg\b([^>]*?)(?=\s*/?>)")


def render_pdf(document: Document, *, progress: Callable[[float], None] | None = None,
               created: datetime | None = None) -> bytes:
    """The PDF file's bytes. Charts must have their SVG (see ``figures.render_charts``).

    ``progress`` receives the fraction of pages written (0-1).
    """
    from fpdf import FPDF
    from fpdf.enums import ResourceAccessPolicy

    # fpdf2 logs every SVG feature it skips (matplotlib's <metadata>); nothing a user needs.
    logging.getLogger("fpdf.svg").setLevel(logging.ERROR)
    pdf = FPDF(unit="mm", format=(document.width, document.height))
    pdf.resource_access_policy = ResourceAccessPolicy.NONE  # never fetch anything
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(document.title)
    pdf.set_subject(document.subject)
    pdf.set_author("The patient (self-recorded)")
    pdf.set_creator("TwitchLog")
    pdf.set_lang("en")
    pdf.set_creation_date(created or datetime.now(UTC))
    pdf.set_display_mode("fullwidth", "single")
    add_fonts(pdf, _styles_used(document))
    state = _State(pdf)
    for index, page in enumerate(document.pages):
        pdf.add_page()
        for title, y in page.bookmarks:
            pdf.set_y(y)
            pdf.start_section(title)
        for op in page.ops:
            if isinstance(op, TextOp):
                state.text(op)
            elif isinstance(op, RectOp):
                state.rect(op)
            elif isinstance(op, LineOp):
                state.line(op)
            elif isinstance(op, ChartOp):
                _chart(pdf, op)
        if progress is not None:
            progress((index + 1) / len(document.pages))
    return bytes(pdf.output())


def _styles_used(document: Document) -> list[str]:
    """Regular and bold always; the oblique styles only when text or a chart uses them
    (loading a font costs a tenth of a second)."""
    italic = any(op.italic for page in document.pages for op in page.ops
                 if isinstance(op, TextOp))
    italic = italic or any(chart.svg and ("italic" in chart.svg or "oblique" in chart.svg)
                           for chart in document.charts)
    return ["", "B", "I", "BI"] if italic else ["", "B"]


class _State:
    """Sets fonts and colours only when they change (keeps the PDF small)."""

    def __init__(self, pdf: object) -> None:
        self.pdf = pdf
        self._font: tuple[str, float] | None = None
        self._text_color = ""
        self._fill = ""
        self._draw = ""
        self._width = -1.0

    def text(self, op: TextOp) -> None:
        pdf = self.pdf
        font = (style_of(op.bold, op.italic), op.size)
        if font != self._font:
            pdf.set_font(FONT_FAMILY, font[0], op.size)  # type: ignore[attr-defined]
            self._font = font
        if op.color != self._text_color:
            pdf.set_text_color(*_rgb(op.color))  # type: ignore[attr-defined]
            self._text_color = op.color
        pdf.text(op.x, op.y, op.text)  # type: ignore[attr-defined]

    def rect(self, op: RectOp) -> None:
        pdf = self.pdf
        style = ("F" if op.fill else "") + ("D" if op.stroke else "")
        if not style:
            return
        if op.fill and op.fill != self._fill:
            pdf.set_fill_color(*_rgb(op.fill))  # type: ignore[attr-defined]
            self._fill = op.fill
        if op.stroke:
            self._stroke(op.stroke, op.width)
        pdf.rect(op.x, op.y, op.w, op.h, style=style)  # type: ignore[attr-defined]

    def line(self, op: LineOp) -> None:
        self._stroke(op.color, op.width)
        self.pdf.line(op.x1, op.y1, op.x2, op.y2)  # type: ignore[attr-defined]

    def _stroke(self, color: str, width: float) -> None:
        if color != self._draw:
            self.pdf.set_draw_color(*_rgb(color))  # type: ignore[attr-defined]
            self._draw = color
        if width != self._width:
            self.pdf.set_line_width(width)  # type: ignore[attr-defined]
            self._width = width


def _chart(pdf: object, op: ChartOp) -> None:
    svg = op.chart.svg
    if svg is None:
        raise ValueError(f"chart {op.chart.key!r} was not rendered before writing the PDF")
    pdf.image(io.BytesIO(prepare_svg(svg).encode("utf-8")),  # type: ignore[attr-defined]
              x=op.x, y=op.y, w=op.w, h=op.h, alt_text=op.chart.alt_text or op.chart.title)


def prepare_svg(svg: str) -> str:
    """Adapt matplotlib's SVG to what fpdf2's converter understands.

    fpdf2 ignores a ``transform`` on ``<image>`` (matplotlib uses one to flip raster
    images such as heat maps), so the transform moves to a wrapping group; the
    ``<metadata>`` block is dropped. matplotlib's font sizes are in "px" meaning user
    units (its viewBox is in points), which fpdf2 would shrink to 0.75 pt each, so the
    unit is dropped to keep chart text at its intended size. SVG's default fill (black,
    which matplotlib leaves implicit on black text) is made explicit: fpdf2 would
    otherwise let the text inherit the page's current colour.
    """
    svg = _METADATA.sub("", svg)
    svg = _FONT_SIZE_PX.sub(r"font-size: \1", svg)
    svg = _SVG_ROOT.sub(r'<svg\1 fill="#000000"', svg, count=1)
    return _IMAGE_WITH_TRANSFORM.sub(r'<g transform="\2"><image\1\3/></g>', svg)


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
