"""Adjusted effects: each factor's rate ratio once the day's other factors are accounted for.

Imported only when an analysis runs (it loads numpy and scipy).

Choices, stated once (the README's "How sure is it?" says the same):

* Model: Poisson regression of the twitches on a tracked day on that day's factors
  (log link, fitted by iteratively reweighted least squares). Only the mean model is
  Poisson: the standard errors are sandwich (robust) errors, right for overdispersed
  counts (quasi-Poisson and negative-binomial data alike), widened for autocorrelation
  the way the associations are: each coefficient's variance is multiplied by
  ``n / n_eff``, where ``n_eff`` is the effective number of independent days
  (:func:`twitchlog.analysis.dependence.effective_n`, Bartlett 1935 / Pyper & Peterman
  1998) of its partial regressor (the factor with the others regressed out, on the
  working weights) against the Pearson residuals. This is the classical large-sample
  variance of a regression slope with autocorrelated regressor and errors; unlike
  Newey–West kernels it does not under-count week-long drifts in 150 days (on the
  confounded journals of the tests, Newey–West errors with Andrews' bandwidth, with or
  without prewhitening, called the no-effect factors clear about 1.5 times as often).
  The 95% CI and p-value use the t distribution on ``n_eff − k`` degrees of freedom
  (k coefficients). "Clear" is a
  Benjamini–Hochberg q below 0.05 across the model's factors, as for the associations.
* Days: complete cases, i.e. tracked days with a value for every factor in the model.
* Which factors enter (so the model is not over-fitted): factors with a same-day test,
  those with a clear association first (strongest first), then the others in the
  journal's factor order; a factor enters only while the model keeps at least
  10 complete days per estimated coefficient (intercept included) and at least 80% of
  the days it had, and only if it does not (nearly) repeat the factors already in; at
  most 5 factors enter. A fit that does not converge (a group of days without a single
  twitch) gives no adjusted model rather than an infinite rate ratio.
* Steps: per 100 mg caffeine, per hour of sleep, per point of a scale, per 30 minutes of
  exercise, per unit or cigarette, yes vs no; a custom number per a power of ten near
  its spread.
"""

from __future__ import annotations

import math

import numpy as np

from twitchlog.analysis.dependence import effective_n
from twitchlog.analysis.inputs import FactorInfo
from twitchlog.analysis.results import (
    SIGNIFICANCE_Q,
    AdjustedEffect,
    AdjustedModel,
    Association,
    DaySeries,
)
from twitchlog.analysis.stats import bh_qvalues, t_sf

METHOD = ("quasi-Poisson regression, sandwich standard errors widened for "
          "autocorrelation (effective sample size per coefficient)")
DAYS_PER_COEFFICIENT = 10
MAX_FACTORS = 5
KEEP_SHARE = 0.8
MAX_ITERATIONS = 50
#: A factor that (nearly) repeats the ones already in the model does not enter.
MAX_CONDITION = 1e6

#: The readable step of each built-in number (scales are per point, yes/no is yes vs no).
STEPS: dict[str, tuple[float, str]] = {
    "caffeine_mg": (100.0, "per 100 mg"),
    "sleep_hours": (1.0, "per hour"),
    "exercise_min": (30.0, "per 30 min"),
    "alcohol_units": (1.0, "per unit"),
    "nicotine": (1.0, "per cigarette"),
}


def step_of(info: FactorInfo, values: np.ndarray) -> tuple[float, str]:
    """The step a rate ratio is given per, and its words."""
    if info.kind == "yesno":
        return 1.0, "yes vs no"
    if info.kind == "scale":
        return 1.0, "per point"
    if info.name in STEPS:
        return STEPS[info.name]
    spread = float(np.std(values))
    step = 10.0 ** math.floor(math.log10(spread)) if spread > 0 else 1.0
    unit = f" {info.unit}" if info.unit else ""
    return step, f"per {step:g}{unit}"


def _choose(series: DaySeries, factors: list[FactorInfo], pairs: list[Association]
            ) -> tuple[list[FactorInfo], np.ndarray]:
    """The factors that enter and the complete-case day mask (see the module notes)."""
    same_day = {a.factor: a for a in pairs if a.tested and a.lag_days == 0}
    clear = {a.factor: a.q_value or 1.0 for a in pairs if a.tested and a.significant}
    candidates = [f for f in factors if f.name in same_day]
    candidates.sort(key=lambda f: (f.name not in clear, clear.get(f.name, 1.0)))
    mask = series.tracked.copy()
    chosen: list[FactorInfo] = []
    for info in candidates:
        if len(chosen) >= MAX_FACTORS:
            break
        values = series.factors[info.name]
        trial = mask & ~np.isnan(values)
        days = int(trial.sum())
        if days < DAYS_PER_COEFFICIENT * (len(chosen) + 2) or days < KEEP_SHARE * mask.sum():
            continue
        if np.ptp(values[trial]) == 0:
            continue
        design = np.column_stack([np.ones(days)] + [
            series.factors[f.name][trial] for f in (*chosen, info)])
        design = (design - design.mean(axis=0)) / np.maximum(design.std(axis=0), 1e-12)
        design[:, 0] = 1.0
        if np.linalg.cond(design) > MAX_CONDITION:  # it repeats factors already in
            continue
        chosen.append(info)
        mask = trial
    return chosen, mask


def _poisson_fit(x: np.ndarray, y: np.ndarray) -> np.ndarray | None:
    """IRLS estimate of log-linear coefficients (None if it does not converge)."""
    beta = np.zeros(x.shape[1])
    beta[0] = math.log(max(float(y.mean()), 1e-9))
    for _ in range(MAX_ITERATIONS):
        eta = np.clip(x @ beta, -30, 30)
        mu = np.exp(eta)
        z = eta + (y - mu) / mu
        xw = x * mu[:, None]
        try:
            new = np.linalg.solve(x.T @ xw, xw.T @ z)
        except np.linalg.LinAlgError:
            return None
        if not np.all(np.isfinite(new)):
            return None
        if np.max(np.abs(new - beta)) < 1e-9:
            return new
        beta = new
    return None  # no convergence: a group without twitches (separation)


def robust_covariance(x: np.ndarray, y: np.ndarray, mu: np.ndarray, day_index: np.ndarray,
                      days: int) -> tuple[np.ndarray, np.ndarray]:
    """The sandwich covariance of Poisson coefficients and each coefficient's effective
    number of independent days (see the module notes)."""
    n, p = x.shape
    bread = np.linalg.inv(x.T @ (x * mu[:, None]))
    scores = x * (y - mu)[:, None]
    cov = bread @ (scores.T @ scores) @ bread * (n / max(n - p, 1))
    root = np.sqrt(mu)
    weighted = x * root[:, None]
    pearson = np.full(days, np.nan)
    pearson[day_index] = (y - mu) / root
    n_eff = np.full(p, float(n))
    for j in range(1, p):
        others = np.delete(weighted, j, axis=1)
        coef, *_ = np.linalg.lstsq(others, weighted[:, j], rcond=None)
        partial = np.full(days, np.nan)
        partial[day_index] = weighted[:, j] - others @ coef
        n_eff[j] = effective_n(partial, pearson)
    inflation = np.sqrt(n / n_eff)
    return cov * np.outer(inflation, inflation), n_eff


def adjusted_model(series: DaySeries, factors: list[FactorInfo], pairs: list[Association]
                   ) -> AdjustedModel | None:
    """The adjusted rate ratios, or None when fewer than one factor can enter."""
    from scipy import special

    chosen, mask = _choose(series, factors, pairs)
    if not chosen:
        return None
    y = series.episodes[mask]
    if float(y.sum()) == 0:
        return None
    steps = [step_of(info, series.factors[info.name][mask]) for info in chosen]
    columns = [np.ones(len(y))]
    for info, (step, _) in zip(chosen, steps, strict=True):
        values = series.factors[info.name][mask]
        columns.append((values - values.mean()) / step)
    x = np.column_stack(columns)
    beta = _poisson_fit(x, y)
    if beta is None:
        return None
    mu = np.exp(np.clip(x @ beta, -30, 30))
    try:
        cov, n_eff = robust_covariance(x, y, mu, np.flatnonzero(mask), len(mask))
    except np.linalg.LinAlgError:
        return None
    se = np.sqrt(np.clip(np.diag(cov), 0, None))
    df = np.maximum(n_eff - x.shape[1], 1.0)
    critical = special.stdtrit(df, 0.975)  # Student's t quantile, per coefficient
    p_values = [float(2 * t_sf(abs(b / s), d)) if s > 0 else 1.0
                for b, s, d in zip(beta[1:], se[1:], df[1:], strict=True)]
    q_values = bh_qvalues(p_values)
    effects = []
    for i, info in enumerate(chosen, start=1):
        step, words = steps[i - 1]
        effects.append(AdjustedEffect(
            factor=info.name, label=info.label, rate_ratio=math.exp(beta[i]), per=step,
            per_text=words, ci_low=math.exp(beta[i] - critical[i] * se[i]),
            ci_high=math.exp(beta[i] + critical[i] * se[i]), p_value=p_values[i - 1],
            q_value=q_values[i - 1], significant=q_values[i - 1] < SIGNIFICANCE_Q))
    return AdjustedModel(method=METHOD, n=int(mask.sum()),
                         factors=[info.name for info in chosen], effects=effects,
                         correlations=_correlations(series, chosen, mask))


def _correlations(series: DaySeries, chosen: list[FactorInfo], mask: np.ndarray
                  ) -> dict[tuple[str, str], float]:
    """Spearman's rho between the model's factors on its days (to explain a change)."""
    from twitchlog.analysis.stats import ranks

    ranked = np.array([ranks(series.factors[info.name][mask]) for info in chosen])
    with np.errstate(invalid="ignore", divide="ignore"):
        matrix = np.corrcoef(ranked) if len(chosen) > 1 else np.ones((1, 1))
    out: dict[tuple[str, str], float] = {}
    for i, a in enumerate(chosen):
        for j, b in enumerate(chosen):
            if i != j and math.isfinite(float(matrix[i, j])):
                out[(a.name, b.name)] = float(matrix[i, j])
    return out
