"""The analysis entry points: :func:`analyze` and :func:`compare_periods`.

Importing this module is cheap: numpy and scipy load on the first call, so the desktop
window can import it at start-up without paying for them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from twitchlog.analysis.inputs import AnalysisInput
from twitchlog.analysis.results import (
    AnalysisCancelled,
    Insights,
    LocationCount,
    PeriodComparison,
)
from twitchlog.domain import Medication

#: The longest "before" period a medication comparison uses.
MAX_BEFORE_DAYS = 365


def analyze(data: AnalysisInput, *, cancel: Callable[[], bool] | None = None,
            seed: int = 0, complete: bool = True) -> Insights:
    """Everything for one range: series, summary, associations, dose bands, counts.

    ``cancel`` is polled between steps; when it returns true :class:`AnalysisCancelled`
    is raised. ``seed`` makes the bootstrap intervals reproducible. ``complete`` False
    is a quick first pass without scipy: no trend, associations or dose bands
    (``Insights.complete`` is then False).
    """
    import numpy as np

    from twitchlog.analysis import series, summary

    def check() -> None:
        if cancel is not None and cancel():
            raise AnalysisCancelled

    check()
    days = series.build_series(data)
    locations = [LocationCount(loc, side, n) for loc, side, n in data.location_counts]
    check()
    weekly = series.weekly_rows(days, data.factors)
    check()
    pairs, dose, model = [], {}, None
    if complete:
        from twitchlog.analysis import adjusted, associations  # loads scipy
        from twitchlog.analysis.wording import adjusted_notes

        pairs = associations.associations(days, data.factors, seed=seed, cancel=cancel)
        check()
        model = adjusted.adjusted_model(days, data.factors, pairs)
        if model is not None:
            adjusted_notes(model, pairs, {info.name: info for info in data.factors})
        check()
        dose = {name: associations.dose_bands(days, name, seed=seed)
                for name in associations.DOSE_BANDS if name in days.factors}
    data.resolve()  # the episode scans of a long range ran beside the work above
    overview = summary.build_summary(data, days, locations, with_trend=complete)
    return Insights(
        summary=overview,
        series=days,
        weekly=weekly,
        associations=pairs,
        dose=dose,
        by_location=locations,
        hour_weekday=np.array(data.hour_weekday, dtype=np.int64).reshape(7, 24),
        medications=list(data.medications),
        warning_days=list(data.warning_days),
        factor_labels={info.name: info.label_with_unit for info in data.factors},
        complete=complete,
        adjusted=model,
    )


def compare_periods(data: AnalysisInput, start_a: date, end_a: date, start_b: date,
                    end_b: date, label_a: str, label_b: str) -> PeriodComparison:
    """Episodes per tracked day in period A and period B and the ratio B/A with a 95%
    CI that counts alike neighbouring days as fewer independent ones. ``data`` must
    cover both periods (its tracked days are used): load it with
    ``load_analysis_input`` over their union."""
    from twitchlog.analysis.periods import compare

    return compare(data, start_a, end_a, start_b, end_b, label_a, label_b)


def medication_periods(med: Medication, today: date
                       ) -> tuple[tuple[date, date], tuple[date, date]] | None:
    """(before, during) for a medication: during = start to end (or today); before = the
    same number of days just before it starts, at most a year. None if it starts later."""
    if med.start_date > today:
        return None
    during_end = min(med.end_date or today, today)
    length = min((during_end - med.start_date).days + 1, MAX_BEFORE_DAYS)
    before = (med.start_date - timedelta(days=length), med.start_date - timedelta(days=1))
    return before, (med.start_date, during_end)


def medication_labels(med: Medication) -> tuple[str, str]:
    """Sentence-ready labels: ("before Magnesium", "while taking Magnesium")."""
    return f"before {med.name}", f"while taking {med.name}"


def range_label(start: date, end: date) -> str:
    """"from 1 Mar to 14 Mar 2024" – a period's name inside sentences."""
    if start.year == end.year:
        return f"from {start.day} {start:%b} to {end.day} {end:%b %Y}"
    return f"from {start.day} {start:%b %Y} to {end.day} {end:%b %Y}"


__all__ = [
    "AnalysisCancelled",
    "analyze",
    "compare_periods",
    "medication_labels",
    "medication_periods",
    "range_label",
]
