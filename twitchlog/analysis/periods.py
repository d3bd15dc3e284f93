"""Two date ranges compared: episodes per tracked day, and the ratio with a 95% CI.

Imported only when an analysis runs (it loads numpy and scipy).

Choices, stated once (the README's "How sure is it?" says the same): days of one period
are alike (a flare-up lasts days), so each period's mean is worth fewer independent days
than it has. Autocorrelations are estimated from both periods together (each centred on
its own mean, calendar days, gaps left as gaps, lags up to a fifth of the longer
period). A period of n tracked days counts as ``n / (1 + 2·Σ_k (1 − k/n)·ρ_k)``
independent days, using the larger of two inflations: the estimated ρ_k, and an AR(1)
from the lag-one estimate with Kendall's (1954) small-sample correction (short series
under-estimate both). Each period's variance is also corrected for the part its own mean
absorbs. The ratio's 95% CI is the delta method on the log scale,
``exp(log r ± t·se)``, with t on Welch–Satterthwaite degrees of freedom from the
effective days. When either period is worth fewer than ``MIN_EFFECTIVE_DAYS``
independent days, the comparison says it is too short to tell.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np

from twitchlog.analysis.dependence import (
    LAG_WINDOW_SHARE,
    MIN_PAIRS_PER_LAG,
    ar1_effective_n,
    calendar_acf,
    corrected_phi,
)
from twitchlog.analysis.inputs import AnalysisInput
from twitchlog.analysis.results import PeriodComparison
from twitchlog.analysis.wording import comparison_sentence

#: Each period needs this many tracked days before a ratio is given.
MIN_DAYS_PER_PERIOD = 7
#: Below this many independent days in either period the periods are too short to tell.
MIN_EFFECTIVE_DAYS = 5.0


def _period_days(data: AnalysisInput, start: date, end: date) -> np.ndarray:
    """Episodes on each calendar day of the period (NaN where untracked)."""
    out = np.full((end - start).days + 1, np.nan)
    for day, n in zip(data.daily.dates, data.daily.episodes, strict=True):
        if start <= day <= end:
            out[(day - start).days] = n
    return out


def _centred(values: np.ndarray) -> np.ndarray:
    known = ~np.isnan(values)
    return values - values[known].mean() if known.any() else values


def _effective_days(pooled: np.ndarray, n: int, n_other: int) -> float:
    """Independent days a period of ``n`` tracked days is worth (see the module notes)."""
    if n < 2:
        return float(n)
    window = max(1, int(LAG_WINDOW_SHARE * max(n, n_other)))
    acf, pairs = calendar_acf(pooled, window)
    phi = corrected_phi(float(acf[0]) if pairs[0] >= MIN_PAIRS_PER_LAG else 0.0,
                        n + n_other)
    k = np.arange(1, window + 1)
    # the lag-one shape (an AR(1) with Kendall's correction) or the estimated
    # autocorrelations, whichever counts the days as less independent
    shape = np.where(pairs >= MIN_PAIRS_PER_LAG, acf, 0.0)
    weights = np.clip(1 - k / n, 0, None)
    inflation = max(1.0 + 2.0 * float(np.sum(weights * shape)),
                    n / ar1_effective_n(n, phi))
    return float(min(n, max(1.0, n / inflation)))


def _mean_interval(values: np.ndarray, n_eff: float
                   ) -> tuple[float | None, float | None, float | None]:
    """The mean's variance, and its 95% CI (t on n_eff − 1 df), of the known days."""
    from twitchlog.analysis.stats import t_ppf

    known = values[~np.isnan(values)]
    n = len(known)
    if n < 2:
        return None, None, None
    mean = float(known.mean())
    s2 = float(known.var(ddof=1))
    # E[s²] = γ0·(n − n/n_eff)/(n − 1) for alike days: undo the part the mean absorbs
    absorbed = (n - n / n_eff) / (n - 1) if n_eff < n else 1.0
    variance = s2 / max(absorbed, 1e-9) / n_eff
    half = t_ppf(0.975, max(n_eff - 1, 1.0)) * math.sqrt(variance)
    return variance, max(0.0, mean - half), mean + half


def compare(data: AnalysisInput, start_a: date, end_a: date, start_b: date, end_b: date,
            label_a: str, label_b: str) -> PeriodComparison:
    """Period B against period A (see the module notes; nothing here is random)."""
    from twitchlog.analysis.stats import t_ppf

    a_days, b_days = _period_days(data, start_a, end_a), _period_days(data, start_b, end_b)
    a, b = a_days[~np.isnan(a_days)], b_days[~np.isnan(b_days)]
    rate_a = float(a.mean()) if len(a) else None
    rate_b = float(b.mean()) if len(b) else None
    result = PeriodComparison(
        label_a=label_a, label_b=label_b, start_a=start_a, end_a=end_a, start_b=start_b,
        end_b=end_b, days_a=len(a), days_b=len(b), rate_a=rate_a, rate_b=rate_b,
        ratio=None, ci_low=None, ci_high=None,
        days_in_a=(end_a - start_a).days + 1, days_in_b=(end_b - start_b).days + 1)
    pooled = np.concatenate([_centred(a_days), [np.nan], _centred(b_days)])
    result.n_effective_a = _effective_days(pooled, len(a), len(b))
    result.n_effective_b = _effective_days(pooled, len(b), len(a))
    var_a, result.rate_a_low, result.rate_a_high = _mean_interval(
        a_days, result.n_effective_a)
    var_b, result.rate_b_low, result.rate_b_high = _mean_interval(
        b_days, result.n_effective_b)
    enough = len(a) >= MIN_DAYS_PER_PERIOD and len(b) >= MIN_DAYS_PER_PERIOD
    if enough and rate_a and var_a is not None and var_b is not None:
        result.ratio = (rate_b or 0.0) / rate_a
        result.too_short = min(result.n_effective_a,
                               result.n_effective_b) < MIN_EFFECTIVE_DAYS
        if rate_b:
            rel_a, rel_b = var_a / rate_a ** 2, var_b / rate_b ** 2
            se = math.sqrt(rel_a + rel_b)
            df = (rel_a + rel_b) ** 2 / (
                rel_a ** 2 / max(result.n_effective_a - 1, 1.0)
                + rel_b ** 2 / max(result.n_effective_b - 1, 1.0)) if se > 0 else 1e9
            half = t_ppf(0.975, max(df, 1.0)) * se
            result.ci_low = result.ratio * math.exp(-half)
            result.ci_high = result.ratio * math.exp(half)
        else:
            result.ci_low = 0.0
    result.sentence = comparison_sentence(result, MIN_DAYS_PER_PERIOD)
    return result
