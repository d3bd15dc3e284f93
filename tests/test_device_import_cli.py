"""``twitchlog import`` with device exports: --preview writes nothing, errors are one line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from attack_support import run

from twitchlog.store import Journal

FIXTURES = Path(__file__).parent / "fixtures" / "wearables"


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "j.twitchlog"
    assert run(capsys, "--db", str(path), "day", "2024-03-05", "--sleep-hours", "6")[0] == 0
    return path


def test_preview_prints_the_summary_and_changes_no_byte(
        capsys: pytest.CaptureFixture[str], db: Path) -> None:
    before = db.read_bytes()
    code, out, _ = run(capsys, "--db", str(db), "import", "--preview",
                       str(FIXTURES / "export.zip"))
    assert code == 0
    assert "3 nights of sleep and 2 days of caffeine, 05 Mar 2024 to 10 Mar 2024." in out
    assert "1 value differs from, and does not replace, what you typed" in out
    assert "does not make a day tracked" in out
    assert "1 nap not counted" in out
    assert db.read_bytes() == before


def test_import_keeps_typed_sleep_unless_asked_and_is_idempotent(
        capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = run(capsys, "--db", str(db), "import", str(FIXTURES / "export.zip"))
    assert code == 0 and out.startswith(
        "Imported export.zip: 5 values imported (1 in checked-in days, 4 waiting")
    with Journal.open(db) as journal:
        assert journal.checkins.get(date(2024, 3, 5)).sleep_hours == 6     # typed: kept
        assert journal.checkins.get(date(2024, 3, 5)).caffeine_mg == 159.0
    code, out, _ = run(capsys, "--db", str(db), "import", str(FIXTURES / "export.zip"))
    assert out.startswith("Nothing new")
    code, out, _ = run(capsys, "--db", str(db), "import", "--prefer-device",
                       str(FIXTURES / "export.xml"))
    assert out.startswith("Imported export.xml: 1 value imported (1 in checked-in days")
    with Journal.open(db) as journal:
        assert journal.checkins.get(date(2024, 3, 5)).sleep_hours == 7.17
        assert journal.devices.sources(date(2024, 3, 5)) == {
            "sleep_hours": "Apple Health", "caffeine_mg": "Apple Health"}
        assert journal.checkins.tracked_dates() == [date(2024, 3, 5)]
    assert list((db.parent / "backups").iterdir())


def test_a_bad_device_file_exits_2_with_one_line(
        capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "export.xml"
    whole = (FIXTURES / "export.xml").read_text(encoding="utf-8")
    bad.write_text(whole[:2000], encoding="utf-8")
    before = db.read_bytes()
    code, out, err = run(capsys, "--db", str(db), "import", str(bad))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "export.xml, line" in err and "is cut short" in err and "Traceback" not in err
    assert db.read_bytes() == before
