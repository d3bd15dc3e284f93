"""Shared figure plumbing: palette-aware figures, axes styling, titles, empty states.

Loads matplotlib (the object-oriented API only; pyplot is never imported).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from twitchlog.charts.palette import ChartPalette
from twitchlog.printable import without_controls

#: Default width in inches; A4 text width is about 6.7 in, US Letter 6.9 in.
DEFAULT_WIDTH = 8.0
FONT_SIZE = 9.0
TITLE_SIZE = 11.5


def palette_or_default(palette: ChartPalette | None) -> ChartPalette:
    return palette if palette is not None else ChartPalette.light()


def new_figure(palette: ChartPalette, width: float, height: float, dpi: float = 100.0
               ) -> Figure:
    """A figure in the palette's colours, with constrained layout (labels never clipped)."""
    fig = Figure(figsize=(width, height), dpi=dpi, facecolor=palette.background,
                 layout="constrained")
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(h_pad=0.06, w_pad=0.06)
    return fig


def style_axes(ax: Axes, palette: ChartPalette, *,
               grid_axis: Literal["both", "x", "y"] | None = "y") -> None:
    """Palette colours on an axes: face, spines, ticks, labels and a light grid."""
    ax.set_facecolor(palette.background)
    for name, spine in ax.spines.items():
        if name in ("top", "right"):
            spine.set_visible(False)
        else:
            spine.set_color(palette.muted_text)
    ax.tick_params(colors=palette.text, labelsize=FONT_SIZE, length=3)
    ax.xaxis.label.set_color(palette.text)
    ax.yaxis.label.set_color(palette.text)
    ax.xaxis.label.set_fontsize(FONT_SIZE)
    ax.yaxis.label.set_fontsize(FONT_SIZE)
    if grid_axis:
        ax.grid(True, axis=grid_axis, color=palette.grid, linewidth=0.6)
        ax.set_axisbelow(True)


def integer_ticks(axis: Any) -> None:
    """Whole-number ticks on an axis of counts: no "2.5 episodes".

    As many as the axis has room for ("auto"): a narrow chart gets fewer ticks rather
    than labels that run into each other.
    """
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins="auto", integer=True, min_n_ticks=2))


def short_name(name: str, limit: int = 26) -> str:
    """A long place or factor name shortened with "…" so a chart keeps its plot area."""
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


def set_titles(ax: Axes, palette: ChartPalette, title: str, subtitle: str = "") -> None:
    """A bold left-aligned title, and a smaller muted line between it and the plot."""
    pad = 6.0
    if subtitle:
        lines = subtitle.count("\n") + 1
        ax.annotate(subtitle, xy=(0.0, 1.0), xycoords="axes fraction", xytext=(0, 5),
                    textcoords="offset points", ha="left", va="bottom",
                    color=palette.muted_text, fontsize=FONT_SIZE - 0.5)
        pad = 9.0 + lines * (FONT_SIZE + 3)
    ax.set_title(title, loc="left", color=palette.text, fontsize=TITLE_SIZE,
                 fontweight="bold", pad=pad)


def empty_message(ax: Axes, palette: ChartPalette, message: str) -> None:
    """A calm note in the middle of an axes that has nothing to show yet."""
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center",
            color=palette.muted_text, fontsize=FONT_SIZE + 1, wrap=True)


def legend(ax: Axes, palette: ChartPalette, handles: Sequence[Any], **kwargs: Any) -> None:
    if not handles:
        return
    options: dict[str, Any] = {"loc": "upper left", "fontsize": FONT_SIZE - 0.5, "frameon": False,
               "labelcolor": palette.text}
    options.update(kwargs)
    ax.legend(handles=list(handles), **options)


def heat_colormap(palette: ChartPalette) -> Any:
    """The palette's sequential colour map; on dark backgrounds zero starts a little above
    black so "none" stays distinguishable from the background."""
    from matplotlib import colormaps
    from matplotlib.colors import ListedColormap

    cmap = colormaps[palette.heat_cmap]
    if palette.name != "dark":
        return cmap
    return ListedColormap(cmap(np.linspace(0.18, 1.0, 256)), name=f"{cmap.name}_floor")


def more_is(palette: ChartPalette) -> str:
    """How "more" looks on the heat maps: "darker" or "brighter"."""
    return "brighter" if palette.name == "dark" else "darker"


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start index, length) of each run of True in ``mask``."""
    if not len(mask):
        return []
    padded = np.concatenate([[False], mask.astype(bool), [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b - a)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def coverage_text(days_tracked: int, days_in_range: int) -> str:
    share = 100 * days_tracked / days_in_range if days_in_range else 0
    return f"{days_tracked} of {days_in_range} days tracked ({share:.0f}%)"


def drawable_text(fig: Figure) -> Figure:
    """``fig`` with control characters and bidi overrides left out of every label.

    Names and notes in an older journal can hold them; no font has glyphs for them, so
    they would be drawn as boxes with a warning each time the figure is drawn.
    """
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    for artist in fig.findobj(Text):
        text = artist.get_text()
        clean = without_controls(text)
        if clean != text:
            artist.set_text(clean)
    for ax in fig.axes:  # tick labels are made by the formatter when drawn
        for axis in (ax.xaxis, ax.yaxis):
            for formatter in (axis.get_major_formatter(), axis.get_minor_formatter()):
                if isinstance(formatter, FixedFormatter):
                    formatter.seq = [without_controls(str(label)) for label in formatter.seq]
                elif (isinstance(formatter, FuncFormatter)
                      and not isinstance(formatter.func, _DrawableLabels)):
                    formatter.func = _DrawableLabels(formatter.func)
    return fig


class _DrawableLabels:
    """Tick labels given to ``set_ticks`` (a ``FuncFormatter``), drawable."""

    def __init__(self, func: Callable[[float, int | None], object]) -> None:
        self.func = func

    def __call__(self, value: float, pos: int | None = None) -> str:
        return without_controls(str(self.func(value, pos)))


def save_figure(fig: Figure, path: Path | str, *, dpi: float = 150.0) -> Path:
    """Write ``fig`` as PNG or SVG (by suffix) atomically; returns the path written."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from twitchlog.atomic import atomic_write

    path = Path(path)
    fmt = path.suffix.lower().lstrip(".") or "png"
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"cannot save a chart as {fmt!r}: use .png or .svg")
    if fig.canvas is None or not hasattr(fig.canvas, "print_figure"):
        FigureCanvasAgg(fig)
    drawable_text(fig)
    with atomic_write(path, "wb") as handle:
        fig.savefig(handle, format=fmt, dpi=dpi, facecolor=fig.get_facecolor())
    return path
