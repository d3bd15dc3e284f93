"""Where and when: episodes by body location and side, and by hour of day and weekday."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from twitchlog.analysis.results import LocationCount
from twitchlog.charts._common import (
    DEFAULT_WIDTH,
    FONT_SIZE,
    empty_message,
    heat_colormap,
    integer_ticks,
    legend,
    more_is,
    new_figure,
    palette_or_default,
    set_titles,
    short_name,
    style_axes,
)
from twitchlog.charts.palette import ChartPalette
from twitchlog.domain import SIDES, location_label
from twitchlog.words import count_words

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def locations_chart(
    by_location: Sequence[LocationCount],
    *,
    top: int = 10,
    palette: ChartPalette | None = None,
    width: float = DEFAULT_WIDTH,
    height: float | None = None,
) -> Figure:
    """Horizontal bars, one per body location (most frequent on top), split by side."""
    pal = palette_or_default(palette)
    totals: dict[str, int] = {}
    per_side: dict[tuple[str, str], int] = {}
    for row in by_location:
        totals[row.location] = totals.get(row.location, 0) + row.count
        per_side[(row.location, row.side)] = per_side.get((row.location, row.side), 0) + row.count
    ranked = sorted(totals, key=lambda name: (-totals[name], name))
    shown = ranked[:top]
    rest = ranked[top:]
    rows = max(len(shown), 1)
    fig = new_figure(pal, width, height if height is not None else 1.3 + 0.32 * rows)
    ax = fig.subplots()
    style_axes(ax, pal, grid_axis="x")
    total = sum(totals.values())
    subtitle = f"{count_words(total, 'episode')} in this period"
    if rest:
        subtitle += (f" · {count_words(len(rest), 'more place')} "
                     f"with {sum(totals[n] for n in rest)} not shown")
    if not shown:
        ax.set_yticks([])
        ax.set_xticks([])
        empty_message(ax, pal, "No episodes logged in this period yet.")
        set_titles(ax, pal, "Where twitches happen", "")
        return fig
    y = np.arange(len(shown))[::-1]
    left = np.zeros(len(shown))
    handles: list[Any] = []
    for side, color in zip(SIDES, pal.sides, strict=True):
        counts = np.array([per_side.get((name, side), 0) for name in shown], dtype=float)
        if not counts.any():
            continue
        ax.barh(y, counts, left=left, height=0.7, color=color, edgecolor=pal.bar_edge,
                linewidth=0.5)
        left += counts
        handles.append(Patch(facecolor=color, edgecolor=pal.bar_edge, linewidth=0.5,
                             label=side))
    for yi, value in zip(y, left, strict=True):
        ax.text(value, yi, f" {int(value)}", va="center", ha="left", color=pal.text,
                fontsize=FONT_SIZE - 0.5)
    ax.set_yticks(y, [short_name(location_label(name)) for name in shown])
    integer_ticks(ax.xaxis)
    ax.set_xlim(0, float(left.max()) * 1.12)
    ax.set_xlabel("Episodes")
    legend(ax, pal, handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), title="Side",
           title_fontsize=FONT_SIZE - 0.5)
    leg = ax.get_legend()
    if leg is not None:
        leg.get_title().set_color(pal.text)
    set_titles(ax, pal, "Where twitches happen", subtitle)
    return fig


def hour_weekday_heatmap(
    hour_weekday: Any,
    *,
    palette: ChartPalette | None = None,
    width: float = DEFAULT_WIDTH,
    height: float = 3.0,
) -> Figure:
    """A 7 x 24 grid: how many episodes started at each hour of each weekday."""
    pal = palette_or_default(palette)
    grid = np.asarray(hour_weekday, dtype=float).reshape(7, 24)
    total = int(grid.sum())
    fig = new_figure(pal, width, height)
    ax = fig.subplots()
    style_axes(ax, pal, grid_axis=None)
    cmap = heat_colormap(pal)
    norm = Normalize(vmin=0, vmax=max(1.0, float(grid.max())))
    image = ax.imshow(grid, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest",
                      extent=(0, 24, 7, 0))
    ax.set_yticks(np.arange(7) + 0.5, WEEKDAYS)
    ax.set_xticks(np.arange(0, 25, 3), [f"{h:02d}:00" for h in range(0, 25, 3)])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("Hour of the day the episode started")
    bar = fig.colorbar(image, ax=ax, pad=0.01, aspect=15)
    bar.set_label("Episodes", color=pal.text, fontsize=FONT_SIZE - 0.5)
    bar.ax.tick_params(colors=pal.text, labelsize=FONT_SIZE - 1)
    integer_ticks(bar.ax.yaxis)
    bar.outline.set_edgecolor(pal.muted_text)
    if total == 0:
        empty_message(ax, pal, "No episodes logged in this period yet.")
        subtitle = ""
    else:
        peak_day, peak_hour = np.unravel_index(int(grid.argmax()), grid.shape)
        subtitle = (f"{count_words(total, 'episode')} · {more_is(pal)} = more · most "
                    f"often {WEEKDAYS[peak_day]} {peak_hour:02d}:00–{peak_hour + 1:02d}:00")
    set_titles(ax, pal, "When twitches start", subtitle)
    return fig
