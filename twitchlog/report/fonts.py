"""The report's font: DejaVu Sans, the TrueType font that ships with matplotlib.

Using matplotlib's copy means no system font is needed, every platform prints the same
glyphs (wide Unicode coverage: accents, Greek, Cyrillic, symbols), and the charts, which
matplotlib draws in DejaVu Sans by default, match the text around them.

:class:`Measurer` measures and wraps text with the same font metrics the PDF writer
uses, so the layout knows exactly where every line ends.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from twitchlog.printable import without_controls
from twitchlog.report.document import FONT_FAMILY, PT_TO_MM

#: fpdf2 style -> file name in matplotlib's ``fonts/ttf`` folder.
FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}

BREAKS = re.compile(r"[^\S\u00a0]+")  # whitespace a line may break at
_REPLACEMENT = "\ufffd"


@functools.cache
def font_paths() -> dict[str, Path]:
    """Style -> TTF path (imports matplotlib only to find its data folder)."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {style: folder / name for style, name in FONT_FILES.items()}


def style_of(bold: bool, italic: bool) -> str:
    return ("B" if bold else "") + ("I" if italic else "")


def add_fonts(pdf: Any, styles: Iterable[str] = ("", "B")) -> None:
    """Register DejaVu Sans ``styles`` on an ``fpdf.FPDF`` under :data:`FONT_FAMILY`."""
    paths = font_paths()
    for style in styles:
        pdf.add_font(FONT_FAMILY, style, str(paths[style]))


@dataclass(frozen=True, slots=True)
class _Metrics:
    """Advance widths (1/1000 em) by code point, as fpdf2 measures them."""

    widths: dict[int, int]
    missing: int


_metrics_lock = threading.Lock()
_metrics: dict[str, _Metrics] = {}


def _font_metrics(style: str) -> _Metrics:
    """Read a style's widths once per process (fontTools parses the font, ~0.1 s)."""
    with _metrics_lock:
        found = _metrics.get(style)
        if found is None:
            from fontTools.ttLib import TTFont

            font = TTFont(str(font_paths()[style]), lazy=True)
            scale = 1000 / font["head"].unitsPerEm
            hmtx = font["hmtx"].metrics
            widths = {code: round(scale * hmtx[glyph][0] + 0.001)
                      for code, glyph in font.getBestCmap().items()}
            found = _Metrics(widths, round(scale * hmtx[".notdef"][0]))
            _metrics[style] = found
            font.close()
        return found


class Measurer:
    """Text widths (mm) and line wrapping with the report font's real metrics.

    The widths are the ones fpdf2 uses when it writes the text (advance widths, no
    kerning), so a line the layout measured to fit does fit on the page.
    """

    def __init__(self) -> None:
        self._fonts = {style: _font_metrics(style) for style in ("", "B")}
        self._charset = frozenset(self._fonts[""].widths)
        self._widths: dict[tuple[str, str], float] = {}

    def clean(self, text: str) -> str:
        """Printable text: tabs become spaces, control characters and bidi overrides go, and
        characters the font cannot draw become U+FFFD (never a blank or a crash)."""
        text = without_controls(unicodedata.normalize("NFC", text.replace("\t", "    ")))
        if all(ord(ch) in self._charset or ch in "\n\r" for ch in text):
            return text
        return "".join(ch if ord(ch) in self._charset or ch in "\n\r" else _REPLACEMENT
                       for ch in text)

    def width(self, text: str, size: float, bold: bool = False, italic: bool = False) -> float:
        """Width in mm of ``text`` at ``size`` points (italic has the upright widths)."""
        style = "B" if bold else ""
        key = (style, text)
        units = self._widths.get(key)
        if units is None:
            metrics = self._fonts[style]
            get, missing = metrics.widths.get, metrics.missing
            units = float(sum(get(ord(ch), missing) for ch in text))
            if len(text) < 40:
                self._widths[key] = units
        return units * size * 0.001 * PT_TO_MM

    @staticmethod
    def line_height(size: float, leading: float = 1.38) -> float:
        return size * PT_TO_MM * leading

    def wrap(self, text: str, width: float, size: float, bold: bool = False,
             italic: bool = False) -> list[str]:
        """Greedy word wrap into lines no wider than ``width``; explicit line breaks kept;
        words longer than a line (URLs) are broken between characters."""
        lines: list[str] = []
        for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            lines.extend(self._wrap_paragraph(paragraph.rstrip(), width, size, bold, italic))
        return lines

    def _wrap_paragraph(self, paragraph: str, width: float, size: float, bold: bool,
                        italic: bool) -> list[str]:
        if not paragraph.strip():
            return [""]
        indent = paragraph[: len(paragraph) - len(paragraph.lstrip(" "))]
        words = BREAKS.split(paragraph.strip())  # a no-break space (U+00A0) holds
        space = self.width(" ", size, bold, italic)
        lines: list[str] = []
        current = indent
        current_w = self.width(indent, size, bold, italic) if indent else 0.0
        for word in words:
            word_w = self.width(word, size, bold, italic)
            gap = space if current.strip() else 0.0
            if current_w + gap + word_w <= width:
                current = f"{current} {word}" if current.strip() else current + word
                current_w += gap + word_w
                continue
            if current.strip():
                lines.append(current)
                current, current_w = "", 0.0
            if word_w <= width:
                current, current_w = word, word_w
                continue
            pieces = self._break_word(word, width, size, bold, italic)
            lines.extend(pieces[:-1])
            current = pieces[-1]
            current_w = self.width(current, size, bold, italic)
        if current.strip() or not lines:
            lines.append(current)
        return lines

    def _break_word(self, word: str, width: float, size: float, bold: bool,
                    italic: bool) -> list[str]:
        pieces: list[str] = []
        current = ""
        for ch in word:
            if current and self.width(current + ch, size, bold, italic) > width:
                pieces.append(current)
                current = ch
            else:
                current += ch
        pieces.append(current)
        return pieces

    def fit(self, text: str, width: float, size: float, bold: bool = False) -> str:
        """``text`` shortened with an ellipsis to fit on one line of ``width``."""
        if self.width(text, size, bold) <= width:
            return text
        while text and self.width(text + "\u2026", size, bold) > width:
            text = text[:-1]
        return text + "\u2026"
