"""``twitchlog stats``: the JSON contract, the text summary and clear errors."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import numpy as np
import pytest

from twitchlog.cli import main
from twitchlog.domain import DayCheckIn, Episode
from twitchlog.store import Journal

START = date(2024, 3, 1)
CONTRACT_KEYS = {"days_tracked", "episodes", "first_episode", "per_day", "duration_s", "trend",
                 "associations"}
ASSOCIATION_KEYS = {"factor", "lag_days", "n", "rho", "ci_low", "ci_high", "p_value",
                    "q_value", "significant", "effect_ratio", "tested"}


@pytest.fixture
def filled(journal_path) -> Journal:
    """40 days, 30 tracked; twitches rise with caffeine."""
    tz = datetime.now().astimezone().tzinfo
    rng = np.random.default_rng(7)
    with Journal.open(journal_path) as journal:
        for i in range(40):
            day = START + timedelta(days=i)
            caffeine = float(rng.choice([0, 100, 200, 300, 400]))
            count = int(rng.poisson(0.5 + caffeine / 80))
            if i % 4 != 3:
                journal.checkins.save(DayCheckIn(date=day, caffeine_mg=caffeine))
            for k in range(count):
                journal.episodes.add(Episode(
                    started_at=datetime(day.year, day.month, day.day, 8 + k % 12, tzinfo=tz),
                    location="eyelid", side="left", duration_s=10.0 + k))
    return journal_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_the_contract_keys(filled, capsys) -> None:
    code, out, _ = run(capsys, "--db", str(filled), "stats", "--from", "2024-03-01",
                       "--to", "2024-04-09", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= CONTRACT_KEYS
    assert data["days_tracked"] == 30
    assert set(data["per_day"]) >= {"mean", "median"}
    assert set(data["duration_s"]) >= {"median", "p25", "p75"}
    assert set(data["trend"]) >= {"per_month", "ci_low", "ci_high"}
    assert data["first_episode"].startswith("2024-03-")
    for item in data["associations"]:
        assert set(item) >= ASSOCIATION_KEYS
    caffeine = next(a for a in data["associations"]
                    if a["factor"] == "caffeine_mg" and a["lag_days"] == 0)
    assert caffeine["tested"] is True and caffeine["n"] == 30
    assert caffeine["significant"] is True and caffeine["effect_ratio"] > 1
    assert caffeine["ci_low"] < caffeine["rho"] < caffeine["ci_high"]
    assert 4 <= caffeine["n_effective"] <= caffeine["n"]
    untested = [a for a in data["associations"] if not a["tested"]]
    assert untested and all(isinstance(a["n"], int) for a in untested)
    assert all(a["significant"] is False for a in untested)
    assert all(a["n_effective"] is None for a in untested)


def test_json_has_the_adjusted_model(filled, capsys) -> None:
    _, out, _ = run(capsys, "--db", str(filled), "stats", "--from", "2024-03-01",
                    "--to", "2024-04-09", "--json")
    data = json.loads(out)
    model = data["adjusted_model"]
    assert model["n"] == 30 and model["factors"] == ["caffeine_mg"]
    assert "Poisson" in model["method"]
    (caffeine,) = data["adjusted"]
    assert caffeine["factor"] == "caffeine_mg" and caffeine["per"] == 100
    assert caffeine["ci_low"] < caffeine["rate_ratio"] < caffeine["ci_high"]
    assert caffeine["rate_ratio"] > 1.2 and caffeine["significant"] is True
    assert 0 <= caffeine["p_value"] < 0.05


def test_json_numbers_match_the_analysis(filled, capsys) -> None:
    from twitchlog.analysis.engine import analyze
    from twitchlog.store.analysis_queries import load_analysis_input

    _, out, _ = run(capsys, "--db", str(filled), "stats", "--from", "2024-03-01",
                    "--to", "2024-04-09", "--json")
    data = json.loads(out)
    with Journal.open(filled) as journal:
        insights = analyze(load_analysis_input(journal, date(2024, 3, 1), date(2024, 4, 9)))
    s = insights.summary
    assert data["episodes"] == s.episodes
    assert data["per_day"]["mean"] == pytest.approx(s.per_day_mean)
    assert data["duration_s"]["median"] == pytest.approx(s.durations[0].median)
    assert data["trend"]["per_month"] == pytest.approx(s.trend.per_month)


def test_default_range_is_the_whole_journal(filled, capsys) -> None:
    _, out, _ = run(capsys, "--db", str(filled), "stats", "--json")
    data = json.loads(out)
    assert data["start"] == "2024-03-01"
    assert date.fromisoformat(data["end"]) >= date.today()
    assert data["days_tracked"] == 30


def test_text_output_reads_like_a_summary(filled, capsys) -> None:
    code, out, _ = run(capsys, "--db", str(filled), "stats", "--from", "2024-03-01",
                       "--to", "2024-04-09")
    assert code == 0
    assert "Days tracked:        30 of 40 (75%)" in out
    assert "What goes with your twitches" in out
    assert "On days with" in out and "caffeine" in out
    assert "not proof of cause" in out
    assert "causes" not in out


def test_empty_journal_and_errors(journal_path, capsys) -> None:
    Journal.open(journal_path).close()
    code, out, _ = run(capsys, "--db", str(journal_path), "stats", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["episodes"] == 0 and data["first_episode"] is None
    assert data["per_day"] == {"mean": None, "median": None}
    code, _, err = run(capsys, "--db", str(journal_path), "stats", "--from", "2024-05-01",
                       "--to", "2024-04-01")
    assert code == 2 and err.count("\n") == 1 and "is after" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(journal_path), "stats", "--from", "03/04/2024"])
    assert exit_info.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err
    code, _, err = run(capsys, "--db", str(journal_path.with_name("missing.twitchlog")),
                       "stats")
    assert code == 2 and "no journal" in err


def test_a_weekly_rate_waits_for_a_week_of_tracked_days(journal_path, capsys) -> None:
    tz = datetime.now().astimezone().tzinfo
    with Journal.open(journal_path) as journal:
        for i in range(7):
            day = START + timedelta(days=i)
            journal.checkins.save(DayCheckIn(date=day))
            journal.episodes.add(Episode(started_at=datetime(day.year, day.month, day.day, 9,
                                                             tzinfo=tz), location="eyelid"))
            journal.episodes.add(Episode(started_at=datetime(day.year, day.month, day.day, 15,
                                                             tzinfo=tz), location="eyelid"))
            _, out, _ = run(capsys, "--db", str(journal_path), "stats", "--from",
                            START.isoformat(), "--to", day.isoformat(), "--json")
            per_week = json.loads(out)["per_week"]
            if i < 6:
                assert per_week is None  # "14 a week" after one day would be a guess
            else:
                assert per_week == 14.0
