"""Simulated journals for the honesty tests and their benchmark (numpy only, seeded).

Three kinds, as in issue 9: *drifting* (sleep, caffeine, stress and the twitch rate each
follow their own AR(1) with lag-one correlation 0.8, independent of each other unless an
effect is planted), *independent* (days independent of each other) and *confounded*
(stress drifts and drives both the coffee and the twitches; coffee does nothing).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from twitchlog.analysis.inputs import AnalysisInput, FactorInfo

START = date(2024, 1, 1)
SLEEP = FactorInfo("sleep_hours", "Sleep last night", "number", "h")
CAFFEINE = FactorInfo("caffeine_mg", "Caffeine", "number", "mg")
STRESS = FactorInfo("stress", "Stress", "scale")
FACTORS = [SLEEP, CAFFEINE, STRESS]
PHI = 0.8
#: About five twitches on a typical day (the demo journal has six).
BASE_RATE = 5.0


def ar1(rng: np.random.Generator, days: int, phi: float = PHI) -> np.ndarray:
    """A stationary AR(1) with unit variance and lag-one correlation ``phi``."""
    out = np.empty(days)
    out[0] = rng.standard_normal()
    scale = np.sqrt(1 - phi * phi)
    noise = rng.standard_normal(days) * scale
    for t in range(1, days):
        out[t] = phi * out[t - 1] + noise[t]
    return out


def _factors(sleep_z: np.ndarray, caffeine_z: np.ndarray, stress_z: np.ndarray
             ) -> dict[str, np.ndarray]:
    """Readable values: hours to the quarter, caffeine in 25 mg, stress 0-10."""
    return {
        "sleep_hours": np.clip(np.round((7 + 0.9 * sleep_z) * 4) / 4, 4, 10),
        "caffeine_mg": np.clip(np.round((180 + 90 * caffeine_z) / 25) * 25, 0, 500),
        "stress": np.clip(np.round(4 + 2 * stress_z), 0, 10),
    }


def _journal(values: dict[str, np.ndarray], log_rate: np.ndarray,
             rng: np.random.Generator, start: date = START) -> AnalysisInput:
    counts = rng.poisson(BASE_RATE * np.exp(log_rate - log_rate.mean()))
    mapping = {start + timedelta(days=i): (int(counts[i]),
                                           {k: float(v[i]) for k, v in values.items()})
               for i in range(len(counts))}
    return AnalysisInput.from_days(start, start + timedelta(days=len(counts) - 1), mapping,
                                   factors=list(FACTORS))


def drifting(seed: int, days: int = 150, *, caffeine_effect: float = 1.0,
             rate_drift: float = 0.4) -> AnalysisInput:
    """Everything drifts independently; the twitch rate is multiplied by
    ``caffeine_effect`` per 100 mg (1.0: no effect)."""
    rng = np.random.default_rng([9, seed])
    values = _factors(ar1(rng, days), ar1(rng, days), ar1(rng, days))
    log_rate = rate_drift * ar1(rng, days) + np.log(caffeine_effect) * (
        values["caffeine_mg"] / 100)
    return _journal(values, log_rate, rng)


def independent(seed: int, days: int = 150, *, caffeine_effect: float = 1.0
                ) -> AnalysisInput:
    """Independent days (phi = 0); an optional caffeine effect per 100 mg."""
    rng = np.random.default_rng([19, seed])
    values = _factors(*(rng.standard_normal(days) for _ in range(3)))
    log_rate = 0.3 * rng.standard_normal(days) + np.log(caffeine_effect) * (
        values["caffeine_mg"] / 100)
    return _journal(values, log_rate, rng)


def confounded(seed: int, days: int = 150) -> AnalysisInput:
    """Stress drifts and drives both coffee and twitches; coffee itself does nothing."""
    rng = np.random.default_rng([29, seed])
    stress_z = ar1(rng, days)
    caffeine_z = 0.7 * stress_z + np.sqrt(1 - 0.49) * ar1(rng, days)
    values = _factors(ar1(rng, days), caffeine_z, stress_z)
    log_rate = 0.2 * values["stress"] + 0.3 * ar1(rng, days)
    return _journal(values, log_rate, rng)


def two_periods(seed: int, *, ratio: float = 1.0, days: int = 60
                ) -> tuple[AnalysisInput, tuple[date, date], tuple[date, date]]:
    """A drifting journal of two adjacent ``days``-day periods; B's rate is ``ratio``
    times A's (1.0: no real change)."""
    rng = np.random.default_rng([39, seed])
    total = 2 * days
    values = _factors(ar1(rng, total), ar1(rng, total), ar1(rng, total))
    log_rate = 0.4 * ar1(rng, total)
    log_rate[days:] += np.log(ratio)
    counts = rng.poisson(BASE_RATE * np.exp(log_rate))
    mapping = {START + timedelta(days=i): (int(counts[i]),
                                           {k: float(v[i]) for k, v in values.items()})
               for i in range(total)}
    data = AnalysisInput.from_days(START, START + timedelta(days=total - 1), mapping,
                                   factors=list(FACTORS))
    a = (START, START + timedelta(days=days - 1))
    b = (START + timedelta(days=days), START + timedelta(days=total - 1))
    return data, a, b
