"""Extreme dates and daylight saving, tried as a person or a hostile file would.

The journal holds days from 1900-01-01 to a hundred years after today; every entry path
refuses anything else with one line (exit 2) and leaves the journal untouched. A journal
an older version filled with such dates still gives statistics and reports.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from attack_support import INDIA, NEW_YORK, assert_refused, journal_files, local_zone, run

from twitchlog.store import Journal
from twitchlog.validation import ValidationError, latest_date, parse_datetime

OUTSIDE = "is outside the dates a journal holds (1900-01-01 to"
needs_tzset = pytest.mark.skipif(sys.platform == "win32", reason="time.tzset is POSIX only")


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A journal with one episode and one check-in, its daily backup already taken."""
    path = tmp_path / "j" / "journal.twitchlog"
    assert run(capsys, "--db", str(path), "log", "eyelid", "--at", "2025-05-01T08:00+02:00")[0] == 0
    assert run(capsys, "--db", str(path), "day", "2025-05-01", "--sleep-hours", "7")[0] == 0
    return path


FAR = latest_date() + timedelta(days=1)
CLI_ATTACKS = [
    ["log", "eyelid", "--at", "0001-01-01"],
    ["log", "eyelid", "--at", "0001-01-01T00:00+05:00"],
    ["log", "eyelid", "--at", "0001-01-01T00:00-05:00"],
    ["log", "eyelid", "--at", "9999-12-31T23:59:59-05:00"],
    ["log", "eyelid", "--at", "1899-12-31T23:59"],
    ["log", "eyelid", "--at", f"{FAR.isoformat()}T12:00Z"],
    ["day", "0001-01-01"],
    ["day", "9999-12-31", "--stress", "3"],
    ["stats", "--from", "0001-01-01"],
    ["stats", "--to", "9999-12-31", "--json"],
    ["list", "--from", "1899-12-31"],
    ["report", "--from", "0001-01-01", "--to", "9999-12-31", "--out", "{tmp}/r.pdf"],
    ["export", "--format", "csv", "--from", "0001-01-01", "--out", "{tmp}/csv"],
]


@pytest.mark.parametrize("argv", CLI_ATTACKS, ids=lambda a: " ".join(a[:3]))
def test_extreme_dates_on_the_command_line_are_refused(capsys, db: Path, tmp_path: Path,
                                                       argv: list[str]) -> None:
    before = journal_files(db)
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert_refused(run(capsys, "--db", str(db), *args), before, db, OUTSIDE)
    assert not (tmp_path / "r.pdf").exists() and not (tmp_path / "csv").exists()


def test_the_calendar_edges_are_accepted(capsys, db: Path) -> None:
    last = latest_date()
    for when in ("1900-01-01T00:00+00:00", f"{last.isoformat()}T12:00+00:00"):
        code, out, err = run(capsys, "--db", str(db), "log", "calf", "--at", when)
        assert (code, err) == (0, ""), err
    assert run(capsys, "--db", str(db), "day", "1900-01-01")[0] == 0
    code, out, _ = run(capsys, "--db", str(db), "list", "--from", "1900-01-01")
    assert out.splitlines()[-1] == "3 episodes; 2 tracked days"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _json(**entries: list[dict]) -> str:
    return json.dumps({"format": "TwitchLog journal", "format_version": 1, **entries})


IMPORT_ATTACKS = {
    "episodes.csv": "id,started_at,location\n,0001-01-01T00:00-05:00,eyelid\n",
    "late.csv": "id,started_at,location\n,9999-12-31T23:59:59-05:00,calf\n",
    "days.csv": "date,sleep_hours\n2025-05-02,7\n0001-01-01,6\n",
    "episodes.json": _json(episodes=[{"started_at": "9999-12-31T23:59:59-05:00",
                                      "location": "eyelid"}]),
    "days.json": _json(days=[{"date": "1899-12-31", "stress": 2}]),
    "medication.json": _json(medications=[{"name": "Prednisone", "start_date": "0001-01-01"}]),
    "stamp.json": _json(episodes=[{"started_at": "2025-05-02T08:00Z", "location": "eyelid",
                                   "created_at": "0001-01-01T00:00:00Z"}]),
}


@pytest.mark.parametrize("name", sorted(IMPORT_ATTACKS))
def test_extreme_dates_in_imports_are_refused(capsys, db: Path, tmp_path: Path,
                                              name: str) -> None:
    path = _write(tmp_path, name, IMPORT_ATTACKS[name])
    before = journal_files(db)
    line = assert_refused(run(capsys, "--db", str(db), "import", str(path)), before, db,
                          OUTSIDE, "nothing was imported")
    assert name in line


def _legacy_rows(db: Path) -> None:
    """What an older version let through: entries in year 1 and year 9999."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "INSERT INTO episodes (id, started_at, started_utc, local_date, location_id, side, "
            "kind, notes, created_at, updated_at) VALUES ('legacy', "
            "'0001-01-01T00:00:00-05:00', '0001-01-01T05:00:00.000000Z', '0001-01-01', 1, "
            "'left', 'twitch', '', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')")
        for day in ("0001-01-01", "9999-12-31"):
            conn.execute("INSERT INTO checkins (date, sleep_hours, notes, created_at, updated_at)"
                         " VALUES (?, 7, '', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')",
                         [day])
        conn.execute("INSERT INTO medications (name, dose, start_date, notes) "
                     "VALUES ('Old pill', '', '0001-01-01', '')")
    conn.close()


def test_a_journal_already_holding_extreme_dates_still_gives_stats_and_reports(
        capsys, db: Path, tmp_path: Path) -> None:
    _legacy_rows(db)
    code, out, err = run(capsys, "--db", str(db), "stats", "--json")
    assert code == 0, err
    assert err.strip() == (
        f"twitchlog: warning: 1 episode and 2 check-ins dated outside 1900-01-01 to "
        f"{latest_date().isoformat()} are left out (an older version accepted such dates; "
        "the app's Journal view can correct or delete the episodes)")
    stats = json.loads(out)
    assert (stats["episodes"], stats["days_tracked"]) == (1, 1)
    assert stats["first_episode"].startswith("2025-05-01")
    code, out, err = run(capsys, "--db", str(db), "report", "--out", str(tmp_path / "r.pdf"),
                         "--from", "2025-04-01", "--to", "2025-05-31")
    assert code == 0 and "left out" in err and (tmp_path / "r.pdf").stat().st_size > 1000
    code, out, _ = run(capsys, "--db", str(db), "list")
    assert code == 0 and out.splitlines()[0].startswith("0001-01-01T00:00:00-05:00  eyelid")
    with Journal.open(db) as journal:
        assert journal.date_bounds() == (date(2025, 5, 1), date(2025, 5, 1))


def test_episodes_an_older_version_stored_at_the_ends_of_time_can_be_deleted(db: Path) -> None:
    # the warning above sends the user to the Journal view to delete them; in UTC these
    # fall in year 0 and year 10000, which Python cannot represent
    conn = sqlite3.connect(db)
    with conn:
        for episode_id, started, utc in (
                ("last", "9999-12-31T23:00:00-05:00", "10000-01-01T04:00:00.000000Z"),
                ("first", "0001-01-01T03:00:00+05:00", "0000-12-31T22:00:00.000000Z")):
            conn.execute(
                "INSERT INTO episodes (id, started_at, started_utc, local_date, location_id, "
                "side, kind, notes, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 'left', "
                "'twitch', '', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')",
                [episode_id, started, utc, started[:10]])
    conn.close()
    with Journal.open(db) as journal:
        removed = journal.episodes.delete(["last", "first"])
        assert [e.id for e in removed] == ["first", "last"]  # oldest first, as stored
        assert journal.episodes.count() == 1  # the fixture's own episode stays


# --- daylight saving ---------------------------------------------------------------------


@needs_tzset
def test_a_time_the_clocks_skip_is_refused_with_both_readings(capsys, db: Path) -> None:
    before = journal_files(db)
    with local_zone(NEW_YORK):
        line = assert_refused(run(capsys, "--db", str(db), "log", "eyelid", "--at",
                                  "2026-03-08T02:30"), before, db)
    assert line == ("twitchlog: error: --at: '2026-03-08T02:30' does not exist in this time "
                    "zone: clocks went forward on 2026-03-08, so 02:30 was skipped; use 01:30 "
                    "or 03:30")


@needs_tzset
def test_a_time_the_clocks_repeat_is_stored_as_the_first_and_said_so(capsys, db: Path) -> None:
    with local_zone(NEW_YORK):
        code, out, err = run(capsys, "--db", str(db), "log", "calf", "--at", "2026-11-01T01:30")
        assert code == 0
        assert "2026-11-01T01:30:00-04:00" in out
        assert err == ("twitchlog: note: 01:30 on 2026-11-01 happened twice here (clocks went "
                       "back); the first one, 2026-11-01T01:30:00-04:00, was stored. For the "
                       "second, give its offset: 2026-11-01T01:30:00-05:00\n")
        code, out, err = run(capsys, "--db", str(db), "log", "calf", "--at",
                             "2026-11-01T01:30-05:00")
        assert (code, err) == (0, "") and "2026-11-01T01:30:00-05:00" in out


@needs_tzset
def test_imports_read_local_times_by_the_same_rule(capsys, db: Path, tmp_path: Path) -> None:
    gap = _write(tmp_path, "gap.csv", "id,started_at,location\n,2026-01-05T09:00,calf\n"
                 ",2026-03-08T02:15,calf\n")
    repeated = _write(tmp_path, "repeated.csv", "id,started_at,location\n"
                      ",2026-11-01T01:10,calf\n,2026-11-01T01:10-05:00,calf\n")
    with local_zone(NEW_YORK):
        before = journal_files(db)
        line = assert_refused(run(capsys, "--db", str(db), "import", str(gap)), before, db)
        assert f"{gap}, line 3, column started_at: '2026-03-08T02:15' does not exist" in line
        assert "use 01:15 or 03:15" in line
        code, out, err = run(capsys, "--db", str(db), "import", str(repeated))
        assert code == 0 and "2 episodes added" in out
        assert err == (f"twitchlog: note: {repeated}, line 2: 01:10 on 2026-11-01 happened "
                       "twice here (clocks went back); the first one, 2026-11-01T01:10:00-04:00,"
                       " was stored. For the second, give its offset: "
                       "2026-11-01T01:10:00-05:00\n")


@needs_tzset
def test_without_daylight_saving_every_local_time_exists(capsys, db: Path) -> None:
    with local_zone(INDIA):
        code, out, err = run(capsys, "--db", str(db), "log", "eyelid", "--at", "2026-03-08T02:30")
    assert (code, err) == (0, "") and "2026-03-08T02:30:00+05:30" in out


@needs_tzset
def test_the_rule_lives_in_the_validation_module() -> None:
    with local_zone(NEW_YORK):
        notes: list[str] = []
        assert parse_datetime("2026-11-01T01:59", notes=notes).isoformat() == \
            "2026-11-01T01:59:00-04:00"
        assert len(notes) == 1
        with pytest.raises(ValidationError, match="use 01:00 or 03:00"):
            parse_datetime("2026-03-08T02:00")
        assert parse_datetime("2026-07-01").isoformat() == "2026-07-01T00:00:00-04:00"


def test_the_journal_view_shows_and_deletes_an_entry_from_year_one(qtbot, db: Path) -> None:
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtGui import QUndoStack

    from twitchlog.ui.context import JournalContext
    from twitchlog.ui.journal_view import JournalView

    _legacy_rows(db)
    with Journal.open(db) as journal:
        view = JournalView(JournalContext(journal), QUndoStack())
        qtbot.addWidget(view)
        view.show()
        rows = {view.model.episode_at(r).id: r for r in range(view.model.rowCount())}
        assert "legacy" in rows and view.from_edit.date().year() == 2025
        flag = QItemSelectionModel.SelectionFlag
        view.table.selectionModel().setCurrentIndex(view.model.index(rows["legacy"], 0),
                                                    flag.ClearAndSelect | flag.Rows)
        assert view.delete_selected() == 1
        assert journal.out_of_range_counts() == (0, 2)


def test_the_apps_date_pickers_stop_at_the_journal_calendar(qtbot, journal: Journal) -> None:
    """Typing year 1 or 9999 into a date field cannot happen: the editors stop at the edges."""
    from PySide6.QtCore import QDate, QDateTime, QTime

    from twitchlog.ui.calendar_widget import MonthCalendar
    from twitchlog.ui.checkin_widget import CheckinWidget
    from twitchlog.ui.context import JournalContext
    from twitchlog.ui.episode_form_widget import EpisodeFormWidget
    from twitchlog.ui.manage_dialog import ManageDialog

    context = JournalContext(journal)
    form, checkin, manage = (EpisodeFormWidget(context), CheckinWidget(context),
                             ManageDialog(context))
    calendar = MonthCalendar(context)
    for widget in (form, checkin, manage, calendar):
        qtbot.addWidget(widget)
    last = latest_date()
    editors = [form.when_edit, checkin.date_edit, manage.medications_tab.start_edit,
               manage.medications_tab.end_edit]
    for editor in editors:
        editor.setDate(QDate(1, 1, 1))
        assert editor.date() == QDate(1900, 1, 1)
        editor.setDate(QDate(9999, 12, 31))
        assert editor.date() == QDate(last.year, last.month, last.day)
    form.when_edit.setDateTime(QDateTime(QDate(1, 1, 1), QTime(0, 0)))
    assert form.when().date() == date(1900, 1, 1)
    assert calendar.minimumDate() == QDate(1900, 1, 1)
    assert calendar.maximumDate() == QDate(last.year, last.month, last.day)


@needs_tzset
def test_the_apps_import_says_which_reading_it_stored(qtbot, journal: Journal, tmp_path: Path,
                                                      monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox, QWidget

    from twitchlog.services.exchange import import_files
    from twitchlog.ui.context import JournalContext
    from twitchlog.ui.exchange_flow import ImportFlow

    path = _write(tmp_path, "episodes.csv", "id,started_at,location\n,2026-11-01T01:10,calf\n")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.informativeText()))
    parent = QWidget()
    qtbot.addWidget(parent)
    flow = ImportFlow(JournalContext(journal), None, parent)  # type: ignore[arg-type]
    with local_zone(NEW_YORK):
        flow._on_done(import_files(journal.path, [str(path)]))
    assert shown and shown[0].startswith("1 episode added")
    assert shown[0].endswith(f"{path}, line 2: 01:10 on 2026-11-01 happened twice here (clocks "
                             "went back); the first one, 2026-11-01T01:10:00-04:00, was stored. "
                             "For the second, give its offset: 2026-11-01T01:10:00-05:00")
