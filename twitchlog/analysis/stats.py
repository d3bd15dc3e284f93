"""The statistical building blocks, each a thin layer over numpy and scipy.

Imported only when an analysis runs (it loads numpy and scipy).

Choices, stated once:

* Correlation: Spearman's rho and its p-value straight from ``scipy.stats.spearmanr``.
  The 95% CI uses the Fisher z transform with the Fieller, Hartley & Pearson (1957)
  standard error for Spearman's rho, ``sqrt(1.06 / (n - 3))``.
* Multiple testing: Benjamini-Hochberg q-values (``scipy.stats.false_discovery_control``)
  across every pair tested in the range.
* Ratios of means (top third vs bottom third, period B vs period A): percentile interval
  of the Bayesian bootstrap (Rubin 1981), resampling days within each group: every day
  gets a Dirichlet(1, ..., 1) weight instead of a multinomial count, which gives the same
  intervals as the classical bootstrap for groups of this size. Only a group's mean
  matters, so days with equal counts share one Gamma(k) weight (a sum of k Exp(1)); a
  resample then costs one draw per distinct value, not per day: 1,000 resamples per
  association and 4,000 per period comparison take milliseconds on a ten-year journal.
* Trend: ordinary least squares of episodes per tracked day on the date
  (``scipy.stats.linregress``). Daily counts come in flare-ups lasting days or weeks, so
  residuals are autocorrelated and the textbook standard error is too small; the CI uses
  the larger of that and a Newey-West (Bartlett kernel) standard error, so a run of bad
  weeks is not sold as a trend.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

Z_95 = 1.959963984540054
BOOTSTRAP_RESAMPLES = 2000
#: Resamples per association effect (dozens of pairs per analysis; 1,000 is the usual
#: minimum for a 95% percentile interval).
EFFECT_RESAMPLES = 1000
DAYS_PER_MONTH = 365.25 / 12


def spearman(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float]:
    """rho, p-value, and the 95% CI (Fisher z, SE sqrt(1.06/(n-3)))."""
    result = stats.spearmanr(x, y)
    rho, p = float(result.statistic), float(result.pvalue)
    low, high = spearman_ci(rho, len(x))
    return rho, p, low, high


def spearman_ci(rho: float, n: int) -> tuple[float, float]:
    if n <= 3:
        return -1.0, 1.0
    z = math.atanh(max(-0.999999, min(0.999999, rho)))
    half = Z_95 * math.sqrt(1.06 / (n - 3))
    return math.tanh(z - half), math.tanh(z + half)


def bh_qvalues(p_values: list[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values, in the input order."""
    if not p_values:
        return []
    return [float(q) for q in stats.false_discovery_control(np.asarray(p_values),
                                                             method="bh")]


def bootstrap_means(values: np.ndarray, rng: np.random.Generator,
                    resamples: int = BOOTSTRAP_RESAMPLES) -> np.ndarray:
    """Means of ``resamples`` Bayesian-bootstrap resamples of ``values``."""
    distinct, counts = np.unique(values, return_counts=True)
    if len(distinct) == 1:
        return np.full(resamples, float(distinct[0]))
    weights = rng.standard_gamma(np.broadcast_to(counts.astype(float),
                                                 (resamples, len(counts))))
    return np.asarray((weights @ distinct) / weights.sum(axis=1))


def ratio_ci(low_group: np.ndarray, high_group: np.ndarray, rng: np.random.Generator,
             resamples: int = EFFECT_RESAMPLES) -> tuple[float | None, float | None]:
    """95% percentile-bootstrap CI of mean(high_group) / mean(low_group).

    A bound is ``None`` when it is unbounded (the denominator resampled to zero).
    """
    low_means = bootstrap_means(low_group, rng, resamples)
    high_means = bootstrap_means(high_group, rng, resamples)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = high_means / low_means
    ratios = np.where(np.isnan(ratios), np.inf, ratios)  # 0/0: no information either way
    lo, hi = np.percentile(ratios, [2.5, 97.5])
    return (float(lo) if math.isfinite(lo) else None,
            float(hi) if math.isfinite(hi) else None)


def mean_ci(values: np.ndarray, rng: np.random.Generator,
            resamples: int = BOOTSTRAP_RESAMPLES) -> tuple[float | None, float | None]:
    """95% percentile-bootstrap CI of a mean (None for fewer than two values)."""
    if len(values) < 2:
        return None, None
    lo, hi = np.percentile(bootstrap_means(values, rng, resamples), [2.5, 97.5])
    return float(lo), float(hi)


def t_interval(values: np.ndarray) -> tuple[float | None, float | None]:
    """95% t interval of a mean (None for fewer than two values)."""
    n = len(values)
    if n < 2:
        return None, None
    mean = float(np.mean(values))
    sem = float(stats.sem(values))
    if sem == 0.0:
        return mean, mean
    half = float(stats.t.ppf(0.975, n - 1)) * sem
    return mean - half, mean + half


def trend_per_month(day_offsets: np.ndarray, counts: np.ndarray
                    ) -> tuple[float, float, float]:
    """Slope of counts on day (per month) and its 95% CI (see the module notes)."""
    fit = stats.linregress(day_offsets, counts)
    slope = float(fit.slope)
    n = len(counts)
    x = day_offsets - day_offsets.mean()
    resid = counts - (fit.intercept + fit.slope * day_offsets)
    sxx = float(np.dot(x, x))
    u = x * resid
    lags = math.floor(4 * (n / 100) ** (2 / 9))
    s = float(np.dot(u, u))
    for lag in range(1, min(lags, n - 1) + 1):
        s += 2 * (1 - lag / (lags + 1)) * float(np.dot(u[lag:], u[:-lag]))
    se_hac = math.sqrt(max(s, 0.0)) / sxx if sxx > 0 else 0.0
    se = max(float(fit.stderr), se_hac)
    half = float(stats.t.ppf(0.975, n - 2)) * se
    return (slope * DAYS_PER_MONTH, (slope - half) * DAYS_PER_MONTH,
            (slope + half) * DAYS_PER_MONTH)
