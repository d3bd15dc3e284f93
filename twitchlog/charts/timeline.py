"""Charts over calendar time: episodes per tracked day, and the year-at-a-glance calendar."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np
from matplotlib import dates as mdates
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, StepPatch

from twitchlog.analysis.results import DaySeries
from twitchlog.charts._common import (
    DEFAULT_WIDTH,
    FONT_SIZE,
    coverage_text,
    empty_message,
    heat_colormap,
    integer_ticks,
    legend,
    more_is,
    new_figure,
    palette_or_default,
    runs,
    set_titles,
    style_axes,
)
from twitchlog.charts.palette import ChartPalette
from twitchlog.domain import Medication

if TYPE_CHECKING:
    from matplotlib.cm import ScalarMappable

#: Ranges up to this many days show the 7-day average, longer ones the 28-day average.
SHORT_RANGE_DAYS = 120
_EPOCH = date(1970, 1, 1)


def _date_numbers(start: date, count: int) -> np.ndarray:
    """matplotlib date numbers (days since 1970) of ``count`` days from ``start``."""
    first = (start - _EPOCH).days
    return np.arange(first, first + count, dtype=float)


def _nan_rolling(values: np.ndarray, window: int, minimum: int) -> np.ndarray:
    known = ~np.isnan(values)
    sums = np.concatenate([[0.0], np.cumsum(np.where(known, values, 0.0))])
    counts = np.concatenate([[0], np.cumsum(known)])
    ends = np.arange(1, len(values) + 1)
    begins = np.maximum(ends - window, 0)
    n = counts[ends] - counts[begins]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (sums[ends] - sums[begins]) / n
    mean[n < minimum] = np.nan
    return np.asarray(mean)


def episodes_over_time(
    series: DaySeries,
    *,
    factor: str | None = None,
    factor_label: str | None = None,
    medications: Sequence[Medication] = (),
    palette: ChartPalette | None = None,
    width: float = DEFAULT_WIDTH,
    height: float = 3.6,
    title: str = "Twitches per tracked day",
) -> Figure:
    """Episodes on each tracked day (light steps) with the rolling mean (bold line);
    untracked days are shaded gaps. Optionally a factor on a second axis and medication
    periods as bars above the timeline."""
    pal = palette_or_default(palette)
    n_days = len(series.days)
    meds = [m for m in medications
            if m.start_date <= series.end and (m.end_date is None or m.end_date >= series.start)]
    fig = new_figure(pal, width, height + (0.28 * len(meds) + 0.2 if meds else 0.0))
    if meds:
        med_ax, ax = fig.subplots(2, 1, sharex=True,
                                  height_ratios=[0.28 * len(meds) + 0.2, height])
    else:
        med_ax, ax = None, fig.subplots()
    style_axes(ax, pal)
    edges = _date_numbers(series.start, n_days + 1)
    lo, hi = edges[0], edges[-1]
    handles: list[Artist] = []
    short = n_days <= SHORT_RANGE_DAYS
    rolling = series.rolling7 if short else series.rolling28
    untracked = ~series.tracked
    if untracked.any():
        spans = [(edges[a], length) for a, length in runs(untracked)]
        ax.broken_barh(spans, (0, 1), transform=ax.get_xaxis_transform(),
                       facecolor=pal.untracked, edgecolor="none", zorder=0)
        handles.append(Patch(facecolor=pal.untracked, label="not tracked"))
    if series.tracked.any():
        # add_artist, not ax.stairs: the limits are set below, and walking ten years of
        # steps to update the data limits costs more than drawing them
        ax.add_artist(StepPatch(series.episodes, edges, baseline=0, fill=True,
                                color=pal.episodes, zorder=1))
        handles.append(Patch(facecolor=pal.episodes, label="episodes on a tracked day"))
        ax.plot(edges[:-1] + 0.5, rolling, color=pal.rolling, linewidth=2.0, zorder=3)
        handles.append(Line2D([], [], color=pal.rolling, linewidth=2.0,
                              label=f"{7 if short else 28}-day average"))
        top = np.nanmax(series.episodes)
        ax.set_ylim(0, max(1.0, float(top)) * 1.15)
    else:
        ax.set_ylim(0, 1)
        empty_message(ax, pal, "No tracked days in this period yet.\n"
                               "A day counts once you save its check-in.")
    ax.set_xlim(lo, hi)
    ax.set_ylabel("Episodes per day")
    integer_ticks(ax.yaxis)
    if factor and factor in series.factors:
        values = series.factors[factor]
        if not short:
            values = _nan_rolling(values, 28, 7)
        if not np.isnan(values).all():
            ax2 = ax.twinx()
            ax2.plot(edges[:-1] + 0.5, values, color=pal.factor, linewidth=1.4,
                     linestyle=(0, (4, 2)), zorder=4)
            label = factor_label or factor
            ax2.set_ylabel(label if short else f"{label}, 28-day average", color=pal.factor,
                           fontsize=FONT_SIZE)
            ax2.tick_params(colors=pal.factor, labelsize=FONT_SIZE, length=3)
            for name, spine in ax2.spines.items():
                spine.set_visible(name == "right")
                spine.set_color(pal.factor)
            ax2.set_ylim(bottom=0)
            handles.append(Line2D([], [], color=pal.factor, linestyle=(0, (4, 2)),
                                  label=label if short else f"{label} (28-day average)"))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    legend(ax, pal, handles, ncols=min(4, len(handles)), loc="upper left",
           bbox_to_anchor=(0, -0.12), borderaxespad=0)
    if med_ax is not None:
        _medication_bars(med_ax, meds, series.start, series.end, pal)
    top_ax = med_ax if med_ax is not None else ax
    set_titles(top_ax, pal, title, coverage_text(series.coverage.days_tracked,
                                                 series.coverage.days_in_range))
    return fig


def _medication_bars(ax: Axes, meds: Sequence[Medication], start: date, end: date,
                     pal: ChartPalette) -> None:
    """One row per medication: a bar from its start to its end (or the range's end)."""
    ax.set_facecolor(pal.background)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(left=False, bottom=False, labelleft=False, labelbottom=False)
    first = (start - _EPOCH).days
    last = (end - _EPOCH).days + 1
    for row, med in enumerate(meds):
        a = max((med.start_date - _EPOCH).days, first)
        b = min(((med.end_date or end) - _EPOCH).days + 1, last)
        color = pal.medications[row % len(pal.medications)]
        y = len(meds) - 1 - row
        ax.broken_barh([(a, b - a)], (y + 0.15, 0.7), facecolor=color, edgecolor="none")
        text = med.name + (f" {med.dose}" if med.dose else "")
        # inside the bar when it fits, else beside it in the text colour: never cut off
        needed = (len(text) + 2) * 0.0085 * (last - first)
        on_bar = pal.background if pal.name != "dark" else "#111111"
        if b - a >= needed or (last - b < needed and a - first < needed):
            ax.text(a, y + 0.5, f" {text}", va="center", ha="left", fontsize=FONT_SIZE - 1,
                    color=on_bar, clip_on=True)
        elif last - b >= needed:
            ax.text(b, y + 0.5, f" {text}", va="center", ha="left", fontsize=FONT_SIZE - 1,
                    color=pal.text, clip_on=True)
        else:
            ax.text(a, y + 0.5, f"{text} ", va="center", ha="right", fontsize=FONT_SIZE - 1,
                    color=pal.text, clip_on=True)
    ax.set_ylim(0, len(meds))


def calendar_heatmap(
    series: DaySeries,
    year: int | None = None,
    *,
    palette: ChartPalette | None = None,
    width: float = DEFAULT_WIDTH,
    height: float = 2.3,
) -> Figure:
    """A year at a glance: one square per day, darker = more episodes; untracked days are
    striped, days outside the range are blank. ``year`` None shows the last 12 months of
    the range."""
    pal = palette_or_default(palette)
    if year is not None:
        first, last = date(year, 1, 1), date(year, 12, 31)
        title = f"{year} at a glance"
    else:
        last = series.end
        first = max(series.start, last - timedelta(days=364))
        span = (last - first).days + 1
        title = "The last 12 months at a glance" if span > 300 else "This period at a glance"
    monday = first - timedelta(days=first.weekday())
    n_weeks = ((last - monday).days // 7) + 1
    cell = 6  # pixels per day square, so untracked days can carry stripes
    offsets = np.arange((last - monday).days + 1)  # grid position of each day
    idx = offsets + (monday - series.start).days  # the day's index in the series
    valid = (idx >= 0) & (idx < len(series.days)) & (offsets >= (first - monday).days)
    in_span = offsets >= (first - monday).days
    episodes = np.full(len(offsets), np.nan)
    episodes[valid] = series.episodes[idx[valid]]
    tracked = valid & ~np.isnan(episodes)
    top = float(np.nanmax(episodes)) if tracked.any() else 1.0
    norm = Normalize(vmin=0, vmax=max(1.0, top))
    cmap = heat_colormap(pal)
    background = _rgba(pal.background)
    grid = np.tile(background, (7, n_weeks, 1))
    rows, cols = offsets % 7, offsets // 7
    grid[rows[tracked], cols[tracked]] = cmap(norm(episodes[tracked]))
    untracked = valid & ~tracked
    grid[rows[untracked], cols[untracked]] = _rgba(pal.untracked)
    striped = np.zeros((7, n_weeks), dtype=bool)
    striped[rows[untracked], cols[untracked]] = True
    img = grid.repeat(cell, axis=0).repeat(cell, axis=1)
    pattern = np.tile(np.add.outer(np.arange(cell), np.arange(cell)) % 4 < 2, (7, n_weeks))
    img[striped.repeat(cell, axis=0).repeat(cell, axis=1) & pattern] = (
        0.5 * _rgba(pal.untracked) + 0.5 * _rgba(pal.muted_text))
    img[cell - 1::cell, :] = background  # hairlines between days
    img[:, cell - 1::cell] = background
    fig = new_figure(pal, width, height)
    ax = fig.subplots()
    style_axes(ax, pal, grid_axis=None)
    ax.imshow(img, extent=(0, n_weeks, 7, 0), interpolation="nearest", aspect="equal")
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_yticks([0.5, 2.5, 4.5, 6.5], ["Mon", "Wed", "Fri", "Sun"])
    ticks: list[float] = []
    labels: list[str] = []
    month = date(first.year, first.month, 1)
    while month <= last:
        shown = max(month, first)
        ticks.append(((shown - monday).days // 7) + 0.5)
        labels.append(f"{month:%b}" if month.month != 1 or len(labels) else f"{month:%b %Y}")
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    ax.set_xticks(ticks, labels)
    ax.tick_params(length=0)
    mappable = _mappable(norm, cmap)
    bar = fig.colorbar(mappable, ax=ax, shrink=0.8, pad=0.01, aspect=10, fraction=0.03)
    bar.set_label("Episodes per day", color=pal.text, fontsize=FONT_SIZE - 0.5)
    bar.ax.tick_params(colors=pal.text, labelsize=FONT_SIZE - 1)
    bar.outline.set_edgecolor(pal.muted_text)
    handles = [Patch(facecolor=pal.untracked, edgecolor=pal.muted_text, hatch="////",
                     label="not tracked")]
    legend(ax, pal, handles, loc="lower right", bbox_to_anchor=(1.0, 1.0),
           borderaxespad=0.2)
    n_tracked = int(tracked.sum())
    shown_days = int(in_span.sum())
    subtitle = (f"{more_is(pal).capitalize()} squares: more episodes · "
                f"{coverage_text(n_tracked, shown_days)}")
    if not tracked.any():
        subtitle = "No tracked days here yet · striped squares: not tracked"
    set_titles(ax, pal, title, subtitle)
    return fig


def _rgba(color: str) -> np.ndarray:
    from matplotlib.colors import to_rgba

    return np.array(to_rgba(color))


def _mappable(norm: Normalize, cmap: str | Colormap) -> ScalarMappable:
    from matplotlib.cm import ScalarMappable

    return ScalarMappable(norm=norm, cmap=cmap)
