"""The period comparison pipeline: two date ranges of a journal -> ratio -> chart.

The Insights view's "Compare periods" tab runs :func:`compare_with_chart` in the
background; anything without a window calls :func:`compare_in_journal`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from twitchlog.analysis.results import PeriodComparison
from twitchlog.charts.palette import ChartPalette
from twitchlog.services.reading import reading
from twitchlog.store import Journal

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True, slots=True)
class ComparisonResult:
    """A comparison and its chart."""

    comparison: PeriodComparison
    figure: Figure


def compare_in_journal(journal: Journal, start_a: date, end_a: date, start_b: date,
                       end_b: date, label_a: str, label_b: str) -> PeriodComparison:
    """Episodes per tracked day in period B against period A, with a bootstrap interval.
    Only the tracked days of the two periods are read."""
    from twitchlog.analysis.engine import compare_periods
    from twitchlog.store.analysis_queries import load_period_input

    data = load_period_input(journal, min(start_a, start_b), max(end_a, end_b))
    return compare_periods(data, start_a, end_a, start_b, end_b, label_a, label_b)


def compare_with_chart(path: Path, start_a: date, end_a: date, start_b: date, end_b: date,
                       label_a: str, label_b: str, palette: ChartPalette
                       ) -> ComparisonResult:
    """:func:`compare_in_journal` on a read-only connection, and its chart."""
    from twitchlog.charts import period_comparison_chart

    with reading(path) as journal:
        result = compare_in_journal(journal, start_a, end_a, start_b, end_b, label_a,
                                    label_b)
    return ComparisonResult(result, period_comparison_chart(result, palette=palette))
