"""The ``twitchlog`` command: what scripts see (output, exit status, one-line errors)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta, timezone
from pathlib import Path

import pytest
from attack_support import run

from twitchlog.domain import CustomFactor, ValueKind
from twitchlog.store import Journal

CET = timezone(timedelta(hours=1))


def one_line_error(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.twitchlog"


def test_log_then_list(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, err = run(capsys, "--db", str(db), "log", "Eyelid", "--side", "left", "--at",
                         "2024-03-05T09:00+01:00", "--duration", "1m30s", "--intensity", "4",
                         "--kind", "flutter", "--note", "after coffee")
    assert (code, err) == (0, "")
    assert out.startswith("Logged flutter at eyelid (left) 2024-03-05T09:00:00+01:00  id ")
    with Journal.open(db) as journal:
        [episode] = journal.episodes.find()
    assert (episode.duration_s, episode.intensity, episode.notes) == (90.0, 4, "after coffee")
    code, out, _ = run(capsys, "--db", str(db), "list", "--from", "2024-03-01")
    assert code == 0
    assert out.splitlines() == [
        "2024-03-05T09:00:00+01:00  eyelid  left  flutter  1 min 30 s  intensity 4  after coffee",
        "1 episode; 0 tracked days",
    ]


def test_the_environment_variable_chooses_the_journal(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "env.twitchlog"
    monkeypatch.setenv("TWITCHLOG_DB", str(target))
    assert run(capsys, "log", "calf")[0] == 0
    with Journal.open(target) as journal:
        assert journal.episodes.count() == 1


@pytest.mark.parametrize(("argv", "message"), [
    (["log", "elbow"], "location 'elbow' is not known; choose one of: eyelid"),
    (["log", "eyelid", "--intensity", "11"], "intensity: 11 is out of range (allowed 1 to 10)"),
    (["log", "eyelid", "--intensity", "x"], "--intensity: 'x' is not a whole number"),
    (["log", "eyelid", "--at", "05/03/2024 09:00"], "--at: '05/03/2024 09:00' is not an ISO"),
    (["log", "eyelid", "--duration", "soon"], "--duration: 'soon' is not a duration"),
    (["day", "2024-03-05", "--stress", "12"], "--stress: '12' is out of range (allowed 0 to 10)"),
    (["day", "2024-03-05", "--factor", "steps=3"], "--factor: 'steps' is not a custom factor"),
    (["day", "2024-03-05", "--factor", "steps"], "is not NAME=VALUE"),
])
def test_mistakes_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], db: Path,
                                       argv: list[str], message: str) -> None:
    code, out, err = run(capsys, "--db", str(db), *argv)
    assert code == 2 and out == ""
    assert message in one_line_error(err)
    assert err.startswith("twitchlog: error: ")


@pytest.mark.parametrize("argv", [
    ["day", "03/04/2024"], ["log"], ["export", "--format", "xml", "--out", "x"],
    ["demo", "--days", "0"], ["frobnicate"],
])
def test_usage_errors_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], db: Path,
                                           argv: list[str]) -> None:
    code, _, err = run(capsys, "--db", str(db), *argv)
    assert code == 2
    one_line_error(err)


def test_day_sets_only_what_is_given(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    with Journal.open(db) as journal:
        journal.factors.add(CustomFactor("Screen time", ValueKind.NUMBER, "h"))
    assert run(capsys, "--db", str(db), "day", "2024-03-05", "--sleep-hours", "6.5",
               "--caffeine-mg", "190", "--factor", "screen time=4")[0] == 0
    code, out, _ = run(capsys, "--db", str(db), "day", "2024-03-05", "--stress", "3")
    assert (code, out) == (0, "Saved check-in for 2024-03-05\n")
    with Journal.open(db) as journal:
        day = journal.checkins.get(date(2024, 3, 5))
    assert (day.sleep_hours, day.caffeine_mg, day.stress) == (6.5, 190, 3)
    assert day.factors == {"Screen time": 4.0}
    assert day.exercise_min is None  # never given: unknown


def test_a_foreign_file_is_refused_and_left_alone(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("Dear doctor,\n" * 20)
    before = path.read_bytes()
    code, _, err = run(capsys, "--db", str(path), "log", "eyelid")
    assert code == 2 and "is not a TwitchLog journal" in one_line_error(err)
    assert path.read_bytes() == before
    code, _, err = run(capsys, "--db", str(tmp_path / "none.twitchlog"), "list")
    assert code == 2 and "no journal at" in one_line_error(err)


def test_export_import_round_trip(capsys: pytest.CaptureFixture[str], db: Path,
                                  tmp_path: Path) -> None:
    assert run(capsys, "--db", str(db), "demo", "--days", "20", "--seed", "4")[0] == 0
    code, out, _ = run(capsys, "--db", str(db), "export", "--format", "csv", "--out",
                       str(tmp_path / "csv"))
    assert code == 0 and out.startswith("Exported ")
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["days.csv", "episodes.csv"]
    code, out, _ = run(capsys, "--db", str(db), "export", "--format", "json", "--out",
                       str(tmp_path / "all.json"), "--from", "2000-01-01")
    assert code == 0 and json.loads((tmp_path / "all.json").read_text())["format_version"] == 2
    other = tmp_path / "other.twitchlog"
    code, out, _ = run(capsys, "--db", str(other), "import", str(tmp_path / "csv"),
                       str(tmp_path / "all.json"))
    assert code == 0 and out.startswith("Imported days.csv, episodes.csv, all.json: ")
    assert "episodes added" in out
    code, out, _ = run(capsys, "--db", str(other), "import", str(tmp_path / "csv"))
    assert code == 0 and out.startswith("Nothing new")
    with Journal.open(db) as a, Journal.open(other) as b:
        assert [e.id for e in a.episodes.find()] == [e.id for e in b.episodes.find()]
        assert a.checkins.find() == b.checkins.find()


def test_import_problems_exit_2_naming_the_place(capsys: pytest.CaptureFixture[str],
                                                 db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "days.csv"
    bad.write_text("date,stress\n2024-03-05,3\n2024-03-06,eleven\n")
    code, _, err = run(capsys, "--db", str(db), "import", str(bad))
    line = one_line_error(err)
    assert code == 2
    assert f"{bad}, line 3, column stress: 'eleven' is not a number" in line
    assert line.endswith("nothing was imported")
    code, _, err = run(capsys, "--db", str(db), "import", str(tmp_path / "missing.csv"))
    assert code == 2 and "no such file or folder" in one_line_error(err)
    with Journal.open(db) as journal:
        assert journal.is_empty()


def test_export_problems_exit_2(capsys: pytest.CaptureFixture[str], db: Path,
                                tmp_path: Path) -> None:
    run(capsys, "--db", str(db), "log", "eyelid")
    (tmp_path / "file").write_text("x")
    code, _, err = run(capsys, "--db", str(db), "export", "--format", "csv", "--out",
                       str(tmp_path / "file"))
    assert code == 2 and "is a file" in one_line_error(err)
    code, _, err = run(capsys, "--db", str(db), "export", "--format", "csv", "--out",
                       str(tmp_path / "x"), "--from", "2024-02-01", "--to", "2024-01-01")
    assert code == 2 and "after it ends" in one_line_error(err)


def test_demo_refuses_a_journal_with_entries_unless_forced(capsys: pytest.CaptureFixture[str],
                                                           db: Path) -> None:
    run(capsys, "--db", str(db), "log", "eyelid", "--note", "real")
    code, _, err = run(capsys, "--db", str(db), "demo", "--days", "15")
    assert code == 2 and "use --force" in one_line_error(err)
    code, out, _ = run(capsys, "--db", str(db), "demo", "--days", "15", "--force")
    assert code == 0 and out.startswith("Replaced the journal's entries with a demo history")
    with Journal.open(db) as journal:
        assert "real" not in {e.notes for e in journal.episodes.find()}
        assert 10 <= len(journal.checkins.tracked_dates()) <= 15


def test_the_installed_command_runs_in_a_real_process(tmp_path: Path) -> None:
    db = tmp_path / "smoke.twitchlog"
    env = {**os.environ, "TWITCHLOG_DB": str(db), "QT_QPA_PLATFORM": "offscreen"}
    ok = subprocess.run([sys.executable, "-m", "twitchlog", "demo", "--days", "10"],
                        capture_output=True, text=True, env=env, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert "demo history" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "twitchlog", "import", str(tmp_path / "no")],
                         capture_output=True, text=True, env=env, timeout=60)
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "no such file or folder" in bad.stderr
