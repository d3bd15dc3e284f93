"""The adjusted model: what it estimates, which factors enter, and when it stays silent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
import pytest

from twitchlog.analysis.engine import analyze
from twitchlog.analysis.inputs import AnalysisInput, FactorInfo

START = date(2024, 1, 1)
CAFFEINE = FactorInfo("caffeine_mg", "Caffeine", "number", "mg")
MAGNESIUM = FactorInfo("magnesium", "Magnesium supplement", "yesno")
COFFEE = FactorInfo("coffee", "coffee", "number", "cups", custom=True)


def journal(days: int, make: Callable[[int, np.random.Generator],
                                      tuple[int, dict[str, float]]]) -> AnalysisInput:
    rng = np.random.default_rng(5)
    mapping = {START + timedelta(days=i): make(i, rng) for i in range(days)}
    factors = sorted({name for _, values in mapping.values() for name in values})
    infos = {f.name: f for f in (CAFFEINE, MAGNESIUM, COFFEE)}
    return AnalysisInput.from_days(START, START + timedelta(days=days - 1), mapping,
                                   factors=[infos[name] for name in factors])


def test_one_yes_no_factor_gives_the_ratio_of_the_group_means() -> None:
    data = journal(120, lambda i, rng: (int(rng.poisson(4 if i % 3 == 0 else 2)),
                                        {"magnesium": float(i % 3 == 0)}))
    insights = analyze(data)
    counts = np.array(data.daily.episodes, dtype=float)
    yes = np.array(data.daily.factors["magnesium"]) == 1.0
    (effect,) = insights.adjusted.effects
    assert effect.per_text == "yes vs no" and effect.per == 1
    assert effect.rate_ratio == pytest.approx(counts[yes].mean() / counts[~yes].mean())
    assert effect.ci_low < effect.rate_ratio < effect.ci_high
    assert effect.significant and effect.p_value < 0.05
    assert insights.adjusted.n == 120 and insights.adjusted.factors == ["magnesium"]


def test_a_factor_repeating_another_does_not_enter() -> None:
    def day(i: int, rng: np.random.Generator) -> tuple[int, dict[str, float]]:
        caffeine = float(rng.choice([0, 100, 200, 300]))
        return int(rng.poisson(1 + caffeine / 100)), {"caffeine_mg": caffeine,
                                                      "coffee": caffeine / 100}

    model = analyze(journal(100, day)).adjusted
    assert model.factors == ["caffeine_mg"]  # "coffee" (cups) says the same again
    assert model.effect("caffeine_mg").per_text == "per 100 mg"


def test_no_model_when_one_group_never_twitches() -> None:
    data = journal(60, lambda i, rng: (0 if i % 2 else int(rng.poisson(3)),
                                       {"magnesium": float(i % 2)}))
    assert analyze(data).adjusted is None


def test_notes_say_what_changed_in_plain_words() -> None:
    from twitchlog.analysis.results import AdjustedEffect, AdjustedModel, Association
    from twitchlog.analysis.wording import adjusted_notes

    def effect(factor: str, ratio: float, significant: bool) -> AdjustedEffect:
        return AdjustedEffect(factor, factor, ratio, 1.0, "yes vs no", ratio * 0.8,
                              ratio * 1.2, 0.01 if significant else 0.4,
                              0.01 if significant else 0.4, significant)

    caffeine = Association("caffeine_mg", "Caffeine", "number", 0, 90, True, rho=0.4,
                           significant=True)
    model = AdjustedModel("m", 90, ["caffeine_mg", "magnesium"],
                          [effect("caffeine_mg", 1.1, False), effect("magnesium", 0.7, True)],
                          correlations={("caffeine_mg", "magnesium"): -0.5,
                                        ("magnesium", "caffeine_mg"): -0.5})
    adjusted_notes(model, [caffeine], {"caffeine_mg": CAFFEINE, "magnesium": MAGNESIUM})
    assert model.notes == [
        "Caffeine: not clear once magnesium supplement is accounted for (days with no "
        "magnesium supplement also had more caffeine).",
        "Magnesium supplement: clear only once caffeine is accounted for (0.70× yes vs no, "
        "95% CI 0.56 to 0.84).",
    ]
    assert model.disagreement == model.notes[0]  # page one: only the claim that changed
