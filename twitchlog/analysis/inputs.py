"""What the analysis needs from a journal, as plain data (no SQL, no numpy).

The store fills these types (``Journal.daily_series``,
:func:`twitchlog.store.analysis_queries.load_analysis_input`); they live here, below the
store, so the analysis never imports it and tests build an :class:`AnalysisInput` by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from twitchlog.domain import FACTOR_FIELDS, Medication, ValueKind

if TYPE_CHECKING:
    from concurrent.futures import Future

#: What the two background episode scans produce: durations by kind, hour x weekday.
EpisodeScans = tuple[list[tuple[str, float, int]], list[list[int]]]

#: Days loaded before ``start`` so the 28-day rolling mean is complete on the first day.
ROLLING_PADDING_DAYS = 27


@dataclass(slots=True)
class DailySeries:
    """One entry per tracked day (a day with a check-in) in ``[start, end]``.

    Days without a check-in are absent: unknown, never zero. ``factors`` maps every
    built-in check-in field and custom factor to its per-day values (``None`` = blank).
    """

    start: date
    end: date
    dates: list[date] = field(default_factory=list)
    episodes: list[int] = field(default_factory=list)
    duration_s: list[float | None] = field(default_factory=list)
    intensity: list[float | None] = field(default_factory=list)
    factors: dict[str, list[float | None]] = field(default_factory=dict)

    @property
    def days_in_range(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def days_tracked(self) -> int:
        return len(self.dates)


@dataclass(frozen=True, slots=True)
class FactorInfo:
    """A factor to analyse: a built-in check-in field or a custom factor."""

    name: str
    label: str
    kind: str  # "number", "scale" or "yesno"
    unit: str = ""
    custom: bool = False

    @property
    def label_with_unit(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label


BUILTIN_FACTORS: tuple[FactorInfo, ...] = tuple(
    FactorInfo(spec.name, spec.label, str(spec.kind), spec.unit)
    for spec in FACTOR_FIELDS
    if spec.kind is not ValueKind.TEXT
)


@dataclass(slots=True)
class AnalysisInput:
    """One date range of a journal, ready for :func:`twitchlog.analysis.engine.analyze`.

    ``daily`` holds tracked days from ``start - ROLLING_PADDING_DAYS`` (only the rolling
    means look before ``start``) to ``end``. Episode-level aggregates cover every episode
    whose local date is in ``[start, end]``, tracked day or not: they count what was
    logged and never invent zeros.
    """

    start: date
    end: date
    daily: DailySeries
    factors: list[FactorInfo] = field(default_factory=lambda: list(BUILTIN_FACTORS))
    episodes: int = 0  # all episodes in range
    first_episode_ever: datetime | None = None
    first_episode_in_range: datetime | None = None
    last_episode_in_range: datetime | None = None
    durations: list[tuple[str, float, int]] = field(default_factory=list)  # kind, s, count
    location_counts: list[tuple[str, str, int]] = field(default_factory=list)
    hour_weekday: list[list[int]] = field(
        default_factory=lambda: [[0] * 24 for _ in range(7)])  # [weekday Mon=0][hour]
    medications: list[Medication] = field(default_factory=list)  # overlapping the range
    all_medications: list[Medication] = field(default_factory=list)
    warning_days: list[tuple[date, list[str]]] = field(default_factory=list)
    #: A future of (durations, hour_weekday) still being read on another connection;
    #: :meth:`resolve` fills the two fields in.
    pending: Future[EpisodeScans] | None = field(default=None, repr=False)

    def resolve(self) -> AnalysisInput:
        """Wait for the episode scans still running in the background (if any)."""
        if self.pending is not None:
            self.durations, self.hour_weekday = self.pending.result()
            self.pending = None
        return self

    @property
    def days_in_range(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def load_start(self) -> date:
        return self.daily.start

    @classmethod
    def from_days(
        cls,
        start: date,
        end: date,
        days: dict[date, tuple[int, dict[str, float | None]]],
        *,
        factors: list[FactorInfo] | None = None,
    ) -> AnalysisInput:
        """A minimal input from ``{day: (episodes, {factor: value})}`` (tests, simulations).

        Every key is a tracked day; days not in the mapping are untracked.
        """
        factors = list(BUILTIN_FACTORS) if factors is None else factors
        daily = DailySeries(start=start - timedelta(days=ROLLING_PADDING_DAYS), end=end)
        for day in sorted(days):
            count, values = days[day]
            daily.dates.append(day)
            daily.episodes.append(int(count))
            daily.duration_s.append(None)
            daily.intensity.append(None)
            for info in factors:
                daily.factors.setdefault(info.name, []).append(values.get(info.name))
        for info in factors:
            daily.factors.setdefault(info.name, [])
        in_range = sum(days[d][0] for d in days if start <= d <= end)
        return cls(start=start, end=end, daily=daily, factors=factors, episodes=in_range)
