"""Every factor at lags 0, 1 and 2 against episodes per tracked day.

Pairs are formed over calendar days (:func:`twitchlog.analysis.series.lagged_pairs`):
the factor on day D (a tracked day with a value) against the episode count on day
D + lag (also tracked), both days inside the range. Each pair's test counts the
independent days the pairs are worth (:mod:`twitchlog.analysis.dependence`), and its
effect ratio and the dose bands are block-bootstrapped, so a run of alike days is not
sold as many independent observations.
Imported only when an analysis runs (it loads numpy and scipy).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from twitchlog.analysis.dependence import block_length, lag_one, pair_dependence
from twitchlog.analysis.inputs import FactorInfo
from twitchlog.analysis.results import (
    LAGS,
    MIN_DAYS_FOR_TEST,
    SIGNIFICANCE_Q,
    AnalysisCancelled,
    Association,
    DaySeries,
    DoseBand,
)
from twitchlog.analysis.series import lagged_pair_mask, lagged_pairs
from twitchlog.analysis.stats import (
    bh_qvalues,
    block_mean_ci,
    block_ratio_ci,
    ranks,
    spearman_ranks,
)
from twitchlog.analysis.wording import association_detail, association_sentence, fmt

#: Amount bands of the dose view: (label, low, high); "none" is exactly 0, every other
#: band holds amounts above ``low`` up to and including ``high`` (None = no upper end).
DOSE_BANDS: dict[str, list[tuple[str, float, float | None]]] = {
    "caffeine_mg": [
        ("none", 0.0, 0.0),
        ("up to 100", 0.0, 100.0),
        ("100–200", 100.0, 200.0),
        ("200–300", 200.0, 300.0),
        ("300–400", 300.0, 400.0),
        ("over 400", 400.0, None),
    ],
    "alcohol_units": [
        ("none", 0.0, 0.0),
        ("up to 1", 0.0, 1.0),
        ("1–2", 1.0, 2.0),
        ("2–4", 2.0, 4.0),
        ("over 4", 4.0, None),
    ],
}


@dataclass(slots=True)
class _Split:
    low: np.ndarray  # episode counts of the low group
    high: np.ndarray
    low_mask: np.ndarray  # which paired days (in date order) are in each group
    high_mask: np.ndarray
    low_cut: float | None
    high_cut: float | None
    low_label: str
    high_label: str
    block: int = 1  # block length (paired days) of the block bootstrap
    counts: np.ndarray | None = None  # every paired day's count, in date order


def split_groups(info: FactorInfo, x: np.ndarray, y: np.ndarray) -> _Split:
    """Top third vs bottom third of the factor (yes vs no for yes/no factors).

    Cut points are the 1/3 and 2/3 quantiles; ties at a cut go to that group. When the two
    cuts coincide (many equal values) the shared value joins the side with fewer days.
    """
    unit = f" {info.unit}" if info.unit else ""
    if info.kind == "yesno":
        return _Split(y[x < 0.5], y[x >= 0.5], x < 0.5, x >= 0.5, None, None, "no", "yes")
    low_cut, high_cut = (float(v) for v in np.quantile(x, [1 / 3, 2 / 3]))
    if low_cut < high_cut:
        low_mask, high_mask = x <= low_cut, x >= high_cut
    else:
        cut = low_cut
        above, below = int((x > cut).sum()), int((x < cut).sum())
        # the tied value joins the smaller side, keeping both groups as large as possible
        if above and (not below or min(len(x) - above, above) >= min(below, len(x) - below)):
            low_mask, high_mask = x <= cut, x > cut
        else:
            low_mask, high_mask = x < cut, x >= cut
    # name the groups by values that occur: "300 mg or more", not an interpolated quantile
    low_cut = float(x[low_mask].max())
    high_cut = float(x[high_mask].min())
    return _Split(y[low_mask], y[high_mask], low_mask, high_mask, low_cut, high_cut,
                  f"bottom third (≤ {fmt(low_cut)}{unit})",
                  f"top third (≥ {fmt(high_cut)}{unit})")


def _calendar_ranks(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Ranks of ``values`` placed on the calendar days of ``mask`` (NaN elsewhere)."""
    out = np.full(len(mask), np.nan)
    out[mask] = ranks(values)
    return out


def test_pair(info: FactorInfo, series: DaySeries, lag: int
              ) -> tuple[Association, _Split | None, float | None]:
    """One factor at one lag; the p-value is returned for the BH step (None if untested)."""
    x, y = lagged_pairs(series, info.name, lag)
    n = len(x)
    assoc = Association(factor=info.name, label=info.label, kind=info.kind, lag_days=lag,
                        n=n, tested=False, unit=info.unit)
    if n < MIN_DAYS_FOR_TEST:
        assoc.days_needed = MIN_DAYS_FOR_TEST - n
        assoc.reason = (f"{n} tracked day{'s' if n != 1 else ''} with a value so far; "
                        f"needs {MIN_DAYS_FOR_TEST}")
        return assoc, None, None
    if np.ptp(x) == 0:
        if info.kind == "yesno":
            only = "always yes" if x[0] >= 0.5 else "always no"
        else:
            only = f"always {fmt(float(x[0]))}{' ' + info.unit if info.unit else ''}"
        assoc.reason = f"{only} so far, so there is nothing to compare"
        return assoc, None, None
    if np.ptp(y) == 0:
        assoc.reason = (f"the same number of twitches ({fmt(float(y[0]))}) on every one of "
                        f"these days, so there is nothing to compare")
        return assoc, None, None
    mask = lagged_pair_mask(series, info.name, lag)
    x_ranks, y_ranks = _calendar_ranks(x, mask), _calendar_ranks(y, mask)
    n_eff, phi = pair_dependence(x_ranks, y_ranks)
    rho, p, low, high = spearman_ranks(x_ranks[mask], y_ranks[mask], n_eff)
    split = split_groups(info, x, y)
    split.block = block_length(phi, n)
    split.counts = y
    assoc.tested = True
    assoc.n_effective = n_eff
    assoc.rho, assoc.p_value, assoc.ci_low, assoc.ci_high = rho, p, low, high
    assoc.low_label, assoc.high_label = split.low_label, split.high_label
    assoc.low_cut, assoc.high_cut = split.low_cut, split.high_cut
    if len(split.low) and len(split.high):
        assoc.low_mean = float(split.low.mean())
        assoc.high_mean = float(split.high.mean())
        if assoc.low_mean > 0:
            assoc.effect_ratio = assoc.high_mean / assoc.low_mean
    return assoc, split, p


def effect_interval(assoc: Association, split: _Split, rng: np.random.Generator) -> None:
    """The block-bootstrap 95% CI of the effect ratio (for the pairs a sentence states)."""
    if assoc.effect_ratio is not None and split.counts is not None:
        assoc.ratio_ci_low, assoc.ratio_ci_high = block_ratio_ci(
            split.counts, split.low_mask, split.high_mask, split.block, rng)


def _rng(seed: int, factor: str, lag: int) -> np.random.Generator:
    """A generator per pair, so results do not depend on which other factors exist."""
    return np.random.default_rng([seed, zlib.crc32(factor.encode("utf-8")), lag])


def associations(series: DaySeries, factors: list[FactorInfo], *, seed: int = 0,
                 cancel: Callable[[], bool] | None = None) -> list[Association]:
    """All pairs; tested ones ranked (significant first, then by q and |rho|), untested last."""
    results: list[tuple[Association, FactorInfo, _Split | None]] = []
    p_values: list[float] = []
    tested: list[Association] = []
    for info in factors:
        if cancel is not None and cancel():
            raise AnalysisCancelled
        for lag in LAGS:
            assoc, split, p = test_pair(info, series, lag)
            results.append((assoc, info, split))
            if p is not None:
                p_values.append(p)
                tested.append(assoc)
    for assoc, q in zip(tested, bh_qvalues(p_values), strict=True):
        assoc.q_value = q
        assoc.significant = q < SIGNIFICANCE_Q
    for assoc, info, split in results:
        if assoc.significant and split is not None:
            effect_interval(assoc, split, _rng(seed, info.name, assoc.lag_days))
        assoc.sentence = association_sentence(
            assoc, info, split.low_cut if split else None, split.high_cut if split else None)
        assoc.detail = association_detail(assoc)
    order = {info.name: i for i, info in enumerate(factors)}
    ranked = sorted(
        (a for a, _, _ in results if a.tested),
        key=lambda a: (not a.significant, a.q_value, -abs(a.rho or 0.0)),
    )
    untested = sorted((a for a, _, _ in results if not a.tested),
                      key=lambda a: (order[a.factor], a.lag_days))
    return ranked + untested


def dose_bands(series: DaySeries, factor: str, *, seed: int = 0) -> list[DoseBand]:
    """Episodes per tracked day by amount band, same day; bands above the largest
    amount recorded are left out. Each band's 95% CI is a block bootstrap over the
    paired days in date order (block length from the day-to-day likeness of the counts)."""
    values = series.factors.get(factor)
    if values is None:
        return []
    x, y = lagged_pairs(series, factor, 0)
    days_mask = lagged_pair_mask(series, factor, 0)
    on_days = np.full(len(days_mask), np.nan)
    on_days[days_mask] = y
    block = block_length(lag_one(on_days), len(y))
    rng = _rng(seed, factor, len(LAGS))  # its own stream, apart from the lags
    bands = []
    for label, low, high in DOSE_BANDS[factor]:
        mask = _band_mask(x, low, high)
        group = y[mask]
        ci_low, ci_high = block_mean_ci(y, mask, block, rng)
        if ci_low is not None:
            ci_low = max(0.0, ci_low)
        bands.append(DoseBand(label=label, days=len(group),
                              mean=float(group.mean()) if len(group) else None,
                              ci_low=ci_low, ci_high=ci_high, low=low,
                              high=high))
    while bands and bands[-1].days == 0:
        bands.pop()
    return bands


def _band_mask(x: np.ndarray, low: float, high: float | None) -> np.ndarray:
    if high == low:
        return np.asarray(x == low)
    return np.asarray((x > low) & (x <= high) if high is not None else x > low)
