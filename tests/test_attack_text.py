"""Hostile text and numbers: undecodable bytes, lone surrogates, huge numbers, over-long
and control-laden names. Each is refused in one line (exit 2) naming the problem, and
the journal keeps every byte; one table of limits in ``twitchlog.validation`` holds for
the command line, imports, the store and the GUI alike."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from attack_support import assert_refused, journal_files, run

from twitchlog.cli import journal_cmds
from twitchlog.domain import (
    PATIENT_DOB_SETTING,
    PATIENT_NAME_SETTING,
    REPORT_QUESTIONS_SETTING,
    CustomFactor,
    DayCheckIn,
    Episode,
    Medication,
    ValueKind,
)
from twitchlog.store import Journal
from twitchlog.store.device_import import DeviceValue
from twitchlog.validation import TEXT_LIMITS, ValidationError, validate_factor

TEN_MB = 10 * 1024 * 1024
HEADER = '{"format": "TwitchLog journal", "format_version": 1, '


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "j" / "journal.twitchlog"
    assert run(capsys, "--db", str(path), "log", "eyelid", "--at", "2025-05-01T08:00Z")[0] == 0
    return path


# --- bytes that are not text -------------------------------------------------------------


def test_a_note_with_undecodable_bytes_is_refused(capsys, db: Path) -> None:
    before = journal_files(db)
    line = assert_refused(run(capsys, "--db", str(db), "log", "calf", "--note", "x\udcffy"),
                          before, db)
    assert line == ("twitchlog: error: --note: 'x\\udcffy' holds bytes that are not UTF-8 "
                    "text (character 2)")


def test_undecodable_bytes_from_a_real_command_line(db: Path) -> None:
    """The same through the operating system: argv bytes, not a Python string."""
    before = journal_files(db)
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from twitchlog.cli import main; sys.exit(main())",
         "--db", os.fsencode(db), "log", "calf", "--note", b"x\xffy"],
        capture_output=True, timeout=120,
        env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONWARNINGS": "ignore"})
    assert result.returncode == 2
    assert result.stderr.count(b"\n") == 1 and b"not UTF-8 text" in result.stderr
    assert journal_files(db) == before


JSON_TEXT_ATTACKS = {
    "note": '"episodes": [{"started_at": "2025-05-02T08:00Z", "location": "calf", '
            '"notes": "a\\ud800b"}]}',
    "location": '"locations": [{"name": "\\udcff"}]}',
    "factor": '"factors": [{"name": "mo\\udfffod", "kind": "number"}]}',
    "dose": '"medications": [{"name": "Pill", "start_date": "2025-01-01", '
            '"dose": "\\ud800"}]}',
    "day note": '"days": [{"date": "2025-05-02", "notes": "\\udc00"}]}',
}


def test_a_journal_holding_bytes_that_are_not_utf8_still_reads(capsys, db: Path,
                                                                tmp_path: Path) -> None:
    """Another program wrote a note as raw bytes: the journal still lists, exports and
    reports, showing U+FFFD where the bad bytes are, instead of failing every read."""
    import sqlite3

    raw = sqlite3.connect(db)
    raw.execute("UPDATE episodes SET notes = CAST(X'68656cff6c6f' AS TEXT)")  # hel\xfflo
    raw.commit()
    raw.close()
    code, out, err = run(capsys, "--db", str(db), "list")
    assert code == 0, err
    assert "hel\ufffdlo" in out
    out_file = tmp_path / "all.json"
    assert run(capsys, "--db", str(db), "export", "--format", "json", "--out",
               str(out_file))[0] == 0
    notes = [e["notes"] for e in json.loads(out_file.read_text(encoding="utf-8"))["episodes"]]
    assert notes == ["hel\ufffdlo"]
    code, _, err = run(capsys, "--db", str(db), "report", "--out", str(tmp_path / "r.pdf"))
    assert code == 0, err


@pytest.mark.parametrize("name", sorted(JSON_TEXT_ATTACKS))
def test_lone_surrogates_in_json_are_refused(capsys, db: Path, tmp_path: Path,
                                             name: str) -> None:
    path = tmp_path / "attack.json"
    path.write_text(HEADER + JSON_TEXT_ATTACKS[name], encoding="ascii")
    before = journal_files(db)
    assert_refused(run(capsys, "--db", str(db), "import", str(path)), before, db,
                   "holds bytes that are not UTF-8 text", "nothing was imported")


def test_a_file_name_with_undecodable_bytes(capsys, db: Path, tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.csv")  # Latin-1 bytes on a UTF-8 system
    path = tmp_path / name
    path.write_text("id,started_at,location\n,2025-05-02T08:00Z,calf\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", str(db), "import", str(path))
    assert (code, err) == (0, "")
    assert out.startswith(f"Imported caf{chr(0xFFFD)}.csv: 1 episode added")
    before = journal_files(db)
    missing = str(tmp_path / os.fsdecode(b"\xff\xfe.csv"))
    assert_refused(run(capsys, "--db", str(db), "import", missing), before, db,
                   "no such file or folder")


# --- numbers too big to be numbers --------------------------------------------------------

DIGITS = "9" * 4000
NUMBER_ATTACKS = {
    "csv duration": ("e.csv", f"id,started_at,location,duration_s\n,2025-05-02T08:00Z,calf,"
                              f"{DIGITS}\n", "column duration_s"),
    "csv intensity": ("e.csv", f"id,started_at,location,intensity\n,2025-05-02T08:00Z,calf,"
                               f"{DIGITS}\n", "column intensity"),
    "csv sleep": ("d.csv", f"date,sleep_hours\n2025-05-02,{DIGITS}\n", "column sleep_hours"),
    "json over 4300 digits": ("e.json", HEADER + '"episodes": [{"started_at": "2025-05-02T08:'
                              f'00Z", "location": "calf", "duration_s": {"9" * 4301}}}]}}',
                              "holds a number of more than 4,300 digits"),
    "json duration": ("e.json", HEADER + '"episodes": [{"started_at": "2025-05-02T08:00Z", '
                      f'"location": "calf", "duration_s": {DIGITS}}}]}}', "field duration_s"),
    "json intensity": ("e.json", HEADER + '"episodes": [{"started_at": "2025-05-02T08:00Z", '
                       f'"location": "calf", "intensity": {DIGITS}}}]}}', "field intensity"),
    "json factor": ("e.json", HEADER + '"days": [{"date": "2025-05-02", "factors": {"steps": '
                    f'{DIGITS}}}}}]}}', "field factors.steps"),
}


@pytest.mark.parametrize("name", sorted(NUMBER_ATTACKS))
def test_numbers_of_thousands_of_digits_are_refused(capsys, db: Path, tmp_path: Path,
                                                    name: str) -> None:
    filename, text, where = NUMBER_ATTACKS[name]
    path = tmp_path / filename
    path.write_text(text, encoding="utf-8")
    before = journal_files(db)
    line = assert_refused(run(capsys, "--db", str(db), "import", str(path)), before, db,
                          where, "nothing was imported")
    assert len(line) < 300


@pytest.mark.parametrize("argv", [
    ["log", "calf", "--intensity", DIGITS], ["log", "calf", "--duration", DIGITS + "h"],
    ["log", "calf", "--duration", DIGITS], ["day", "2025-05-01", "--sleep-hours", DIGITS],
    ["day", "2025-05-01", "--caffeine-mg", "1e999"]], ids=lambda a: " ".join(a[:3])[:30])
def test_huge_numbers_on_the_command_line(capsys, db: Path, argv: list[str]) -> None:
    before = journal_files(db)
    line = assert_refused(run(capsys, "--db", str(db), *argv), before, db, "out of range")
    assert len(line) < 300


# --- length limits and control characters ------------------------------------------------


def _store(journal: Journal, field: str, text: str) -> None:
    """Write ``text`` into ``field`` through the store's public operation for it."""
    if field == "location":
        journal.locations.add(text)
    elif field == "factor name":
        journal.factors.add(CustomFactor(text, ValueKind.NUMBER))
    elif field == "factor unit":
        journal.factors.add(CustomFactor("unit test", ValueKind.NUMBER, unit=text))
    elif field.startswith("medication"):
        part = field.removeprefix("medication ")
        values = {"name": "Pill", "dose": "", "notes": "", part: text}
        journal.medications.save(Medication(start_date=date(2025, 1, 1), **values))
    elif field == "notes":
        journal.episodes.add(Episode(started_at=journal.episodes.find()[0].started_at,
                                    location="calf", notes=text))
        journal.checkins.save(DayCheckIn(date=date(2025, 5, 3), notes=text))
    elif field == "device source":
        journal.devices.apply([DeviceValue(date(2025, 5, 9), "sleep_hours", 7.0, text)],
                              "export.zip")
    elif field == "drink name":
        journal.settings.save_drinks([*journal.settings.drinks(), (text, 50.0)])
    else:
        key = {"report questions": REPORT_QUESTIONS_SETTING, "patient name":
               PATIENT_NAME_SETTING, "date of birth": PATIENT_DOB_SETTING}[field]
        journal.settings.set(key, text)


@pytest.mark.parametrize("field", sorted(TEXT_LIMITS))
def test_every_text_field_has_its_limit(db: Path, field: str) -> None:
    limit = TEXT_LIMITS[field]
    with Journal.open(db) as journal:
        journal.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = journal.path.read_bytes()
        with pytest.raises(ValidationError) as refused:
            _store(journal, field, "y" * (limit + 1))
        assert str(refused.value).endswith(
            f"is {limit + 1:,} characters; the limit is {limit:,}")
        assert refused.value.field == field
        journal.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert journal.path.read_bytes() == before
        _store(journal, field, "y" * limit)  # the limit itself is fine


def test_a_ten_megabyte_dose_is_refused_by_import(capsys, db: Path, tmp_path: Path) -> None:
    path = tmp_path / "dose.json"
    path.write_text(HEADER + json.dumps({"medications": [
        {"name": "Pill", "start_date": "2025-01-01", "dose": "x" * TEN_MB}]})[1:],
        encoding="utf-8")
    before = journal_files(db)
    assert_refused(run(capsys, "--db", str(db), "import", str(path)), before, db,
                   "medications[0], field dose", "is 10,485,760 characters; the limit is 200")


def test_a_ten_megabyte_dose_is_refused_by_the_manage_dialog(qtbot: Any, journal: Journal
                                                             ) -> None:
    from twitchlog.ui.context import JournalContext
    from twitchlog.ui.manage_dialog import ManageDialog

    dialog = ManageDialog(JournalContext(journal))
    qtbot.addWidget(dialog)
    tab = dialog.medications_tab
    tab.name_edit.setText("Pill")
    tab.dose_edit.setText("x" * TEN_MB)
    tab.save()
    shown = tab.save_errors.text()
    assert shown.startswith("Medication dose is ") and shown.endswith("; the limit is 200")
    assert journal.medications.all() == []


@pytest.mark.parametrize("field,text", [
    ("location", "eye\x00lid"), ("location", "tab\there"), ("factor name", "line\nbreak"),
    ("medication name", "bell\x07"), ("factor unit", "m\x1bg"), ("drink name", "nul\x00"),
    ("notes", "before\x00after"),
])
def test_control_characters_and_nul_are_refused(journal: Journal, field: str, text: str
                                                ) -> None:
    journal.episodes.add(Episode(started_at=datetime(2025, 5, 1, 8, tzinfo=UTC),
                                location="eyelid"))
    with pytest.raises(ValidationError, match=r"holds (a NUL character|the control character "
                                              r"U\+00[0-9A-F]{2}) \(character \d+\)"):
        _store(journal, field, text)


def test_notes_keep_line_breaks_and_tabs(journal: Journal) -> None:
    day = journal.checkins.save(DayCheckIn(date=date(2025, 5, 3), notes="one\n\ttwo\r\nthree"))
    assert journal.checkins.get(day.date).notes == "one\n\ttwo\r\nthree"


# --- smaller -----------------------------------------------------------------------------


def test_a_factor_kind_is_named_in_plain_words() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_factor(CustomFactor("mood", ValueKind.TEXT))
    assert str(refused.value) == "factor kind: 'text' is not one of number, scale, yesno"


@pytest.mark.parametrize("argv,note", [(["--note", "-2+3"], "-2+3"),
                                       (["--note=-2+3"], "-2+3"),
                                       (["--note", "-h x", "--side", "left"], "-h x")])
def test_a_note_that_looks_like_an_option(capsys, db: Path, argv: list[str], note: str
                                          ) -> None:
    code, out, err = run(capsys, "--db", str(db), "log", "calf", "--at", "2025-06-01T08:00Z",
                         *argv)
    assert (code, err) == (0, "")
    code, out, _ = run(capsys, "--db", str(db), "list")
    assert out.splitlines()[-2].endswith(f"  {note}")


def test_an_option_where_a_value_belongs_is_still_an_error(capsys, db: Path) -> None:
    before = journal_files(db)
    assert_refused(run(capsys, "--db", str(db), "log", "calf", "--note", "--side", "left"),
                   before, db, "argument --note: expected one argument")


def test_an_unforeseen_error_is_one_line_naming_its_type(capsys, db: Path,
                                                         monkeypatch) -> None:
    def broken(_args: Any) -> int:
        raise RuntimeError("the disk\nspun backwards")

    monkeypatch.setattr(journal_cmds, "run_list", broken)
    code, out, err = run(capsys, "--db", str(db), "list")
    assert code == 2 and out == ""
    assert err == ("twitchlog: error: unexpected RuntimeError: the disk spun backwards "
                   "(nothing half-written was kept; please report this)\n")


def test_questions_files_are_text_within_the_limit(capsys, db: Path, tmp_path: Path) -> None:
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"Is this serious?\x00")
    long = tmp_path / "long.txt"
    long.write_text("Why? " * 1000, encoding="utf-8")
    before = journal_files(db)
    out = str(tmp_path / "r.pdf")
    assert_refused(run(capsys, "--db", str(db), "report", "--out", out, "--questions-file",
                       str(nul)), before, db, "holds a NUL character (character 17)")
    assert_refused(run(capsys, "--db", str(db), "report", "--out", out, "--questions-file",
                       str(long)), before, db,
                   "the questions are 5,000 characters; the limit is 4,000")
    assert not Path(out).exists()
