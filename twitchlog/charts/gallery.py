"""The full set of Insights charts for one analysis, built in one call.

The Insights view builds them in a worker thread (a Figure is plain data until drawn), the
benchmark times them, and the report can pick from them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from matplotlib.figure import Figure

from twitchlog.analysis.results import AnalysisCancelled, Association, Insights
from twitchlog.charts import CHART_TITLES
from twitchlog.charts.counts import hour_weekday_heatmap, locations_chart
from twitchlog.charts.factors import associations_overview, dose_chart, factor_vs_episodes
from twitchlog.charts.palette import ChartPalette
from twitchlog.charts.timeline import calendar_heatmap, episodes_over_time

#: Charts that need only the quick first pass (no associations).
FIRST_PASS_CHARTS = ("timeline", "calendar", "locations", "hours")


def default_association(insights: Insights) -> Association | None:
    """The pair shown before the user picks one: the top-ranked tested pair."""
    tested = insights.tested
    return tested[0] if tested else None


def timeline_figure(insights: Insights, *, factor: str | None = None,
                    palette: ChartPalette | None = None, width: float = 8.0) -> Figure:
    label = insights.factor_labels.get(factor, factor) if factor else None
    return episodes_over_time(insights.series, factor=factor, factor_label=label,
                              medications=insights.medications, palette=palette, width=width)


def dose_figure(insights: Insights, *, palette: ChartPalette | None = None,
                width: float = 8.0) -> Figure:
    """Caffeine bands and alcohol bands side by side; only the one that was recorded
    when the other never was."""
    caffeine = insights.dose.get("caffeine_mg", [])
    alcohol = insights.dose.get("alcohol_units", [])
    has_caffeine, has_alcohol = any(b.days for b in caffeine), any(b.days for b in alcohol)
    if has_alcohol and not has_caffeine:
        return dose_chart(alcohol, "alcohol_units", palette=palette, width=width)
    if has_alcohol:
        return dose_chart(caffeine, "caffeine_mg", palette=palette, width=width,
                          more=[(alcohol, "alcohol_units")])
    return dose_chart(caffeine, "caffeine_mg", palette=palette, width=width)


def insights_figures(
    insights: Insights,
    *,
    palette: ChartPalette | None = None,
    selected: Association | None = None,
    overlay: str | None = None,
    width: float = 8.0,
    keys: Iterable[str] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> dict[str, Figure]:
    """The charts of :data:`CHART_TITLES` (or only ``keys``) for ``insights``; ``selected``
    is the pair of the "One factor" chart (default: the top-ranked one), ``overlay`` a
    factor drawn over the timeline."""
    def check() -> None:
        if cancel is not None and cancel():
            raise AnalysisCancelled

    builders: dict[str, Callable[[], Figure]] = {
        "timeline": lambda: timeline_figure(insights, factor=overlay, palette=palette,
                                            width=width),
        "calendar": lambda: calendar_heatmap(insights.series, palette=palette, width=width),
        "locations": lambda: locations_chart(insights.by_location, palette=palette,
                                             width=width),
        "hours": lambda: hour_weekday_heatmap(insights.hour_weekday, palette=palette,
                                              width=width),
        "overview": lambda: associations_overview(insights.associations,
                                                  factor_labels=insights.factor_labels,
                                                  palette=palette, width=width),
        "factor": lambda: factor_figure(insights, selected, palette=palette, width=width),
        "dose": lambda: dose_figure(insights, palette=palette, width=width),
    }
    wanted = set(CHART_TITLES if keys is None else keys)
    figures = {}
    for key in CHART_TITLES:
        if key not in wanted:
            continue
        build = builders[key]
        check()
        figures[key] = build()
    return figures


def factor_figure(insights: Insights, selected: Association | None = None, *,
                  palette: ChartPalette | None = None, width: float = 8.0) -> Figure:
    """One factor against twitches: ``selected``, or the top-ranked tested pair."""
    assoc = selected or default_association(insights)
    if assoc is None:
        from twitchlog.charts._common import (
            empty_message,
            new_figure,
            palette_or_default,
            set_titles,
        )

        pal = palette_or_default(palette)
        fig = new_figure(pal, width, 3.6)
        ax = fig.subplots()
        ax.set_axis_off()
        empty_message(ax, pal, "No factor could be tested yet: each needs 14 tracked days\n"
                               "with a value. Keep checking in and this fills in.")
        set_titles(ax, pal, "One factor and twitches", "")
        return fig
    return factor_vs_episodes(insights.series, assoc, palette=palette, width=width)
