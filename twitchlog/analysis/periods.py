"""Two date ranges compared: episodes per tracked day, and the ratio with a bootstrap CI.

Imported only when an analysis runs (it loads numpy).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from twitchlog.analysis.inputs import AnalysisInput
from twitchlog.analysis.results import PeriodComparison
from twitchlog.analysis.stats import BOOTSTRAP_RESAMPLES, bootstrap_means, mean_ci
from twitchlog.analysis.wording import comparison_sentence

#: Each period needs this many tracked days before a ratio is given.
MIN_DAYS_PER_PERIOD = 7


def _period_counts(data: AnalysisInput, start: date, end: date) -> np.ndarray:
    return np.array([n for d, n in zip(data.daily.dates, data.daily.episodes, strict=True)
                     if start <= d <= end], dtype=float)


def compare(data: AnalysisInput, start_a: date, end_a: date, start_b: date, end_b: date,
            label_a: str, label_b: str, seed: int = 0) -> PeriodComparison:
    a = _period_counts(data, start_a, end_a)
    b = _period_counts(data, start_b, end_b)
    rng = np.random.default_rng([seed, 7])
    rate_a = float(a.mean()) if len(a) else None
    rate_b = float(b.mean()) if len(b) else None
    result = PeriodComparison(
        label_a=label_a, label_b=label_b, start_a=start_a, end_a=end_a, start_b=start_b,
        end_b=end_b, days_a=len(a), days_b=len(b), rate_a=rate_a, rate_b=rate_b,
        ratio=None, ci_low=None, ci_high=None,
        days_in_a=(end_a - start_a).days + 1, days_in_b=(end_b - start_b).days + 1)
    result.rate_a_low, result.rate_a_high = mean_ci(a, rng)
    result.rate_b_low, result.rate_b_high = mean_ci(b, rng)
    if len(a) >= MIN_DAYS_PER_PERIOD and len(b) >= MIN_DAYS_PER_PERIOD and rate_a:
        result.ratio = (rate_b or 0.0) / rate_a
        means_a = bootstrap_means(a, rng, BOOTSTRAP_RESAMPLES * 2)
        means_b = bootstrap_means(b, rng, BOOTSTRAP_RESAMPLES * 2)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratios = means_b / means_a
        ratios = np.where(np.isnan(ratios), np.inf, ratios)
        low, high = np.percentile(ratios, [2.5, 97.5])
        result.ci_low = float(low) if np.isfinite(low) else None
        result.ci_high = float(high) if np.isfinite(high) else None
    result.sentence = comparison_sentence(result, MIN_DAYS_PER_PERIOD)
    return result
