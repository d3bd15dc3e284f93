"""Charts: pure functions drawing analysis results on matplotlib Figures (never pyplot).

Each function takes results from :mod:`twitchlog.analysis` plus an optional
:class:`ChartPalette` and figure size in inches (``width``/``height``; A4 text width is
about 6.7 in) and returns a new :class:`matplotlib.figure.Figure`. The Insights view
embeds them, the report prints them. Importing this package is cheap: matplotlib loads
when the first chart is drawn.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from twitchlog.charts.palette import ChartPalette

if TYPE_CHECKING:
    from twitchlog.charts._common import drawable_text, save_figure
    from twitchlog.charts.counts import hour_weekday_heatmap, locations_chart
    from twitchlog.charts.factors import (
        associations_overview,
        dose_chart,
        factor_vs_episodes,
        period_comparison_chart,
    )
    from twitchlog.charts.gallery import insights_figures, timeline_figure
    from twitchlog.charts.timeline import calendar_heatmap, episodes_over_time

#: The Insights view's charts (keys of ``insights_figures``) and their tab names.
CHART_TITLES: dict[str, str] = {
    "timeline": "Over time",
    "calendar": "Calendar",
    "locations": "Where",
    "hours": "When",
    "overview": "All factors",
    "factor": "One factor",
    "dose": "Caffeine & alcohol",
}

_LAZY = {
    "insights_figures": "twitchlog.charts.gallery",
    "timeline_figure": "twitchlog.charts.gallery",
    "episodes_over_time": "twitchlog.charts.timeline",
    "calendar_heatmap": "twitchlog.charts.timeline",
    "locations_chart": "twitchlog.charts.counts",
    "hour_weekday_heatmap": "twitchlog.charts.counts",
    "factor_vs_episodes": "twitchlog.charts.factors",
    "associations_overview": "twitchlog.charts.factors",
    "dose_chart": "twitchlog.charts.factors",
    "period_comparison_chart": "twitchlog.charts.factors",
    "save_figure": "twitchlog.charts._common",
    "drawable_text": "twitchlog.charts._common",
}

__all__ = [
    "CHART_TITLES",
    "ChartPalette",
    "associations_overview",
    "calendar_heatmap",
    "dose_chart",
    "drawable_text",
    "episodes_over_time",
    "factor_vs_episodes",
    "hour_weekday_heatmap",
    "insights_figures",
    "locations_chart",
    "period_comparison_chart",
    "save_figure",
    "timeline_figure",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
