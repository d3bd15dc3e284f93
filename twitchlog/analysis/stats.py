"""The statistical building blocks, each a thin layer over numpy and scipy.

Imported only when an analysis runs (it loads numpy and ``scipy.special``). Student's t
comes straight from ``scipy.special`` (``stdtr``/``stdtrit``, what ``scipy.stats.t``
computes), and the least-squares fit and the q-values are the few lines
``scipy.stats`` runs, with the same arithmetic: importing ``scipy.stats`` costs a
quarter of a second or more, which the Insights view's first open paid.

Choices, stated once:

* Correlation: Spearman's rho (Pearson's r of the average ranks), tested with the t
  statistic ``rho·sqrt((n_eff − 2)/(1 − rho²))`` on ``n_eff − 2`` degrees of freedom, where
  ``n_eff`` is the effective number of independent days
  (:func:`twitchlog.analysis.dependence.effective_n`, Pyper & Peterman 1998); with
  ``n_eff = n`` this is scipy's own p-value. The 95% CI uses the Fisher z transform
  with the Fieller, Hartley & Pearson (1957) standard error ``sqrt(1.06 / (n_eff − 3))``.
* Multiple testing: Benjamini-Hochberg q-values (as ``scipy.stats.false_discovery_control``)
  across every pair tested in the range.
* Effect ratio (top third vs bottom third) and dose-band means: percentile intervals of
  the circular block bootstrap over the paired days in date order, with the block length
  chosen from the data (:mod:`twitchlog.analysis.dependence`): a flare-up is resampled
  as a whole, so alike days are not counted as independent evidence. A resample costs
  one draw per block (block totals come from cumulative sums). From 200 blocks on (a
  long journal) the bootstrap distribution is normal to within its Monte Carlo error, so
  its exact mean and covariance are used instead (delta method; log scale for the ratio):
  the same interval, without the cost of a few million draws.
* Period comparison: see :mod:`twitchlog.analysis.periods`.
* Trend: ordinary least squares of episodes per tracked day on the date
  (as ``scipy.stats.linregress``). Daily counts come in flare-ups lasting days or weeks, so
  residuals are autocorrelated and the textbook standard error is too small; the CI uses
  the larger of that and a Newey-West (Bartlett kernel) standard error, so a run of bad
  weeks is not sold as a trend.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from twitchlog.analysis.dependence import block_moments, block_sums

Z_95 = 1.959963984540054
#: Resamples per association effect and dose band (dozens per analysis; 1,000 is the
#: usual minimum for a 95% percentile interval).
EFFECT_RESAMPLES = 1000
DAYS_PER_MONTH = 365.25 / 12
#: From this many blocks on, the block bootstrap's distribution is normal to within
#: its own Monte Carlo error, and its exact moments replace the resampling.
NORMAL_BLOCKS = 200


def ranks(values: np.ndarray) -> np.ndarray:
    """Average ranks (1-based, ties share their mean rank), as ``scipy.stats.rankdata``."""
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    return (ends - (counts - 1) / 2.0)[inverse]


def spearman_ranks(x_ranks: np.ndarray, y_ranks: np.ndarray, n_eff: float
                   ) -> tuple[float, float, float, float]:
    """Spearman's rho (Pearson's r of the average ranks, as ``scipy.stats.spearmanr``),
    its p-value and its 95% CI, all on ``n_eff`` independent days."""
    xc, yc = x_ranks - x_ranks.mean(), y_ranks - y_ranks.mean()
    denominator = math.sqrt(float(xc @ xc) * float(yc @ yc))
    rho = float(xc @ yc) / denominator if denominator > 0 else math.nan
    low, high = spearman_ci(rho, n_eff)
    return rho, correlation_p(rho, n_eff), low, high


def correlation_p(rho: float, n_eff: float) -> float:
    """Two-sided p-value of a correlation worth ``n_eff`` independent pairs."""
    df = n_eff - 2.0
    if df <= 0:
        return 1.0
    if abs(rho) >= 1.0:
        return 0.0
    t = rho * math.sqrt(df / (1.0 - rho * rho))
    return float(2.0 * t_sf(abs(t), df))


def t_sf(t: float, df: float) -> float:
    """Student's t survival function P(T > t) on ``df`` degrees of freedom."""
    return float(special.stdtr(df, -t))


def t_ppf(q: float, df: float) -> float:
    """Student's t quantile: the t with P(T <= t) = ``q`` on ``df`` degrees of freedom."""
    return float(special.stdtrit(df, q))


def spearman_ci(rho: float, n: float) -> tuple[float, float]:
    """95% CI of Spearman's rho (Fisher z, SE sqrt(1.06/(n-3)))."""
    if n <= 3:
        return -1.0, 1.0
    z = math.atanh(max(-0.999999, min(0.999999, rho)))
    half = Z_95 * math.sqrt(1.06 / (n - 3))
    return math.tanh(z - half), math.tanh(z + half)


def bh_qvalues(p_values: list[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values, in the input order."""
    p = np.asarray(p_values, dtype=float)
    if not np.all((p >= 0.0) & (p <= 1.0)):
        raise ValueError("p-values must lie between 0 and 1")
    if len(p) <= 1:
        return [float(v) for v in p]
    order = np.argsort(p)
    q = p[order] * (len(p) / np.arange(1, len(p) + 1, dtype=float))
    np.minimum.accumulate(q[::-1], out=q[::-1])  # a smaller p never gets a larger q
    adjusted = np.empty_like(q)
    adjusted[order] = q
    return [float(v) for v in np.clip(adjusted, 0.0, 1.0)]


def _normal_interval(value: float, gradient: np.ndarray, cov: np.ndarray
                     ) -> tuple[float, float]:
    half = Z_95 * math.sqrt(max(float(gradient @ cov @ gradient), 0.0))
    return value - half, value + half


def block_ratio_ci(counts: np.ndarray, low: np.ndarray, high: np.ndarray, block: int,
                   rng: np.random.Generator, resamples: int = EFFECT_RESAMPLES
                   ) -> tuple[float | None, float | None]:
    """95% circular-block-bootstrap CI of mean(counts[high]) / mean(counts[low]).

    ``counts`` are in date order; ``low`` and ``high`` are masks of the two groups. A
    bound is ``None`` when it is unbounded (a resampled group had no twitches or days).
    """
    columns = np.vstack([counts * high, high, counts * low, low]).astype(float)
    if -(-len(counts) // max(block, 1)) >= NORMAL_BLOCKS:
        mean, cov = block_moments(columns, block)
        if np.all(mean > 0):  # log ratio of the four totals, delta method
            lo, hi = _normal_interval(float(np.log(mean[0] * mean[3] / (mean[1] * mean[2]))),
                                      np.array([1, -1, -1, 1]) / mean, cov)
            return math.exp(lo), math.exp(hi)
    sums = block_sums(columns, block, resamples, rng)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = (sums[:, 0] / sums[:, 1]) / (sums[:, 2] / sums[:, 3])
    ratios = np.where(np.isnan(ratios), np.inf, ratios)  # 0/0: no information either way
    lo, hi = np.percentile(ratios, [2.5, 97.5])
    return (float(lo) if math.isfinite(lo) else None,
            float(hi) if math.isfinite(hi) else None)


def block_mean_ci(counts: np.ndarray, mask: np.ndarray, block: int,
                  rng: np.random.Generator, resamples: int = EFFECT_RESAMPLES
                  ) -> tuple[float | None, float | None]:
    """95% circular-block-bootstrap CI of mean(counts[mask]) (None below 2 days).

    Resamples that drew none of the masked days carry no information and are left out.
    """
    if int(mask.sum()) < 2:
        return None, None
    columns = np.vstack([counts * mask, mask]).astype(float)
    if -(-len(counts) // max(block, 1)) >= NORMAL_BLOCKS:
        (total, days), cov = block_moments(columns, block)
        lo, hi = _normal_interval(total / days, np.array([1 / days, -total / days ** 2]), cov)
        return max(0.0, lo), hi
    sums = block_sums(columns, block, resamples, rng)
    seen = sums[:, 1] > 0
    means = sums[seen, 0] / sums[seen, 1]
    lo, hi = np.percentile(means, [2.5, 97.5])
    return float(lo), float(hi)


def trend_per_month(day_offsets: np.ndarray, counts: np.ndarray
                    ) -> tuple[float, float, float]:
    """Slope of counts on day (per month) and its 95% CI (see the module notes)."""
    fit_slope, fit_intercept, fit_stderr = least_squares(day_offsets, counts)
    slope = float(fit_slope)
    n = len(counts)
    x = day_offsets - day_offsets.mean()
    resid = counts - (fit_intercept + fit_slope * day_offsets)
    sxx = float(np.dot(x, x))
    u = x * resid
    lags = math.floor(4 * (n / 100) ** (2 / 9))
    s = float(np.dot(u, u))
    for lag in range(1, min(lags, n - 1) + 1):
        s += 2 * (1 - lag / (lags + 1)) * float(np.dot(u[lag:], u[:-lag]))
    se_hac = math.sqrt(max(s, 0.0)) / sxx if sxx > 0 else 0.0
    se = max(float(fit_stderr), se_hac)
    half = t_ppf(0.975, n - 2) * se
    return (slope * DAYS_PER_MONTH, (slope - half) * DAYS_PER_MONTH,
            (slope + half) * DAYS_PER_MONTH)


def least_squares(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Slope, intercept and the slope's textbook standard error of y on x, computed as
    ``scipy.stats.linregress`` does (population moments; NaN when y never varies)."""
    if x.size == 0 or y.size == 0:
        raise ValueError("Inputs must not be empty.")
    if np.amax(x) == np.amin(x) and len(x) > 1:
        raise ValueError("Cannot calculate a linear regression if all x values are identical")
    ssxm, ssxym, _, ssym = np.cov(x, y, bias=True).flat
    if ssxm == 0.0 or ssym == 0.0:
        r = math.nan if ssxym == 0 else 0.0
    else:
        r = float(np.clip(ssxym / np.sqrt(ssxm * ssym), -1.0, 1.0))
    slope = ssxym / ssxm
    intercept = np.mean(y) - slope * np.mean(x)
    if len(x) == 2:
        return float(slope), float(intercept), 0.0
    stderr = np.sqrt((1 - r ** 2) * ssym / ssxm / (len(x) - 2))
    return float(slope), float(intercept), float(stderr)
