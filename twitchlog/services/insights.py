"""The insights pipeline: a journal range -> analysis -> charts.

``twitchlog stats`` and the report call :func:`analyse_range`; the Insights view runs
:func:`first_pass`, then :func:`second_pass`, then :func:`draw_charts` on its task runner.
Each pass opens its own read-only connection, so any thread may run it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from twitchlog.analysis.inputs import AnalysisInput
from twitchlog.analysis.results import Association, Insights
from twitchlog.charts.palette import ChartPalette
from twitchlog.services.reading import reading
from twitchlog.store import Journal

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Cancel = Callable[[], bool] | None


@dataclass(slots=True)
class InsightsResult:
    """One pass over a range: the analysis, the charts drawn so far, the data it used."""

    request: int
    start: date
    end: date
    insights: Insights
    figures: dict[str, Figure]
    data: AnalysisInput  # kept for the second pass, which needs no second read
    device_nights: int = 0  # tracked nights whose sleep came from a phone or wearable


@dataclass(frozen=True, slots=True)
class ChartBatch:
    """Charts drawn for finished insights, tagged with the request they belong to."""

    request: int
    figures: dict[str, Figure]


def load_range(journal: Journal, start: date | None, end: date | None) -> AnalysisInput:
    """The data of ``[start, end]``; ``None`` ends run from the first logged day to today
    (see :func:`twitchlog.store.analysis_queries.resolve_range`)."""
    from twitchlog.store.analysis_queries import load_analysis_input, resolve_range

    start, end = resolve_range(journal, start, end)
    return load_analysis_input(journal, start, end)


def analyse_range(journal: Journal, start: date | None, end: date | None, *,
                  cancel: Cancel = None) -> Insights:
    """Everything the statistics say about ``[start, end]`` (open ends as in
    :func:`load_range`); raises ``AnalysisCancelled`` once ``cancel()`` is true."""
    from twitchlog.analysis.engine import analyze

    return analyze(load_range(journal, start, end), cancel=cancel)


def first_pass(path: Path, start: date | None, end: date | None, palette: ChartPalette,
               overlay: str | None = None, request: int = 0, keys: tuple[str, ...] = (),
               cancel: Cancel = None) -> InsightsResult:
    """Load one range and summarise it, with the charts in ``keys`` that need no
    statistics: numpy and matplotlib only, so the view shows numbers before scipy loads."""
    from twitchlog.analysis.engine import analyze
    from twitchlog.charts.gallery import FIRST_PASS_CHARTS, insights_figures

    with reading(path) as journal:
        data = load_range(journal, start, end)
        device_nights = journal.devices.nights(data.start, data.end)
    insights = analyze(data, cancel=cancel, complete=False)
    figures = insights_figures(insights, palette=palette, overlay=overlay, cancel=cancel,
                               keys=[k for k in keys if k in FIRST_PASS_CHARTS])
    return InsightsResult(request, data.start, data.end, insights, figures, data,
                          device_nights)


def second_pass(first: InsightsResult, palette: ChartPalette, selected: Association | None,
                keys: tuple[str, ...] = (), stale: Cancel = None,
                cancel: Cancel = None) -> InsightsResult:
    """The trend and the associations over the first pass's data, and the charts in
    ``keys``. ``stale`` turns true once the view asked for another range: the pass stops."""
    from twitchlog.analysis.engine import analyze
    from twitchlog.charts.gallery import insights_figures

    def cancelled() -> bool:
        return bool((cancel is not None and cancel()) or (stale is not None and stale()))

    insights = analyze(first.data, cancel=cancelled)
    if selected is not None:
        selected = insights.association(selected.factor, selected.lag_days)
    figures = insights_figures(insights, palette=palette, selected=selected, keys=keys,
                               cancel=cancelled)
    return InsightsResult(first.request, first.start, first.end, insights, figures,
                          first.data, first.device_nights)


def draw_charts(insights: Insights, palette: ChartPalette, selected: Association | None,
                overlay: str | None, request: int, keys: Iterable[str] | None = None,
                cancel: Cancel = None) -> ChartBatch:
    """Charts for finished insights: the ones still missing, or all after a palette change."""
    from twitchlog.charts.gallery import insights_figures

    return ChartBatch(request, insights_figures(insights, palette=palette, selected=selected,
                                                overlay=overlay, keys=keys, cancel=cancel))
