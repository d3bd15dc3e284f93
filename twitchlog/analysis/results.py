"""What the analysis returns: plain dataclasses the charts, report, CLI and GUI share.

No numpy types leak out of here except in :class:`DaySeries` arrays; every other
number is a Python float/int or ``None`` (unknown / not computable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from twitchlog.domain import Medication

MIN_DAYS_FOR_TEST = 14
LAGS = (0, 1, 2)
SIGNIFICANCE_Q = 0.05


@dataclass(slots=True)
class Coverage:
    """How complete the log is: tracked days out of days in the range."""

    days_tracked: int
    days_in_range: int

    @property
    def fraction(self) -> float:
        return self.days_tracked / self.days_in_range if self.days_in_range else 0.0


@dataclass(slots=True)
class DaySeries:
    """Per calendar day of ``[start, end]``; untracked days are NaN (gaps), never zero.

    Arrays are numpy float arrays of length ``coverage.days_in_range``.
    """

    start: date
    end: date
    coverage: Coverage
    days: Any  # numpy datetime64[D] array, every calendar day in the range
    tracked: Any  # bool array
    episodes: Any  # float, NaN where untracked
    duration_s: Any  # float total seconds, NaN where untracked or unknown
    intensity: Any  # float mean, NaN where untracked or no intensity logged
    rolling7: Any  # mean episodes per tracked day over the trailing 7 calendar days
    rolling28: Any
    factors: dict[str, Any] = field(default_factory=dict)  # name -> float array, NaN unknown


@dataclass(slots=True)
class WeeklyRow:
    """One ISO week: tracked days, episodes on them, and the mean of each factor."""

    week_start: date
    days_tracked: int
    episodes: int
    factor_means: dict[str, float | None] = field(default_factory=dict)


@dataclass(slots=True)
class DurationStats:
    """Typical duration of episodes with a known duration (all kinds when ``kind`` is None)."""

    kind: str | None
    n: int
    median: float | None
    p25: float | None
    p75: float | None
    minimum: float | None
    maximum: float | None


@dataclass(slots=True)
class LocationCount:
    location: str
    side: str
    count: int


@dataclass(slots=True)
class Trend:
    """Change in episodes per tracked day per month (30.44 days), with a 95% CI.

    ``direction`` is "worse" (CI above 0), "better" (CI below 0) or "no clear change";
    "not enough data" (and ``per_month`` None) below 14 tracked days or a 28-day span.
    """

    per_month: float | None
    ci_low: float | None
    ci_high: float | None
    n_days: int
    direction: str = "no clear change"


@dataclass(slots=True)
class Summary:
    """The answers to a doctor's three questions, and the rest of the overview."""

    start: date
    end: date
    coverage: Coverage
    episodes: int  # all episodes logged in range
    episodes_on_tracked_days: int
    first_episode_ever: datetime | None
    first_episode_in_range: datetime | None
    last_episode: datetime | None
    per_day_mean: float | None  # over tracked days
    per_day_median: float | None
    per_week: float | None  # per_day_mean * 7, once a week of days is tracked
    share_days_with_any: float | None  # of tracked days
    durations: list[DurationStats] = field(default_factory=list)  # overall first, then kinds
    top_locations: list[LocationCount] = field(default_factory=list)
    trend: Trend | None = None


@dataclass(slots=True)
class Association:
    """One factor at one lag against episodes per tracked day.

    ``lag_days`` = 1 means the factor on day D against twitches on D+1. Untested pairs
    have ``tested`` False, ``reason`` set and ``days_needed`` > 0 when more days would help.
    """

    factor: str
    label: str
    kind: str  # "number", "scale" or "yesno"
    lag_days: int
    n: int
    tested: bool
    #: how many independent days the n alike days are worth (Pyper & Peterman 1998)
    n_effective: float | None = None
    rho: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    q_value: float | None = None
    significant: bool = False
    low_label: str = ""  # "bottom third (< 6 h)" or "no"
    high_label: str = ""
    low_mean: float | None = None  # episodes per tracked day
    high_mean: float | None = None
    effect_ratio: float | None = None  # high_mean / low_mean
    # block-bootstrap 95% CI of the ratio, for significant pairs (the ones a sentence states)
    ratio_ci_low: float | None = None
    ratio_ci_high: float | None = None
    days_needed: int = 0
    reason: str = ""
    sentence: str = ""  # plain language, "associated with", never "causes"
    detail: str = ""  # the statistics behind the sentence: rho, CI, p, q, n
    low_cut: float | None = None  # bottom third is <= low_cut (numbers and scales)
    high_cut: float | None = None  # top third is >= high_cut
    unit: str = ""  # the factor's unit ("mg", "h"), empty for yes/no and scales

    @property
    def lag_text(self) -> str:
        """"same day", "next day" or "2 days later" (twitches relative to the factor)."""
        return LAG_TEXT.get(self.lag_days, f"{self.lag_days} days later")


@dataclass(slots=True)
class DoseBand:
    """Episodes per tracked day on days whose amount fell in ``[low, high)``."""

    label: str  # "0 mg", "1-100 mg", ...
    days: int
    mean: float | None
    ci_low: float | None = None  # 95% block-bootstrap CI of the mean; None below 2 days
    ci_high: float | None = None
    low: float | None = None  # band bounds in the factor's unit; ``high`` None = open
    high: float | None = None


@dataclass(slots=True)
class PeriodComparison:
    """Episodes per tracked day in two periods, and the ratio B/A with a 95% CI that
    accounts for alike neighbouring days (:mod:`twitchlog.analysis.periods`)."""

    label_a: str
    label_b: str
    start_a: date
    end_a: date
    start_b: date
    end_b: date
    days_a: int
    days_b: int
    rate_a: float | None
    rate_b: float | None
    ratio: float | None
    ci_low: float | None
    ci_high: float | None
    sentence: str = ""
    rate_a_low: float | None = None  # 95% CI of each period's rate
    rate_a_high: float | None = None
    rate_b_low: float | None = None
    rate_b_high: float | None = None
    days_in_a: int = 0  # calendar days of each period (coverage = days_a / days_in_a)
    days_in_b: int = 0
    #: independent days each period is worth (alike neighbouring days count for less)
    n_effective_a: float | None = None
    n_effective_b: float | None = None
    too_short: bool = False  # a ratio exists but the periods are too short to tell


@dataclass(slots=True)
class AdjustedEffect:
    """One factor's rate ratio per ``per`` of it, the day's other model factors held fixed."""

    factor: str
    label: str
    rate_ratio: float
    per: float  # the step in the factor's unit (100 for caffeine), 1 for yes vs no
    per_text: str  # "per 100 mg", "yes vs no"
    ci_low: float
    ci_high: float
    p_value: float
    q_value: float
    significant: bool
    note: str = ""  # how it compares with the factor's own association, if it had one


@dataclass(slots=True)
class AdjustedModel:
    """The multivariable model of daily twitches (see :mod:`twitchlog.analysis.adjusted`)."""

    method: str
    n: int  # complete tracked days in the model
    factors: list[str]
    effects: list[AdjustedEffect]
    #: Spearman's rho between the model's factors on its days, both orders as keys
    correlations: dict[tuple[str, str], float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # one per clear association it checks
    disagreement: str = ""  # one calm line where it disagrees, for page one ("" if none)

    def effect(self, factor: str) -> AdjustedEffect | None:
        return next((e for e in self.effects if e.factor == factor), None)


LAG_TEXT = {0: "same day", 1: "next day", 2: "2 days later"}


class AnalysisCancelled(Exception):
    """Raised inside :func:`twitchlog.analysis.engine.analyze` when a newer request won."""


@dataclass(slots=True)
class Insights:
    """Everything the Insights view, the report and ``twitchlog stats`` show for one range."""

    summary: Summary
    series: DaySeries
    weekly: list[WeeklyRow]
    associations: list[Association]  # tested (ranked) first, then untested
    dose: dict[str, list[DoseBand]]  # "caffeine_mg", "alcohol_units"
    by_location: list[LocationCount]  # every (location, side), most frequent first
    hour_weekday: Any  # numpy int array 7 x 24, row 0 = Monday, column = hour started
    medications: list[Medication]  # medications and supplements overlapping the range
    warning_days: list[tuple[date, list[str]]]
    factor_labels: dict[str, str] = field(default_factory=dict)  # name -> label with unit
    #: The adjusted model (None before the second pass or when no factor can enter).
    adjusted: AdjustedModel | None = None
    #: False for the quick first pass of the Insights view: no trend, associations or
    #: dose bands yet (they follow in a second pass).
    complete: bool = True

    @property
    def tested(self) -> list[Association]:
        return [a for a in self.associations if a.tested]

    @property
    def significant(self) -> list[Association]:
        """Significant pairs (q < 0.05), strongest evidence first."""
        return [a for a in self.associations if a.tested and a.significant]

    @property
    def untested(self) -> list[Association]:
        return [a for a in self.associations if not a.tested]

    def association(self, factor: str, lag_days: int) -> Association | None:
        for assoc in self.associations:
            if assoc.factor == factor and assoc.lag_days == lag_days:
                return assoc
        return None


ASSOCIATION_CAVEAT = (
    "An association is not proof of cause: both may follow something else (a stressful "
    "week brings coffee and short nights), and with many factors tested a few links "
    "appear by chance. The q-value corrects for that."
)
