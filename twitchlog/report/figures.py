"""The report's charts: which ones, their captions, and turning them into SVG.

The charts themselves come from :mod:`twitchlog.charts` (the same functions the Insights
view uses), drawn with the print palette (black and greys, readable on any printer).
Each chart is rendered to SVG with ``svg.fonttype = none`` so its labels stay real,
selectable text in the PDF. matplotlib is imported only when a chart is rendered.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from twitchlog.analysis.readiness import chart_placeholders
from twitchlog.analysis.results import Association, Insights
from twitchlog.report.document import ChartSpec, Document

MAX_FACTOR_CHARTS = 3


#: The nominal chart width (inches) the heights below are planned for: the A4 text width.
NOMINAL_WIDTH = 174 / 25.4


def _aspect(height_in: float) -> float:
    return height_in / NOMINAL_WIDTH


def chart_specs(insights: Insights) -> list[ChartSpec]:
    """The report's charts for one analysis, in reading order (nothing drawn yet).

    Each ``draw(palette, width, height)`` gets the size (inches) of its place on the page.
    """
    summary = insights.summary
    specs: list[ChartSpec] = []
    meds = [m for m in insights.medications
            if m.start_date <= summary.end and (m.end_date is None or m.end_date >= summary.start)]
    med_extra = 0.28 * len(meds) + 0.2 if meds else 0.0
    med_note = (" Bars above the chart show when each medication or supplement was taken."
                if meds else "")
    waiting = chart_placeholders(summary.coverage.days_tracked, summary.episodes)
    if "timeline" not in waiting:  # as in Insights: a week of check-ins first
        specs.append(ChartSpec(
            key="episodes_over_time",
            title="Twitches per tracked day",
            caption=("Bars: episodes on each tracked day; bold line: the rolling average. "
                     "Shaded gaps are days without a check-in: unknown, not zero." + med_note),
            aspect=_aspect(3.1 + med_extra),
            draw=lambda palette, w, h: _charts().episodes_over_time(
                insights.series, medications=meds, palette=palette, width=w,
                height=max(1.5, h - med_extra)),
            alt_text="Chart of episodes per tracked day over the period, with the rolling "
                     "average" + (" and medication periods." if meds else "."),
        ))
    if summary.episodes:
        places = len({loc.location for loc in insights.by_location})
        specs.append(ChartSpec(
            key="locations",
            title="Where twitches happen",
            caption="Episodes at each body location, split by side (most frequent on top).",
            aspect=_aspect(1.3 + 0.3 * min(places, 10)),
            draw=lambda palette, w, h: _charts().locations_chart(
                insights.by_location, palette=palette, width=w, height=h),
            alt_text="Bar chart of episodes by body location and side.",
        ))
    if summary.episodes and "hours" not in waiting:
        specs.append(ChartSpec(
            key="hour_weekday",
            title="When twitches start",
            caption="When episodes started: hour of the day across, weekday down; darker "
                    "means more episodes.",
            aspect=_aspect(2.7),
            draw=lambda palette, w, h: _charts().hour_weekday_heatmap(
                insights.hour_weekday, palette=palette, width=w, height=h),
            alt_text="Heat map of episodes by hour of day and weekday.",
        ))
    for assoc in insights.significant[:MAX_FACTOR_CHARTS]:
        specs.append(_factor_spec(insights, assoc))
    tested = insights.tested
    if tested:
        factors = len({a.factor for a in tested})
        specs.append(ChartSpec(
            key="associations",
            title="How each factor goes with twitches",
            caption=("Spearman correlation of each factor with episodes on the same day, the "
                     "next day and 2 days later, with 95% confidence intervals. Intervals "
                     "that cross 0 show no clear link."),
            aspect=_aspect(2.3 + 0.42 * factors),
            draw=lambda palette, w, h: _charts().associations_overview(
                insights.associations, factor_labels=insights.factor_labels,
                palette=palette, width=w, height=h),
            alt_text="Chart of the correlation of every factor with episodes, with "
                     "confidence intervals.",
        ))
    return specs


def _factor_spec(insights: Insights, assoc: Association) -> ChartSpec:
    return ChartSpec(
        key=f"factor_{assoc.factor}_{assoc.lag_days}",
        title=f"{assoc.label} and twitches ({assoc.lag_text})",
        caption=assoc.sentence,
        aspect=_aspect(3.0),
        draw=lambda palette, w, h: _charts().factor_vs_episodes(
            insights.series, assoc, palette=palette, width=w, height=h),
        alt_text=f"Chart of {assoc.label} against episodes per tracked day.",
    )


def _charts() -> Any:
    import twitchlog.charts as charts

    return charts


def print_palette() -> Any:
    from twitchlog.charts import ChartPalette

    return ChartPalette.print()


#: Scatter clouds with more markers than this are embedded as a 300 dpi image inside the
#: otherwise vector chart: thousands of vector dots (a ten-year range) would make the PDF
#: slow to write and to open, and the dots' overlap still shows where days cluster.
DENSE_MARKERS = 600
RASTER_DPI = 300


def figure_to_svg(fig: Any, width_mm: float, height_mm: float) -> str:
    """The figure at exactly ``width_mm`` x ``height_mm``, as SVG with real text."""
    import matplotlib
    import numpy as np
    from matplotlib.collections import PathCollection

    from twitchlog.charts import drawable_text

    drawable_text(fig)
    fig.set_size_inches(width_mm / 25.4, height_mm / 25.4)
    for ax in fig.axes:
        for collection in ax.collections:
            if (isinstance(collection, PathCollection)
                    and len(np.asarray(collection.get_offsets())) > DENSE_MARKERS):
                collection.set_rasterized(True)
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "twitchlog",
                                "svg.image_inline": True}):
        fig.savefig(buffer, format="svg", dpi=RASTER_DPI,
                    metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def render_charts(document: Document, *, progress: Callable[[float], None] | None = None,
                  cancel: Callable[[], bool] | None = None) -> None:
    """Draw every chart of ``document`` once and keep its SVG on its spec."""
    from twitchlog.report.document import ChartOp

    ops = [op for page in document.pages for op in page.ops if isinstance(op, ChartOp)]
    palette = print_palette() if ops else None
    for index, op in enumerate(ops):
        if cancel is not None and cancel():
            return
        if op.chart.svg is None:
            fig = op.chart.draw(palette, op.w / 25.4, op.h / 25.4)
            op.chart.svg = figure_to_svg(fig, op.w, op.h)
        if progress is not None:
            progress((index + 1) / len(ops))
