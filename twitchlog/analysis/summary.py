"""The overview of a range: how often, how long, where, and whether it is changing.

Imported only when an analysis runs (it loads numpy and scipy).
"""

from __future__ import annotations

import numpy as np

from twitchlog.analysis.inputs import AnalysisInput
from twitchlog.analysis.results import (
    MIN_DAYS_FOR_TEST,
    DaySeries,
    DurationStats,
    LocationCount,
    Summary,
    Trend,
)
from twitchlog.domain import KINDS

#: A trend needs this many tracked days spread over at least this many calendar days.
TREND_MIN_DAYS = MIN_DAYS_FOR_TEST
TREND_MIN_SPAN_DAYS = 28
TOP_LOCATIONS = 5
#: Tracked days needed before a weekly rate is shown.
DAYS_FOR_A_WEEKLY_RATE = 7


def duration_stats(durations: list[tuple[str, float, int]]) -> list[DurationStats]:
    """All kinds together first, then each kind that has a known duration.

    ``durations`` holds (kind, seconds, how many episodes lasted that long)."""
    kinds = np.array([k for k, _, _ in durations], dtype=object)
    seconds = np.array([s for _, s, _ in durations], dtype=float)
    counts = np.array([n for _, _, n in durations], dtype=np.int64)
    out = [_duration(None, np.repeat(seconds, counts))]
    for kind in KINDS:
        mask = kinds == kind
        if mask.any():
            out.append(_duration(kind, np.repeat(seconds[mask], counts[mask])))
    return out


def _duration(kind: str | None, values: np.ndarray) -> DurationStats:
    if not len(values):
        return DurationStats(kind, 0, None, None, None, None, None)
    p25, median, p75 = np.percentile(values, [25, 50, 75])
    return DurationStats(kind, len(values), float(median), float(p25), float(p75),
                         float(values.min()), float(values.max()))


def trend(series: DaySeries) -> Trend:
    """Change in episodes per tracked day per month, with its 95% CI and direction."""
    tracked = series.tracked
    n = int(tracked.sum())
    if n < TREND_MIN_DAYS:
        return Trend(None, None, None, n, "not enough data")
    offsets = np.flatnonzero(tracked).astype(float)
    if offsets[-1] - offsets[0] + 1 < TREND_MIN_SPAN_DAYS:
        return Trend(None, None, None, n, "not enough data")
    counts = series.episodes[tracked]
    from twitchlog.analysis.stats import trend_per_month  # loads scipy

    per_month, low, high = trend_per_month(offsets, counts)
    if low > 0:
        direction = "worse"
    elif high < 0:
        direction = "better"
    else:
        direction = "no clear change"
    return Trend(per_month, low, high, n, direction)


def build_summary(data: AnalysisInput, series: DaySeries,
                  locations: list[LocationCount], *, with_trend: bool = True) -> Summary:
    """The overview; ``with_trend`` False leaves the trend out (it needs scipy)."""
    tracked = series.tracked
    counts = series.episodes[tracked]
    has_days = len(counts) > 0
    mean = float(counts.mean()) if has_days else None
    return Summary(
        start=data.start,
        end=data.end,
        coverage=series.coverage,
        episodes=data.episodes,
        episodes_on_tracked_days=int(counts.sum()) if has_days else 0,
        first_episode_ever=data.first_episode_ever,
        first_episode_in_range=data.first_episode_in_range,
        last_episode=data.last_episode_in_range,
        per_day_mean=mean,
        per_day_median=float(np.median(counts)) if has_days else None,
        # A week's figure from fewer days than a week would be a guess ("14 a week"
        # after one day with two episodes).
        per_week=mean * 7 if mean is not None and len(counts) >= DAYS_FOR_A_WEEKLY_RATE
        else None,
        share_days_with_any=float((counts > 0).mean()) if has_days else None,
        durations=duration_stats(data.durations),
        top_locations=locations[:TOP_LOCATIONS],
        trend=trend(series) if with_trend else None,
    )
