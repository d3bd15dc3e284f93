"""How alike neighbouring days are, and what that does to the evidence.

Imported only when an analysis runs (it loads numpy).

Choices, stated once (the README's "How sure is it?" says the same):

* Gaps. Series live on the calendar; untracked or blank days are gaps, never filled in.
  The autocorrelation at lag k is estimated from the pairs of known days exactly k
  calendar days apart, centred on the mean and scaled by the variance of all known days
  (the usual estimator with missing values, as R's ``acf(na.action = na.pass)``).
* Effective sample size of a correlation (Bartlett 1935; Pyper & Peterman 1998,
  Can. J. Fish. Aquat. Sci. 55:2127):
  ``1/n_eff = 1/n + (2/n²)·Σ_k w_k·m_k·ρ_xx(k)·ρ_yy(k)`` over calendar lags
  k = 1 … K = span/5 (Pyper & Peterman's window), where m_k is the number of known pairs
  k days apart (``n − k`` without gaps, which gives their formula) and lags with fewer
  than 10 pairs are left out. The Bartlett lag window ``w_k = 1 − k/(K + 1)`` damps the
  noisy long-lag estimates: on the simulated journals of the tests it keeps the same
  false-alarm rate with a little more power, and short independent journals lose fewer
  days to noise. ``n_eff`` is kept between 4 and ``n``: alike days never count as more
  than the days there are.
* Block length for the block bootstraps: the Politis & White (2004) rule for the
  circular block bootstrap with an AR(1) plug-in,
  ``b = (6·n)^(1/3)·(φ/(1 − φ²))^(2/3)`` with φ the lag-one autocorrelation (at least
  1 day, at most a quarter of the days).
* The circular block bootstrap (Politis & Romano 1992) resamples runs of consecutive
  known days (gaps closed up, the end joined to the start), so a bad week stays a week.
* Short-series AR(1): the lag-one estimate is biased towards zero; the Kendall (1954)
  correction ``φ + (1 + 3φ)/n`` is applied where a single φ drives an interval.
"""

from __future__ import annotations

import math

import numpy as np

#: Pyper & Peterman's lag window: autocorrelations up to a fifth of the span.
LAG_WINDOW_SHARE = 0.2
#: A lag enters the sum only with this many known pairs behind its estimate.
MIN_PAIRS_PER_LAG = 10
#: The effective sample size never drops below this (a t test needs a few df).
MIN_EFFECTIVE = 4.0
MAX_PHI = 0.95


def calendar_acf(values: np.ndarray, max_lag: int) -> tuple[np.ndarray, np.ndarray]:
    """Autocorrelations at calendar lags 1 … ``max_lag`` of a series with NaN gaps, and
    the number of known pairs behind each (see the module notes)."""
    known = ~np.isnan(values)
    n_known = int(known.sum())
    max_lag = max(0, min(max_lag, len(values) - 1))
    if n_known < 2 or max_lag == 0:
        return np.zeros(max_lag), np.zeros(max_lag, dtype=np.int64)
    z = np.where(known, values - values[known].mean(), 0.0)
    variance = float(np.dot(z, z)) / n_known
    size = 1 << math.ceil(math.log2(2 * len(values)))
    fz = np.fft.rfft(z, size)
    fm = np.fft.rfft(known.astype(float), size)
    sums = np.fft.irfft(fz * np.conj(fz), size)[1:max_lag + 1]
    pairs = np.rint(np.fft.irfft(fm * np.conj(fm), size)[1:max_lag + 1]).astype(np.int64)
    if variance <= 0:
        return np.zeros(max_lag), pairs
    with np.errstate(invalid="ignore", divide="ignore"):
        acf = np.where(pairs > 0, sums / np.maximum(pairs, 1) / variance, 0.0)
    return np.clip(acf, -1.0, 1.0), pairs


def effective_n(x_on_days: np.ndarray, y_on_days: np.ndarray) -> float:
    """How many independent days ``n`` paired days are worth for a correlation.

    Both arrays are on the calendar (NaN where the pair is missing) and known on the
    same days; for Spearman's rho pass the ranks.
    """
    return pair_dependence(x_on_days, y_on_days)[0]


def pair_dependence(x_on_days: np.ndarray, y_on_days: np.ndarray) -> tuple[float, float]:
    """:func:`effective_n` and the larger lag-one autocorrelation of the two series
    (for the block length), from one estimate of each series' autocorrelations."""
    known = ~np.isnan(x_on_days)
    n = int(known.sum())
    if n < 3:
        return float(n), 0.0
    idx = np.flatnonzero(known)
    span = int(idx[-1] - idx[0]) + 1
    x, y = x_on_days[idx[0]:idx[-1] + 1], y_on_days[idx[0]:idx[-1] + 1]
    max_lag = max(1, int(span * LAG_WINDOW_SHARE))
    acf_x, pairs = calendar_acf(x, max_lag)
    acf_y, _ = calendar_acf(y, max_lag)
    use = pairs >= MIN_PAIRS_PER_LAG
    window = 1.0 - np.arange(1, len(pairs) + 1) / (len(pairs) + 1)
    inflation = 2.0 * float(np.sum((window * pairs * acf_x * acf_y)[use])) / n
    n_eff = n / max(1.0 + inflation, 1e-9)
    phi = max(float(acf_x[0]), float(acf_y[0])) if use[0] else 0.0
    return float(min(float(n), max(min(MIN_EFFECTIVE, float(n)), n_eff))), phi


def lag_one(values: np.ndarray) -> float:
    """The lag-one autocorrelation over calendar days (0 when no neighbours are known)."""
    acf, pairs = calendar_acf(values, 1)
    if not len(acf) or pairs[0] < MIN_PAIRS_PER_LAG:
        return 0.0
    return float(acf[0])


def block_length(phi: float, n: int) -> int:
    """Politis & White (2004) circular-block length for an AR(1) with lag-one ``phi``."""
    phi = min(max(phi, 0.0), MAX_PHI)
    if phi <= 0.0 or n < 8:
        return 1
    b = (6.0 * n) ** (1 / 3) * (phi / (1.0 - phi * phi)) ** (2 / 3)
    return int(min(max(1, round(b)), max(1, n // 4)))


def block_moments(columns: np.ndarray, block: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact mean and covariance of :func:`block_sums` (no resampling): ``k`` blocks
    drawn with equal chance from the ``n`` circular starts, ``k = ceil(n / block)``."""
    m, n = columns.shape
    block = max(1, min(block, n))
    wrapped = np.concatenate([columns, columns[:, :block]], axis=1)
    cum = np.concatenate([np.zeros((m, 1)), np.cumsum(wrapped, axis=1)], axis=1)
    per_start = cum[:, block:block + n] - cum[:, :n]
    k = -(-n // block)
    return k * per_start.mean(axis=1), k * np.atleast_2d(np.cov(per_start, bias=True))


def block_sums(columns: np.ndarray, block: int, resamples: int,
               rng: np.random.Generator) -> np.ndarray:
    """Circular-block-bootstrap totals of each row of ``columns`` (m x n).

    Returns a ``resamples`` x m array: the sum of every row over one resampled series
    of ``ceil(n / block)`` blocks. Means follow as ratios of two rows (values, counts).
    """
    m, n = columns.shape
    block = max(1, min(block, n))
    wrapped = np.concatenate([columns, columns[:, :block]], axis=1)
    cum = np.concatenate([np.zeros((m, 1)), np.cumsum(wrapped, axis=1)], axis=1)
    per_start = cum[:, block:block + n] - cum[:, :n]  # m x n: the block starting there
    k = -(-n // block)
    starts = rng.integers(0, n, size=(resamples, k))
    return np.asarray(per_start[:, starts].sum(axis=2).T)


def ar1_effective_n(n: int, phi: float) -> float:
    """Independent days a mean of ``n`` AR(1) days with lag-one ``phi`` is worth."""
    if n < 2 or phi <= 0:
        return float(n)
    k = np.arange(1, n)
    inflation = 1.0 + 2.0 * float(np.sum((1 - k / n) * phi ** k))
    return max(1.0, n / inflation)


def corrected_phi(phi: float, n: int) -> float:
    """Kendall's (1954) small-sample correction of a lag-one estimate, kept in [0, 0.95]."""
    if n < 4:
        return 0.0
    return min(MAX_PHI, max(0.0, phi + (1.0 + 3.0 * phi) / n))
