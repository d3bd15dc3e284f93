"""The analysis: agreement with scipy, planted effects, null journals, gaps and lags."""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import date, datetime, timedelta

import numpy as np
import pytest
from scipy import stats

from twitchlog.analysis.engine import (
    analyze,
    compare_periods,
    medication_periods,
)
from twitchlog.analysis.inputs import AnalysisInput, FactorInfo
from twitchlog.analysis.results import MIN_DAYS_FOR_TEST
from twitchlog.analysis.series import lagged_pairs
from twitchlog.domain import DayCheckIn, Episode, Medication
from twitchlog.store.analysis_queries import load_analysis_input, resolve_range

START = date(2024, 1, 1)
CAFFEINE = FactorInfo("caffeine_mg", "Caffeine", "number", "mg")
EXERCISE = FactorInfo("exercise_min", "Exercise", "number", "min")
STRESS = FactorInfo("stress", "Stress", "scale")
MAGNESIUM = FactorInfo("magnesium", "Magnesium supplement", "yesno")
SLEEP = FactorInfo("sleep_hours", "Sleep last night", "number", "h")


def simulate(days: int, seed: int, *, caffeine_effect: float = 0.0, lag: int = 0,
             tracked_share: float = 1.0, factors: tuple[FactorInfo, ...] = (
                 CAFFEINE, EXERCISE, STRESS, MAGNESIUM)) -> AnalysisInput:
    """A journal of ``days`` with random factors; episodes are Poisson, optionally raised by
    caffeine on the day ``lag`` days earlier."""
    rng = np.random.default_rng(seed)
    caffeine = rng.choice([0, 50, 100, 150, 200, 300, 400], size=days).astype(float)
    exercise = rng.choice([0, 15, 30, 60], size=days).astype(float)
    stress = rng.integers(0, 11, size=days).astype(float)
    magnesium = (rng.random(days) < 0.4).astype(float)
    tracked = rng.random(days) < tracked_share
    mean = np.full(days, 2.0)
    if caffeine_effect:
        mean[lag:] = 2.0 * np.exp(caffeine_effect * caffeine[: days - lag] / 100)
    episodes = rng.poisson(mean)
    values = {"caffeine_mg": caffeine, "exercise_min": exercise, "stress": stress,
              "magnesium": magnesium}
    mapping = {}
    for i in range(days):
        if tracked[i]:
            mapping[START + timedelta(days=i)] = (
                int(episodes[i]), {f.name: float(values[f.name][i]) for f in factors})
    return AnalysisInput.from_days(START, START + timedelta(days=days - 1), mapping,
                                   factors=list(factors))


# --- agreement with scipy ---------------------------------------------------------------


def _pyper_peterman(x_ranks: np.ndarray, y_ranks: np.ndarray, days: np.ndarray) -> float:
    """n_eff written out the slow way: products of calendar-lag autocorrelations."""
    n = len(days)
    span = int(days[-1] - days[0]) + 1
    xs, ys = x_ranks - x_ranks.mean(), y_ranks - y_ranks.mean()
    position = {int(d): i for i, d in enumerate(days)}
    total = 0.0
    window = max(1, int(span * 0.2))
    for k in range(1, window + 1):
        pairs = [(position[d], position[d + k]) for d in position if d + k in position]
        if len(pairs) < 10:
            continue
        i, j = np.array(pairs).T
        rx = np.mean(xs[i] * xs[j]) / np.mean(xs * xs)
        ry = np.mean(ys[i] * ys[j]) / np.mean(ys * ys)
        total += (1 - k / (window + 1)) * len(pairs) * rx * ry
    return min(n, max(4.0, n / (1 + 2 * total / n)))


def test_spearman_ci_and_q_values_agree_with_scipy() -> None:
    """rho is scipy's; p and the CI are scipy's formulas on the effective days (issue 9)."""
    data = simulate(60, seed=3, caffeine_effect=0.3, tracked_share=0.9)
    insights = analyze(data)
    tested = insights.tested
    assert tested
    for assoc in tested:
        x, y = lagged_pairs(insights.series, assoc.factor, assoc.lag_days)
        expected = stats.spearmanr(x, y)
        assert assoc.n == len(x)
        assert assoc.rho == pytest.approx(expected.statistic, abs=1e-12)
        values = insights.series.factors[assoc.factor]
        lag = assoc.lag_days
        known = ~np.isnan(values[: len(values) - lag]) & ~np.isnan(
            insights.series.episodes[lag:])
        n_eff = _pyper_peterman(stats.rankdata(x), stats.rankdata(y), np.flatnonzero(known))
        assert assoc.n_effective == pytest.approx(n_eff)
        t = assoc.rho * math.sqrt((n_eff - 2) / (1 - assoc.rho ** 2))
        assert assoc.p_value == pytest.approx(2 * stats.t.sf(abs(t), n_eff - 2), rel=1e-9)
        if n_eff == assoc.n:  # independent-looking days: exactly scipy's p-value
            assert assoc.p_value == pytest.approx(expected.pvalue, rel=1e-9)
        half = 1.959963984540054 * math.sqrt(1.06 / (n_eff - 3))
        z = math.atanh(assoc.rho)
        assert assoc.ci_low == pytest.approx(math.tanh(z - half))
        assert assoc.ci_high == pytest.approx(math.tanh(z + half))
    q_expected = stats.false_discovery_control([a.p_value for a in tested], method="bh")
    assert [a.q_value for a in tested] == pytest.approx(list(q_expected))
    assert all(a.significant == (a.q_value < 0.05) for a in tested)


def test_trend_slope_agrees_with_linregress() -> None:
    rng = np.random.default_rng(5)
    days = {START + timedelta(days=i): (int(rng.poisson(1 + i / 30)), {})
            for i in range(120) if i % 5 != 0}
    insights = analyze(AnalysisInput.from_days(START, START + timedelta(days=119), days))
    offsets = np.array([(d - START).days for d in sorted(days)], dtype=float)
    counts = np.array([days[d][0] for d in sorted(days)], dtype=float)
    fit = stats.linregress(offsets, counts)
    trend = insights.summary.trend
    assert trend.per_month == pytest.approx(fit.slope * 365.25 / 12)
    assert trend.ci_low < trend.per_month < trend.ci_high
    assert trend.direction == "worse"
    assert trend.n_days == len(days)


def test_trend_needs_enough_days() -> None:
    days = {START + timedelta(days=i): (i, {}) for i in range(10)}
    insights = analyze(AnalysisInput.from_days(START, START + timedelta(days=9), days))
    assert insights.summary.trend.per_month is None
    assert insights.summary.trend.direction == "not enough data"


# --- planted effects and null journals ------------------------------------------------------


def test_planted_caffeine_effect_is_found_and_unrelated_factor_is_not() -> None:
    insights = analyze(simulate(150, seed=11, caffeine_effect=0.35))
    caffeine = insights.association("caffeine_mg", 0)
    exercise = insights.association("exercise_min", 0)
    assert caffeine.tested and caffeine.significant
    assert caffeine.rho > 0.3
    assert caffeine.effect_ratio > 1.5
    assert caffeine.ratio_ci_low > 1.0
    assert exercise.tested and not exercise.significant
    assert insights.significant[0] is caffeine  # ranked first
    assert "caffeine" in caffeine.sentence and "as many twitches" in caffeine.sentence


def test_null_journals_rarely_show_a_significant_pair() -> None:
    flagged = sum(bool(analyze(simulate(90, seed=1000 + i)).significant) for i in range(40))
    # Benjamini-Hochberg keeps the chance of any false finding near 5% under the null
    assert flagged <= 5


# --- gaps and lags ----------------------------------------------------------------------------


def test_untracked_days_are_gaps_never_zeros(journal) -> None:
    tz = datetime.now().astimezone().tzinfo
    for offset, count in ((0, 2), (1, 0), (3, 4)):  # day 2 and day 4 are not tracked
        day = START + timedelta(days=offset)
        journal.checkins.save(DayCheckIn(date=day, caffeine_mg=100.0))
        for k in range(count):
            journal.episodes.add(Episode(started_at=datetime(day.year, day.month, day.day,
                                                            9 + k, tzinfo=tz),
                                        location="eyelid"))
    untracked = START + timedelta(days=2)
    journal.episodes.add(Episode(started_at=datetime(untracked.year, untracked.month,
                                                    untracked.day, 10, tzinfo=tz),
                                location="calf"))
    insights = analyze(load_analysis_input(journal, START, START + timedelta(days=4)))
    series = insights.series
    assert list(series.tracked) == [True, True, False, True, False]
    assert np.isnan(series.episodes[2]) and np.isnan(series.episodes[4])
    assert list(series.episodes[[0, 1, 3]]) == [2, 0, 4]
    assert np.isnan(series.factors["caffeine_mg"][2])
    summary = insights.summary
    assert summary.coverage.days_tracked == 3 and summary.coverage.days_in_range == 5
    assert summary.per_day_mean == pytest.approx(2.0)  # (2 + 0 + 4) / 3, not / 5
    assert summary.share_days_with_any == pytest.approx(2 / 3)
    assert summary.episodes == 7  # every logged episode counts where it happened
    assert summary.episodes_on_tracked_days == 6
    assert sum(c.count for c in insights.by_location) == 7
    assert insights.series.rolling7[4] == pytest.approx(2.0)  # trailing mean over tracked


def test_lag_pairs_follow_calendar_days_and_skip_untracked() -> None:
    days = {START: (1, {"caffeine_mg": 10.0}), START + timedelta(days=1): (2, {}),
            START + timedelta(days=3): (5, {"caffeine_mg": 30.0}),
            START + timedelta(days=4): (7, {"caffeine_mg": 40.0})}
    insights = analyze(AnalysisInput.from_days(START, START + timedelta(days=4), days,
                                               factors=[CAFFEINE]))
    x1, y1 = lagged_pairs(insights.series, "caffeine_mg", 1)
    # pairs (D, D+1): (day0 -> day1) and (day3 -> day4); day1 has no caffeine, day2 untracked
    assert list(x1) == [10.0, 30.0] and list(y1) == [2.0, 7.0]
    x2, y2 = lagged_pairs(insights.series, "caffeine_mg", 2)
    assert list(x2) == [] and list(y2) == []  # day0->day2 untracked, day1 blank


def test_only_next_day_twitches_depend_on_the_factor() -> None:
    insights = analyze(simulate(150, seed=21, caffeine_effect=0.45, lag=1))
    next_day = insights.association("caffeine_mg", 1)
    same_day = insights.association("caffeine_mg", 0)
    assert next_day.significant and next_day.rho > 0.3
    assert not same_day.significant
    assert "after a day with" in next_day.sentence


def test_too_few_days_or_no_variation_is_not_tested() -> None:
    days = {START + timedelta(days=i): (i % 3, {"caffeine_mg": float(i * 10),
                                                "magnesium": 1.0})
            for i in range(10)}
    insights = analyze(AnalysisInput.from_days(START, START + timedelta(days=9), days,
                                               factors=[CAFFEINE, MAGNESIUM]))
    caffeine = insights.association("caffeine_mg", 0)
    assert not caffeine.tested and caffeine.n == 10
    assert caffeine.days_needed == MIN_DAYS_FOR_TEST - 10
    assert "4 more tracked days" in caffeine.sentence
    days = {START + timedelta(days=i): (i % 3, {"magnesium": 1.0}) for i in range(20)}
    insights = analyze(AnalysisInput.from_days(START, START + timedelta(days=19), days,
                                               factors=[MAGNESIUM]))
    magnesium = insights.association("magnesium", 0)
    assert not magnesium.tested and magnesium.n == 20 and magnesium.days_needed == 0
    assert "always yes" in magnesium.reason


# --- effects, dose, periods ---------------------------------------------------------------------


def test_effect_compares_top_third_with_bottom_third() -> None:
    values = [0, 0, 0, 0, 0, 100, 100, 100, 100, 100, 300, 300, 300, 300, 300] * 2
    counts = [1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 6] * 2
    days = {START + timedelta(days=i): (counts[i], {"caffeine_mg": float(values[i])})
            for i in range(len(values))}
    insights = analyze(AnalysisInput.from_days(START, START + timedelta(days=29), days,
                                               factors=[CAFFEINE]))
    assoc = insights.association("caffeine_mg", 0)
    assert assoc.low_cut == 0 and assoc.high_cut == 300
    assert assoc.low_mean == pytest.approx(1.2)
    assert assoc.high_mean == pytest.approx(4.4)
    assert assoc.effect_ratio == pytest.approx(4.4 / 1.2)
    assert assoc.ratio_ci_low <= assoc.effect_ratio <= assoc.ratio_ci_high
    assert "300 mg or more of caffeine" in assoc.sentence
    assert "0 mg or less of caffeine" in assoc.sentence
    assert "3.7× as many twitches" in assoc.sentence


def test_yes_no_factor_compares_yes_with_no_and_sleep_reads_as_the_night_before() -> None:
    rng = np.random.default_rng(8)
    days = {}
    for i in range(80):
        sleep = float(rng.choice([5.0, 6.0, 7.0, 8.0, 9.0]))
        magnesium = float(i % 2)
        days[START + timedelta(days=i)] = (int(rng.poisson(6 - 0.6 * sleep + magnesium)),
                                           {"sleep_hours": sleep, "magnesium": magnesium})
    insights = analyze(AnalysisInput.from_days(START, START + timedelta(days=79), days,
                                               factors=[SLEEP, MAGNESIUM]))
    mag = insights.association("magnesium", 0)
    assert mag.low_label == "no" and mag.high_label == "yes"
    sleep = insights.association("sleep_hours", 0)
    assert sleep.significant and sleep.rho < 0
    assert sleep.sentence.startswith("On days after nights with")
    assert "of sleep or less" in sleep.sentence
    for assoc in insights.associations:
        assert "cause" not in assoc.sentence.lower()
        assert "cause" not in assoc.detail.lower()
    assert "Associated with fewer twitches" in sleep.detail


def test_dose_bands_average_episodes_per_amount() -> None:
    amounts = [0, 0, 50, 100, 150, 250, 450, 450]
    counts = [1, 3, 2, 2, 4, 5, 8, 6]
    days = {START + timedelta(days=i): (counts[i], {"caffeine_mg": float(amounts[i])})
            for i in range(len(amounts))}
    insights = analyze(AnalysisInput.from_days(START, START + timedelta(days=7), days,
                                               factors=[CAFFEINE]))
    bands = {b.label: b for b in insights.dose["caffeine_mg"]}
    assert bands["none"].days == 2 and bands["none"].mean == pytest.approx(2.0)
    assert bands["up to 100"].days == 2 and bands["up to 100"].mean == pytest.approx(2.0)
    assert bands["100–200"].days == 1 and bands["100–200"].ci_low is None
    assert bands["300–400"].days == 0 and bands["300–400"].mean is None
    assert bands["over 400"].mean == pytest.approx(7.0)


def test_period_comparison_gives_ratio_with_interval() -> None:
    rng = np.random.default_rng(2)
    days = {START + timedelta(days=i): (int(rng.poisson(4 if i < 30 else 2)), {})
            for i in range(60)}
    data = AnalysisInput.from_days(START, START + timedelta(days=59), days)
    result = compare_periods(data, START, START + timedelta(days=29),
                             START + timedelta(days=30), START + timedelta(days=59),
                             "before", "while taking magnesium")
    a = [days[START + timedelta(days=i)][0] for i in range(30)]
    b = [days[START + timedelta(days=i)][0] for i in range(30, 60)]
    assert result.days_a == 30 and result.days_b == 30
    assert result.rate_a == pytest.approx(np.mean(a))
    assert result.ratio == pytest.approx(np.mean(b) / np.mean(a))
    assert result.ci_low < result.ratio < result.ci_high < 1.0
    assert result.sentence.startswith(
        f"While taking magnesium you logged {round(result.ratio * 100)}% as many twitches")
    again = compare_periods(data, START, START + timedelta(days=29),
                            START + timedelta(days=30), START + timedelta(days=59),
                            "before", "while taking magnesium")
    assert (again.ci_low, again.ci_high) == (result.ci_low, result.ci_high)  # not random
    short = compare_periods(data, START, START + timedelta(days=3),
                            START + timedelta(days=30), START + timedelta(days=59), "a", "b")
    assert short.ratio is None and "Too few tracked days" in short.sentence


def test_medication_periods_are_equal_length_before_and_during() -> None:
    med = Medication("Magnesium", date(2024, 3, 1), end_date=date(2024, 3, 20))
    before, during = medication_periods(med, date(2024, 6, 1))
    assert during == (date(2024, 3, 1), date(2024, 3, 20))
    assert before == (date(2024, 2, 10), date(2024, 2, 29))
    assert medication_periods(Medication("Later", date(2025, 1, 1)), date(2024, 6, 1)) is None


# --- the journal side ---------------------------------------------------------------------------


def test_load_from_journal_summarises_durations_locations_and_hours(journal) -> None:
    tz = datetime.now().astimezone().tzinfo
    monday = date(2024, 1, 1)
    specs = [("eyelid", "left", 10.0, "twitch", 8), ("eyelid", "left", 20.0, "twitch", 8),
             ("calf", "right", 60.0, "cramp", 22), ("eyelid", "right", None, "twitch", 9)]
    for location, side, duration, kind, hour in specs:
        journal.episodes.add(Episode(started_at=datetime(2024, 1, 1, hour, 5, tzinfo=tz),
                                    location=location, side=side, duration_s=duration,
                                    kind=kind))
    journal.checkins.save(DayCheckIn(date=monday, weakness=True))
    journal.medications.save(Medication("Magnesium", date(2023, 12, 1)))
    start, end = resolve_range(journal, None, None, today=date(2024, 1, 7))
    assert (start, end) == (monday, date(2024, 1, 7))
    insights = analyze(load_analysis_input(journal, start, end))
    s = insights.summary
    assert s.first_episode_ever.hour == 8
    overall, *kinds = s.durations
    assert overall.n == 3 and overall.median == pytest.approx(20.0)
    assert {d.kind: d.median for d in kinds} == {"twitch": 15.0, "cramp": 60.0}
    assert (s.top_locations[0].location, s.top_locations[0].side,
            s.top_locations[0].count) == ("eyelid", "left", 2)
    assert insights.hour_weekday.shape == (7, 24)
    assert insights.hour_weekday[0, 8] == 2 and insights.hour_weekday[0, 22] == 1
    assert insights.hour_weekday.sum() == 4
    assert insights.warning_days == [(monday, ["weakness"])]
    assert [m.name for m in insights.medications] == ["Magnesium"]
    assert insights.weekly[0].week_start == monday and insights.weekly[0].episodes == 4


def test_analysis_of_an_empty_journal(journal) -> None:
    start, end = resolve_range(journal, None, None, today=date(2024, 5, 1))
    insights = analyze(load_analysis_input(journal, start, end))
    assert insights.summary.coverage.days_in_range == 1
    assert insights.summary.per_day_mean is None
    assert insights.summary.first_episode_ever is None
    assert insights.tested == [] and insights.untested
    assert all(a.days_needed == MIN_DAYS_FOR_TEST for a in insights.untested)


def test_light_modules_do_not_load_scipy_or_matplotlib() -> None:
    # (numpy is not checked: sqlite-utils imports it whenever it is installed)
    code = (
        "import sys\n"
        "import twitchlog.analysis.results, twitchlog.analysis.engine, twitchlog.charts\n"
        "import twitchlog.store.analysis_queries, twitchlog.cli.stats_cmd\n"
        "heavy = [m for m in ('scipy', 'matplotlib') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_a_full_analysis_needs_scipy_special_but_not_scipy_stats() -> None:
    """scipy.stats takes a quarter of a second and more to import; the Insights view's
    first open waits for whatever the analysis imports."""
    code = (
        "import sys\n"
        "from datetime import date, timedelta\n"
        "import numpy as np\n"
        "from twitchlog.analysis.engine import analyze, compare_periods\n"
        "from twitchlog.analysis.inputs import AnalysisInput, FactorInfo\n"
        "rng = np.random.default_rng(3)\n"
        "start = date(2024, 1, 1)\n"
        "days = {start + timedelta(days=i): (int(rng.poisson(2 + i / 60)),\n"
        "        {'caffeine_mg': float(rng.choice([0, 100, 300]))}) for i in range(90)}\n"
        "data = AnalysisInput.from_days(start, start + timedelta(days=89), days,\n"
        "    factors=[FactorInfo('caffeine_mg', 'Caffeine', 'number', 'mg')])\n"
        "insights = analyze(data)\n"
        "assert insights.complete and insights.tested and insights.summary.trend\n"
        "assert compare_periods(data, start, start + timedelta(days=29),\n"
        "    start + timedelta(days=30), start + timedelta(days=89), 'a', 'b').ci_low\n"
        "print(','.join(m for m in ('scipy.special', 'scipy.stats') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "scipy.special"
