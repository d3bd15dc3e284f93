"""The demo history: realistic, analysable, reproducible, and never mixed with real data."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from twitchlog.demo import (
    DIURETIC,
    MAGNESIUM,
    SCREEN_TIME,
    DemoRefusedError,
    build_demo_plan,
    create_demo_journal,
    generate_demo,
)
from twitchlog.domain import Episode
from twitchlog.store import Journal
from twitchlog.validation import now_local, validate_checkin, validate_episode

END = date(2025, 6, 30)


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.twitchlog"
    create_demo_journal(path, 365, seed=1, end=END)
    return path


def _mean_rate(journal: Journal, name: str, keep: object) -> float:
    series = journal.daily_series(date(2024, 7, 1), END)
    values = [n for n, x in zip(series.episodes, series.factors[name], strict=True)
              if x is not None and keep(x)]  # type: ignore[operator]
    return statistics.mean(values)


def test_a_year_of_check_ins_with_gaps(year: Path) -> None:
    with Journal.open(year) as journal:
        tracked = journal.checkins.tracked_dates()
        assert tracked[-1] <= END and tracked[0] >= date(2024, 7, 1)
        assert 0.8 <= len(tracked) / 365 <= 0.95  # most days, but not all
        days = journal.checkins.find()
        sleep = [d.sleep_hours for d in days if d.sleep_hours is not None]
        assert min(sleep) >= 4 and max(sleep) <= 9.5 and 6.5 < statistics.mean(sleep) < 8
        caffeine = [d.caffeine_mg for d in days if d.caffeine_mg is not None]
        assert min(caffeine) >= 0 and max(caffeine) <= 400
        assert Counter(c % 95 == 0 for c in caffeine)[True] > len(caffeine) / 2  # coffee
        assert {d.stress for d in days} - {None} <= set(range(11))
        assert any(d.exercise_min for d in days) and any(d.alcohol_units for d in days)
        assert any(d.nicotine for d in days)
        assert any(d.magnesium for d in days) and not all(d.magnesium for d in days)
        assert sum(1 for d in days if d.factors.get(SCREEN_TIME) is not None) > 200
        assert any(d.sleep_hours is None for d in days)  # blank now and then: unknown


def test_warning_signs_medications_and_factor(year: Path) -> None:
    with Journal.open(year) as journal:
        signs = Counter(s for _, names in journal.checkins.warning_days() for s in names)
        assert signs["numbness"] == 1 and signs["cramps"] >= 2
        assert signs["weakness"] == signs["wasting"] == 0
        meds = {m.name: m for m in journal.medications.all()}
        assert meds[DIURETIC].end_date is not None
        assert meds[MAGNESIUM].end_date is None
        assert [f.name for f in journal.factors.all()] == [SCREEN_TIME]


def test_episodes_look_like_a_person_logged_them(year: Path) -> None:
    with Journal.open(year) as journal:
        episodes = journal.episodes.find()
        locations = journal.locations.names()
        for episode in episodes:
            validate_episode(episode, known_locations=locations)
        top = Counter(e.location for e in episodes).most_common(3)
        assert {name for name, _ in top} == {"eyelid", "calf", "thumb"}
        assert Counter(e.side for e in episodes)["left"] > len(episodes) / 4
        assert set(Counter(e.kind for e in episodes)) == {"twitch", "flutter", "spasm", "cramp"}
        durations = [e.duration_s for e in episodes if e.duration_s is not None]
        assert min(durations) >= 1 and max(durations) <= 900 and statistics.median(
            durations) < 60
        assert len(durations) < len(episodes)  # some left blank
        assert 1000 < len(episodes) < 4000
        for checkin in journal.checkins.find():
            validate_checkin(checkin, journal.factors.all())


def test_rate_rises_with_caffeine_short_sleep_and_stress(year: Path) -> None:
    with Journal.open(year) as journal:
        assert _mean_rate(journal, "caffeine_mg", lambda x: x >= 285) > 1.5 * _mean_rate(
            journal, "caffeine_mg", lambda x: x <= 100)
        assert _mean_rate(journal, "sleep_hours", lambda x: x < 6.5) > 1.3 * _mean_rate(
            journal, "sleep_hours", lambda x: x >= 7.5)
        assert _mean_rate(journal, "stress", lambda x: x >= 6) > 1.3 * _mean_rate(
            journal, "stress", lambda x: x <= 3)


def test_same_seed_same_history_other_seed_other_history() -> None:
    def fingerprint(seed: int) -> list[tuple]:
        plan = build_demo_plan(60, seed, END)
        return [(e.episode.id, e.episode.started_at, e.episode.location, e.episode.intensity)
                for e in plan.episodes] + [(d.checkin.date, d.checkin.stress)
                                           for d in plan.days]

    assert fingerprint(7) == fingerprint(7)
    assert fingerprint(7) != fingerprint(8)


def test_history_ending_today_has_nothing_in_the_future() -> None:
    plan = build_demo_plan(30, 3)
    now = now_local()
    assert plan.days[-1].checkin.date <= now.date()
    assert all(item.episode.started_at <= now for item in plan.episodes)


def test_a_journal_with_entries_is_refused(journal: Journal) -> None:
    journal.episodes.add(Episode(started_at=datetime(2024, 3, 5, 9).astimezone(),
                                location="eyelid", notes="mine"))
    with pytest.raises(DemoRefusedError, match=r"already has entries \(1 episode\)"):
        generate_demo(journal, 30, 1, END)
    assert journal.episodes.count() == 1


def test_replace_swaps_the_content_but_keeps_settings(journal: Journal) -> None:
    journal.episodes.add(Episode(started_at=datetime(2024, 3, 5, 9).astimezone(),
                                location="eyelid", notes="mine"))
    journal.settings.set("patient_name", "A. Person")
    result = generate_demo(journal, 30, 1, END, replace=True)
    assert result.replaced["episodes"] == 1
    assert "mine" not in {e.notes for e in journal.episodes.find()}
    assert journal.episodes.count() == result.episodes_added > 0
    assert journal.settings.get("patient_name") == "A. Person"


def test_demo_journal_file_can_be_made_again(tmp_path: Path) -> None:
    path = tmp_path / "demo.twitchlog"
    first = create_demo_journal(path, 20, seed=2, end=END)
    second = create_demo_journal(path, 20, seed=2, end=END)
    assert first.episodes_added == second.episodes_added
    with Journal.open(path) as journal:
        assert journal.episodes.count() == second.episodes_added


def test_days_drift_yet_the_planted_effects_are_found(year: Path) -> None:
    from twitchlog.analysis.dependence import lag_one
    from twitchlog.services.insights import analyse_range

    with Journal.open(year) as journal:
        insights = analyse_range(journal, date(2024, 7, 1), END)
    assert lag_one(insights.series.episodes) > 0.15  # bad weeks: neighbours are alike
    clear = {a.factor for a in insights.significant if a.lag_days == 0}
    assert {"caffeine_mg", "sleep_hours", "stress"} <= clear
    stress = insights.association("stress", 0)
    assert stress.n_effective < 0.8 * stress.n  # stress comes in weeks
    assert insights.adjusted.effect("caffeine_mg").significant
