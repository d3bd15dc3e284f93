"""Where everything goes: :func:`layout` turns a ReportContent into pages of drawing ops.

Rules kept here: page one answers the doctor's questions; nothing (a chart, a table row,
a box, a heading without its first lines) is split across a page break; table headers
repeat on every page; every page gets its number, the total, the generation date and the
"self-recorded" footer. User text is only ever placed as plain text lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from twitchlog.report.content import (
    NO_ASSOCIATIONS,
    NO_WARNINGS,
    Item,
    KeyFigure,
    ReportContent,
    TableData,
)
from twitchlog.report.document import (
    PAPER_SIZES,
    ChartOp,
    ChartSpec,
    Document,
    LineOp,
    Op,
    Page,
    RectOp,
    TextOp,
)
from twitchlog.report.fonts import BREAKS, Measurer
from twitchlog.report.formatting import fmt_date

# --- the look ---------------------------------------------------------------------------

INK = "#1f2933"
MUTED = "#52606d"
HEADING = "#102a43"
RULE = "#bcccdc"
TILE_BG = "#f0f4f8"
TILE_EDGE = "#d9e2ec"
WARN_EDGE = "#9c4221"
WARN_BG = "#fff8f0"
WARN_INK = "#7b341e"
CALM_EDGE = "#829ab1"
CALM_BG = "#f5f7fa"
HEAD_BG = "#d9e2ec"
ZEBRA = "#f5f7fa"
ACCENT = "#486581"

TITLE_PT = 20.0
SUBTITLE_PT = 10.5
HEADING_PT = 12.5
BODY_PT = 9.5
SMALL_PT = 8.0
TINY_PT = 7.5
TILE_LABEL_PT = 7.5
TILE_VALUE_PT = 15.0
TABLE_PT = 7.5

MARGIN_X = 18.0
TOP = 18.0
HEADER_TOP = 20.0  # content top of pages after the first (below the running header)
BOTTOM_GAP = 22.0  # from the page's bottom edge to the end of the content area
GAP = 4.0
NOTE_MAX_LINES = 14  # a table cell never grows taller than this many lines


@dataclass(slots=True)
class Block:
    """Ops positioned relative to (0, 0) and the height they take."""

    height: float
    ops: list[Op]


def layout(content: ReportContent, paper: str = "a4", *,
           measurer: Measurer | None = None) -> Document:
    """Lay out every page of the report for ``paper`` ("a4" or "letter")."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper size {paper!r} (use a4 or letter)")
    composer = _Composer(measurer or Measurer(), paper)
    composer.page_one(content)
    if content.charts or content.charts_note:
        composer.charts(content.charts, content.charts_note)
    if content.weekly is not None:
        composer.table(content.weekly, new_page=len(composer.pages) == 1)
    if content.appendix is not None:
        composer.table(content.appendix, new_page=True)
    composer.finish(content)
    width, height = PAPER_SIZES[paper]
    subject = f"Self-recorded twitching log, {fmt_date(content.start)} to {fmt_date(content.end)}"
    return Document(paper=paper, width=width, height=height, title=content.title,
                    subject=subject, pages=composer.pages)


class _Composer:
    """A cursor over pages: places blocks, breaking pages only between blocks."""

    def __init__(self, measurer: Measurer, paper: str) -> None:
        self.m = measurer
        self.width, self.height = PAPER_SIZES[paper]
        self.left = MARGIN_X
        self.right = self.width - MARGIN_X
        self.content_w = self.right - self.left
        self.bottom = self.height - BOTTOM_GAP
        self.pages: list[Page] = []
        self.y = TOP
        self._new_page(first=True)

    # --- pages and placement ---------------------------------------------------------

    @property
    def page(self) -> Page:
        return self.pages[-1]

    @property
    def top(self) -> float:
        return TOP if len(self.pages) == 1 else HEADER_TOP

    def _new_page(self, first: bool = False) -> None:
        self.pages.append(Page(number=len(self.pages) + 1))
        self.y = TOP if first else HEADER_TOP

    def new_page(self) -> None:
        if self.y > self.top + 0.01:
            self._new_page()

    def remaining(self) -> float:
        return self.bottom - self.y

    def need(self, height: float) -> None:
        """Start a new page unless ``height`` fits below the cursor (or the page is fresh)."""
        if height > self.remaining() and self.y > self.top + 0.01:
            self._new_page()

    def place(self, block: Block, *, gap_after: float = 0.0) -> None:
        self.need(block.height)
        for op in block.ops:
            self.page.ops.append(_shift(op, self.left, self.y))
        self.y += block.height + gap_after

    def space(self, mm: float) -> None:
        self.y = min(self.y + mm, self.bottom)

    def bookmark(self, title: str) -> None:
        self.page.bookmarks.append((title, self.y))

    # --- building blocks -------------------------------------------------------------

    def text_lines(self, text: str, *, size: float = BODY_PT, width: float | None = None,
                   bold: bool = False, italic: bool = False, color: str = INK,
                   x: float = 0.0, leading: float = 1.38) -> Block:
        """Wrapped text as a block (user text is cleaned, never interpreted)."""
        width = self.content_w - x if width is None else width
        lines = self.m.wrap(self.m.clean(text), width, size, bold, italic)
        line_h = self.m.line_height(size, leading)
        ascent = size * 0.3528 * 0.95
        ops: list[Op] = [TextOp(x, ascent + i * line_h, line, size, bold, italic, color)
                         for i, line in enumerate(lines) if line]
        return Block(len(lines) * line_h, ops)

    def flow(self, text: str, *, size: float = BODY_PT, bold: bool = False,
             italic: bool = False, color: str = INK, x: float = 0.0,
             bar: str | None = None, gap_after: float = 0.0) -> None:
        """Text that may continue on the next page, line by line (long user text)."""
        lines = self.m.wrap(self.m.clean(text), self.content_w - x, size, bold, italic)
        line_h = self.m.line_height(size)
        ascent = size * 0.3528 * 0.95
        for line in lines:
            row = Block(line_h, [TextOp(x, ascent, line, size, bold, italic, color)]
                        if line else [])
            if bar:
                row.ops.insert(0, RectOp(0.0, 0.0, 1.2, line_h, fill=bar))
            self.place(row)
        self.y += gap_after

    def heading(self, title: str, *, keep: float = 24.0, size: float = HEADING_PT) -> None:
        """A section heading, kept on the same page as ``keep`` mm of what follows."""
        block = self.text_lines(title, size=size, bold=True, color=HEADING)
        block.height += 1.8
        self.need(block.height + keep)
        self.bookmark(title)
        self.place(block)

    # --- page one --------------------------------------------------------------------

    def page_one(self, c: ReportContent) -> None:
        title = self.text_lines(c.title, size=TITLE_PT, bold=True, color=HEADING)
        generated = f"Generated {fmt_date(c.generated)}"
        gen_w = self.m.width(generated, SMALL_PT)
        baseline = title.ops[0].y if title.ops else 0.0  # type: ignore[union-attr]
        title.ops.append(TextOp(self.content_w - gen_w, baseline, generated, SMALL_PT,
                                color=MUTED))
        self.bookmark(c.title)
        self.place(title, gap_after=2.5)
        self.place(self._facts_block(c), gap_after=2.0)
        self.page.ops.append(LineOp(self.left, self.y, self.right, self.y, RULE, 0.4))
        self.y += GAP + 1
        if c.nothing_logged:
            self.place(self._box([Block(0, [])], c.nothing_logged, CALM_EDGE, CALM_BG, INK,
                                 title_pt=12.0), gap_after=GAP + 2)
        if c.key_figures:
            self.place(self._answers(c.key_figures), gap_after=2.5)
            for line in (c.durations_by_kind, c.rates_note):
                if line:
                    self.place(self.text_lines(line, size=SMALL_PT, color=MUTED),
                               gap_after=0.8)
            self.y += GAP - 0.8
        if c.warnings_note or c.warnings:
            self.place(self._warnings_box(c), gap_after=GAP + 1.5)
        where = ("Where", c.locations, "No episodes logged in this period.")
        meds = ("Medications and supplements", c.medications, "None recorded.")
        columns = self._two_lists(where, meds) if c.key_figures else None
        if columns is not None and columns.height < (self.bottom - self.top) * 0.4:
            self.place(columns, gap_after=GAP)
        else:  # one after the other, item by item (a long list may continue overleaf)
            for head, items, empty in ((where, meds) if c.key_figures else (meds,)):
                if not items and not c.key_figures:
                    continue
                blocks = ([self._items([item], self.content_w) for item in items] or
                          [self.text_lines(empty, color=MUTED)])
                self.heading(head, keep=blocks[0].height)
                for block in blocks:
                    self.place(block, gap_after=0.8)
                self.y += GAP
        if c.questions:
            self.heading("Questions from the patient", keep=10)
            self.flow(c.questions, size=10.0, x=3.5, bar=ACCENT, gap_after=GAP)
        if c.associations_note:
            note = self.text_lines(c.associations_note, size=TINY_PT, color=MUTED)
            if c.associations:
                found = [self._items([item], self.content_w) for item in c.associations]
            else:
                found = [self.text_lines(NO_ASSOCIATIONS, bold=True)]
            keep = found[0].height + (note.height + 1.5 if len(found) == 1 else 0)
            self.heading("What goes with the twitching", keep=keep)
            for block in found:
                self.place(block, gap_after=1.6)
            self.place(note, gap_after=GAP)

    def _facts_block(self, c: ReportContent) -> Block:
        facts: list[tuple[str, str]] = []
        if c.patient_name or c.patient_dob:
            who = c.patient_name or "(name not entered)"
            if c.patient_dob:
                who += f"   \u00b7   born {c.patient_dob}"
            facts.append(("Patient", who))
        facts.append(("Period", c.period))
        facts.append(("Log completeness", c.completeness))
        label_w = max(self.m.width(label, SMALL_PT, bold=True) for label, _ in facts) + 4
        ops: list[Op] = []
        y = 0.0
        for label, value in facts:
            block = self.text_lines(value, size=SUBTITLE_PT, width=self.content_w - label_w,
                                    x=label_w, bold=label == "Patient")
            first_baseline = block.ops[0].y if block.ops else 0.0  # type: ignore[union-attr]
            ops.append(TextOp(0.0, y + first_baseline, label, SMALL_PT, True, color=MUTED))
            ops.extend(_shift(op, 0.0, y) for op in block.ops)
            y += block.height + 0.6
        return Block(y, ops)

    def _answers(self, figures: list[KeyFigure]) -> Block:
        """The key answers as a ruled table: label, a large value, then the details."""
        pad_x, pad_y = 3.5, 2.4
        label_w = 31.0
        value_w = 53.0
        detail_x = label_w + value_w
        detail_w = self.content_w - detail_x - pad_x
        ops: list[Op] = []
        y = 0.0
        rows: list[tuple[float, list[Op]]] = []
        for fig in figures:
            value = self.text_lines(fig.value, size=TILE_VALUE_PT, bold=True, color=HEADING,
                                    width=value_w - 4, leading=1.15)
            details = self.text_lines(" \u00b7 ".join(fig.lines), size=SMALL_PT + 0.5,
                                      width=detail_w, leading=1.32)
            label = self.text_lines(fig.label, size=TILE_LABEL_PT, bold=True, color=MUTED,
                                    width=label_w - pad_x - 2)
            height = max(value.height, details.height, label.height) + 2 * pad_y
            base = value.ops[0].y if value.ops else 0.0  # type: ignore[union-attr]
            row: list[Op] = []
            row.extend(_shift(op, pad_x, pad_y + base - label.ops[0].y)  # type: ignore[union-attr]
                       for op in label.ops)
            row.extend(_shift(op, label_w, pad_y) for op in value.ops)
            detail_top = pad_y + max(0.0, (value.height - details.height) / 2)
            row.extend(_shift(op, detail_x, detail_top) for op in details.ops)
            rows.append((height, row))
        total = sum(h for h, _ in rows)
        ops.append(RectOp(0, 0, self.content_w, total, fill=TILE_BG, stroke=TILE_EDGE,
                          width=0.25))
        for index, (height, row) in enumerate(rows):
            if index:
                ops.append(LineOp(0, y, self.content_w, y, TILE_EDGE, 0.3))
            ops.extend(_shift(op, 0, y) for op in row)
            y += height
        return Block(total, ops)

    def _warnings_box(self, c: ReportContent) -> Block:
        inner_w = self.content_w - 10
        parts: list[Block] = []
        if c.warnings:
            title = f"Warning signs logged: {len(c.warnings)} of 4 asked about"
            heads = [f"{sign.label} \u2013 {sign.days} day{'s' if sign.days != 1 else ''}"
                     for sign in c.warnings]
            head_w = min(inner_w * 0.62,
                         max(self.m.width(h, 10.0, bold=True) for h in heads) + 6)
            for sign, head in zip(c.warnings, heads, strict=True):
                label = self.text_lines(head, size=10.0, bold=True, color=WARN_INK,
                                        width=head_w - 5)
                dates = self.text_lines(sign.dates, size=10.0, width=inner_w - head_w,
                                        x=head_w)
                parts.append(Block(max(label.height, dates.height) + 0.8,
                                   label.ops + dates.ops))
            parts.append(Block(0.6, []))
            parts.append(self.text_lines(c.warnings_note, size=TINY_PT, color=MUTED,
                                         width=inner_w))
            return self._box(parts, title, WARN_EDGE, WARN_BG, WARN_INK, stroke_w=0.8)
        parts.append(self.text_lines(c.warnings_note, size=SMALL_PT, color=MUTED,
                                     width=inner_w))
        return self._box(parts, f"Warning signs: {NO_WARNINGS}", CALM_EDGE,
                         CALM_BG, HEADING, stroke_w=0.5)

    def _box(self, parts: list[Block], title: str, edge: str, fill: str, title_color: str,
             *, stroke_w: float = 0.5, title_pt: float = 10.5) -> Block:
        pad = 4.0
        inner_w = self.content_w - 2 * pad - 1
        head = self.text_lines(title, size=title_pt, bold=True, color=title_color,
                               width=inner_w)
        ops: list[Op] = []
        y = pad
        ops.extend(_shift(op, pad + 1, y) for op in head.ops)
        y += head.height + (1.2 if any(p.ops for p in parts) else 0)
        for part in parts:
            ops.extend(_shift(op, pad + 1, y) for op in part.ops)
            y += part.height
        height = y + pad - 1.0
        frame: list[Op] = [RectOp(0, 0, self.content_w, height, fill=fill, stroke=edge,
                                  width=stroke_w),
                           RectOp(0, 0, 2.2, height, fill=edge)]
        return Block(height, frame + ops)

    def _items(self, items: list[Item], width: float, *, size: float = BODY_PT) -> Block:
        """A bulleted list; each item's detail in small grey type below it."""
        ops: list[Op] = []
        y = 0.0
        gap = 0.0
        for item in items:
            text = self.text_lines(item.text, size=size, width=width - 4, x=4)
            first = text.ops[0].y if text.ops else 0.0  # type: ignore[union-attr]
            ops.append(TextOp(0.5, y + first, "\u2022", size, color=ACCENT))
            ops.extend(_shift(op, 0, y) for op in text.ops)
            y += text.height
            if item.detail:
                detail = self.text_lines(item.detail, size=TINY_PT, color=MUTED,
                                         width=width - 4, x=4)
                ops.extend(_shift(op, 0, y) for op in detail.ops)
                y += detail.height
            gap = 1.6 if item.detail else 0.8
            y += gap
        return Block(max(0.0, y - gap), ops) if items else Block(0.0, ops)

    def _two_lists(self, *lists: tuple[str, list[Item], str]) -> Block:
        gap = 6.0
        col_w = (self.content_w - gap) / 2
        ops: list[Op] = []
        height = 0.0
        for i, (title, items, empty) in enumerate(lists):
            x = i * (col_w + gap)
            head = self.text_lines(title, size=HEADING_PT, bold=True, color=HEADING,
                                   width=col_w)
            y = head.height + 1.8
            ops.extend(_shift(op, x, 0) for op in head.ops)
            body = (self._items(items, col_w) if items
                    else self.text_lines(empty, color=MUTED, width=col_w))
            ops.extend(_shift(op, x, y) for op in body.ops)
            height = max(height, y + body.height)
        return Block(height, ops)

    # --- charts ----------------------------------------------------------------------

    def charts(self, charts: list[ChartSpec], note: str = "") -> None:
        if len(self.pages) == 1:
            self.new_page()
        self.heading("Charts", keep=90 if charts else 10)
        if note:
            self.place(self.text_lines(note, size=SMALL_PT, color=MUTED), gap_after=GAP)
        for chart in charts:
            # The chart carries its own title; the caption below says how to read it.
            caption = self.text_lines(chart.caption, size=SMALL_PT, color=MUTED)
            chart_h = self.content_w * chart.aspect
            chart_h = min(chart_h, self.bottom - self.top - caption.height - 4)
            chart_w = min(self.content_w, chart_h / chart.aspect)
            ops: list[Op] = [ChartOp((self.content_w - chart_w) / 2, 0.0, chart_w, chart_h,
                                     chart)]
            ops.extend(_shift(op, 0, chart_h + 1.5) for op in caption.ops)
            block = Block(chart_h + 1.5 + caption.height, ops)
            self.need(block.height)
            self.bookmark(chart.title)
            self.place(block, gap_after=GAP * 2.5)

    # --- tables ----------------------------------------------------------------------

    def table(self, data: TableData, *, new_page: bool) -> None:
        if new_page:
            self.new_page()
        widths = self._column_widths(data)
        header = self._table_header(data, widths)
        intro = self.text_lines(data.intro, size=SMALL_PT, color=MUTED)
        first_row = self._table_row(data, widths, data.rows[0], 0) if data.rows else Block(0, [])
        self.heading(data.title, keep=intro.height + header.height + first_row.height + 2)
        self.place(intro, gap_after=2.0)
        self.place(header)
        for index, cells in enumerate(data.rows):
            row = first_row if index == 0 else self._table_row(data, widths, cells, index)
            if row.height > self.remaining():
                self._new_page()
                cont = self.text_lines(f"{data.title} (continued)", size=SMALL_PT, bold=True,
                                       color=MUTED)
                self.place(cont, gap_after=1.0)
                self.place(header)
            self.place(row)
        self.y += GAP

    def _column_widths(self, data: TableData) -> list[float]:
        """Each column at least as wide as its longest header word and (unless it wraps)
        its widest cell; the room left is shared by weight. Too many columns for the
        page fall back to plain weights (cells then wrap)."""
        pad = 2 * 1.2 + 0.6
        needed = []
        words_fit = []  # a header never breaks inside a word
        cell_words_fit = []  # nor, where there is room, a cell ("31 Au" / "g")
        head_pt = self.header_size(data)
        for index, col in enumerate(data.columns):
            words = col.title.split() or [""]
            width = max(self.m.width(w, head_pt, bold=True) for w in words)
            words_fit.append(width + pad)
            cells = [row[index] for row in data.rows[:600]] if not col.wrap else []
            cell_words_fit.append(max([width, *(self.m.width(w, TABLE_PT) for cell in cells
                                                for w in BREAKS.split(cell))]) + pad)
            if not col.wrap:
                width = max([width, *(self.m.width(cell, TABLE_PT) for cell in cells)])
            needed.append(width + pad)
        total = self.content_w
        weight = sum(col.weight for col in data.columns)
        if sum(needed) > total:
            if sum(words_fit) <= total:
                return self._fit_cheapest_first(data, words_fit, [cell_words_fit, needed])
            return [total * col.weight / weight for col in data.columns]
        spare = total - sum(needed)
        flexible = [col.weight if col.wrap else col.weight * 0.25 for col in data.columns]
        share = sum(flexible)
        return [n + spare * f / share for n, f in zip(needed, flexible, strict=True)]

    def _fit_cheapest_first(self, data: TableData, widths: list[float],
                            targets: list[list[float]]) -> list[float]:
        """Not every column fits its widest cell: widen the columns that need least
        first, towards each target in turn (whole words, then whole cells), so as many
        as possible keep their cells unbroken (a week's date on three lines tripled
        every row); what is left is shared by weight."""
        widths = list(widths)
        spare = self.content_w - sum(widths)
        for target in targets:
            for index in sorted(range(len(widths)), key=lambda i: target[i] - widths[i]):
                extra = target[index] - widths[index]
                if 0 < extra <= spare:
                    widths[index] += extra
                    spare -= extra
        weight = sum(col.weight for col in data.columns)
        return [w + spare * col.weight / weight
                for w, col in zip(widths, data.columns, strict=True)]

    def header_size(self, data: TableData) -> float:
        """The header's type size: a little smaller than the cells, and smaller still when
        the longest word of every header would not fit side by side (many columns)."""
        size = TABLE_PT - 0.5
        pad = 2 * 1.2 + 0.6
        longest = sum(max(self.m.width(w, size, bold=True) for w in (c.title.split() or [""]))
                      for c in data.columns)
        room = self.content_w - pad * len(data.columns)
        return size if longest <= room else max(5.0, size * room / longest * 0.98)

    def _table_header(self, data: TableData, widths: list[float]) -> Block:
        pad = 1.2
        head_pt = self.header_size(data)
        cells = [self.text_lines(col.title, size=head_pt, bold=True, color=HEADING,
                                 width=w - 2 * pad) for col, w in zip(data.columns, widths,
                                                                       strict=True)]
        height = max(c.height for c in cells) + 2 * pad + 0.4
        ops: list[Op] = [RectOp(0, 0, self.content_w, height, fill=HEAD_BG)]
        x = 0.0
        for col, w, cell in zip(data.columns, widths, cells, strict=True):
            ops.extend(self._aligned(cell, col.align, x, w, pad, pad + 0.2, head_pt, True))
            x += w
        ops.append(LineOp(0, height, self.content_w, height, ACCENT, 0.35))
        return Block(height, ops)

    def _table_row(self, data: TableData, widths: list[float], cells: list[str],
                   index: int) -> Block:
        pad = 1.1
        blocks = []
        for col, w, text in zip(data.columns, widths, cells, strict=True):
            block = self.text_lines(text, size=TABLE_PT, width=w - 2 * pad, leading=1.3)
            blocks.append(self._clip_lines(block, NOTE_MAX_LINES, col.align))
        height = max(b.height for b in blocks) + 2 * pad
        ops: list[Op] = []
        if index % 2 == 1:
            ops.append(RectOp(0, 0, self.content_w, height, fill=ZEBRA))
        x = 0.0
        for col, w, block in zip(data.columns, widths, blocks, strict=True):
            ops.extend(self._aligned(block, col.align, x, w, pad, pad, TABLE_PT, False))
            x += w
        ops.append(LineOp(0, height, self.content_w, height, TILE_EDGE, 0.2))
        return Block(height, ops)

    def _clip_lines(self, block: Block, max_lines: int, align: str) -> Block:
        lines = [op for op in block.ops if isinstance(op, TextOp)]
        if len(lines) <= max_lines:
            return block
        line_h = block.height / max(1, len(lines))
        kept = lines[:max_lines]
        last = kept[-1]
        kept[-1] = TextOp(last.x, last.y, last.text.rstrip() + " \u2026 (shortened)", last.size,
                          last.bold, last.italic, last.color)
        return Block(line_h * max_lines, list(kept))

    def _aligned(self, block: Block, align: str, x: float, w: float, pad: float, y: float,
                 size: float, bold: bool) -> list[Op]:
        out: list[Op] = []
        for op in block.ops:
            if not isinstance(op, TextOp):
                continue
            if align == "right":
                dx = x + w - pad - self.m.width(op.text, size, bold)
            elif align == "center":
                dx = x + (w - self.m.width(op.text, size, bold)) / 2
            else:
                dx = x + pad
            out.append(_shift(op, dx, y))
        return out

    # --- running header and footer ---------------------------------------------------

    def finish(self, c: ReportContent) -> None:
        total = len(self.pages)
        running = " ".join(self.m.clean(c.running_title).split())  # one line, whatever the name
        foot_y = self.height - 12.0
        for page in self.pages:
            ops: list[Op] = [LineOp(self.left, self.height - 16.5, self.right,
                                    self.height - 16.5, RULE, 0.3)]
            ops.append(TextOp(self.left, foot_y, c.footer, SMALL_PT, color=MUTED))
            generated = f"Generated {fmt_date(c.generated)}"
            gen_w = self.m.width(generated, SMALL_PT)
            ops.append(TextOp((self.width - gen_w) / 2 + 12, foot_y, generated, SMALL_PT,
                              color=MUTED))
            number = f"Page {page.number} of {total}"
            ops.append(TextOp(self.right - self.m.width(number, SMALL_PT, True), foot_y,
                              number, SMALL_PT, True, color=INK))
            if page.number > 1:
                head = self.m.fit(running, self.content_w, SMALL_PT)
                ops.append(TextOp(self.left, 11.5, head, SMALL_PT, color=MUTED))
                ops.append(LineOp(self.left, 13.5, self.right, 13.5, RULE, 0.3))
            page.ops.extend(ops)


def _shift(op: Op, dx: float, dy: float) -> Op:
    if isinstance(op, TextOp):
        return TextOp(op.x + dx, op.y + dy, op.text, op.size, op.bold, op.italic, op.color)
    if isinstance(op, RectOp):
        return RectOp(op.x + dx, op.y + dy, op.w, op.h, op.fill, op.stroke, op.width)
    if isinstance(op, LineOp):
        return LineOp(op.x1 + dx, op.y1 + dy, op.x2 + dx, op.y2 + dy, op.color, op.width)
    return ChartOp(op.x + dx, op.y + dy, op.w, op.h, op.chart)

