"""Calendar-day arrays over a range: tracked days hold values, untracked days are NaN.

Imported only when an analysis runs (it loads numpy).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import numpy as np

from twitchlog.analysis.inputs import AnalysisInput, FactorInfo
from twitchlog.analysis.results import Coverage, DaySeries, WeeklyRow

#: Rolling windows (calendar days) and the tracked days a window needs to show a value.
ROLLING_MIN_TRACKED = {7: 3, 28: 7}


def _to_float(values: Sequence[float | None]) -> np.ndarray:
    """A list with ``None`` for unknown becomes a float array with NaN."""
    return np.array(values, dtype=float) if values else np.zeros(0)


def build_series(data: AnalysisInput) -> DaySeries:
    """The :class:`DaySeries` of ``[data.start, data.end]`` from the store's tracked days."""
    load_start, start, end = data.daily.start, data.start, data.end
    total = (end - load_start).days + 1
    pad = (start - load_start).days
    base = np.datetime64(load_start, "D")
    if data.daily.dates:
        offsets = (np.array(data.daily.dates, dtype="datetime64[D]") - base).astype(np.int64)
        keep = (offsets >= 0) & (offsets < total)
    else:
        offsets = np.zeros(0, dtype=np.int64)
        keep = np.zeros(0, dtype=bool)
    idx = offsets[keep]

    def spread(values: Sequence[float | None]) -> np.ndarray:
        out = np.full(total, np.nan)
        if len(idx):
            out[idx] = _to_float(values)[keep]
        return out

    episodes_all = spread(data.daily.episodes)
    tracked_all = ~np.isnan(episodes_all)
    rolling7 = _rolling_mean(episodes_all, 7)[pad:]
    rolling28 = _rolling_mean(episodes_all, 28)[pad:]
    tracked = tracked_all[pad:]
    factors = {}
    for info in data.factors:
        values = data.daily.factors.get(info.name)
        factors[info.name] = spread(values)[pad:] if values is not None else np.full(
            total - pad, np.nan)
    days = np.arange(np.datetime64(start, "D"), np.datetime64(end, "D") + 1)
    return DaySeries(
        start=start,
        end=end,
        coverage=Coverage(int(tracked.sum()), len(days)),
        days=days,
        tracked=tracked,
        episodes=episodes_all[pad:],
        duration_s=spread(data.daily.duration_s)[pad:],
        intensity=spread(data.daily.intensity)[pad:],
        rolling7=rolling7,
        rolling28=rolling28,
        factors=factors,
    )


def _rolling_mean(values: np.ndarray, window: int) -> np.ndarray:
    """Mean over tracked days among the trailing ``window`` calendar days (NaN when too few)."""
    known = ~np.isnan(values)
    sums = np.concatenate([[0.0], np.cumsum(np.where(known, values, 0.0))])
    counts = np.concatenate([[0], np.cumsum(known)])
    ends = np.arange(1, len(values) + 1)
    begins = np.maximum(ends - window, 0)
    total = sums[ends] - sums[begins]
    n = counts[ends] - counts[begins]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / n
    mean[n < ROLLING_MIN_TRACKED.get(window, 1)] = np.nan
    return np.asarray(mean)


def weekly_rows(series: DaySeries, factors: list[FactorInfo]) -> list[WeeklyRow]:
    """ISO weeks (Monday first) with at least one tracked day: episodes and factor means."""
    if not len(series.days):
        return []
    first_monday = series.start - timedelta(days=series.start.weekday())
    offset = (series.start - first_monday).days
    week = (np.arange(len(series.days)) + offset) // 7
    n_weeks = int(week[-1]) + 1
    tracked = series.tracked
    days_tracked = np.bincount(week[tracked], minlength=n_weeks)
    episodes = np.bincount(week[tracked], weights=series.episodes[tracked], minlength=n_weeks)
    means: dict[str, np.ndarray] = {}
    for info in factors:
        values = series.factors[info.name]
        known = ~np.isnan(values)
        total = np.bincount(week[known], weights=values[known], minlength=n_weeks)
        count = np.bincount(week[known], minlength=n_weeks)
        with np.errstate(invalid="ignore", divide="ignore"):
            means[info.name] = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    rows = []
    for w in np.flatnonzero(days_tracked):
        rows.append(WeeklyRow(
            week_start=first_monday + timedelta(weeks=int(w)),
            days_tracked=int(days_tracked[w]),
            episodes=round(float(episodes[w])),
            factor_means={name: (None if np.isnan(m[w]) else float(m[w]))
                          for name, m in means.items()},
        ))
    return rows


def lagged_pair_mask(series: DaySeries, factor: str, lag: int) -> np.ndarray:
    """The calendar days D (of the range) whose pair (factor on D, episodes on D + lag)
    is known: the days :func:`lagged_pairs` returns, in the same order."""
    values = series.factors[factor]
    n = len(series.episodes)
    mask = np.zeros(n, dtype=bool)
    if lag < n:
        mask[: n - lag] = ~np.isnan(values[: n - lag]) & ~np.isnan(series.episodes[lag:])
    return mask


def lagged_pairs(series: DaySeries, factor: str, lag: int) -> tuple[np.ndarray, np.ndarray]:
    """(factor on day D, episodes on day D + lag) over calendar days where both are known.

    Both days lie in the range and must be tracked; a blank factor is unknown, not zero.
    """
    values = series.factors[factor]
    episodes = series.episodes
    n = len(episodes)
    if lag >= n:
        return np.zeros(0), np.zeros(0)
    x = values[: n - lag]
    y = episodes[lag:]
    both = ~np.isnan(x) & ~np.isnan(y)
    return x[both], y[both]
