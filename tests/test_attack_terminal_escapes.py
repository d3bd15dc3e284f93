"""Terminal escapes stored in a journal (by an older version or another tool), in file
names and in imported files reach the terminal only as visible escapes: no command's
output carries a raw ESC, C1 control or bidi override, lines stay lines, ``--json``
stays valid JSON with the stored text intact, and the PDF report is still written."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from attack_support import run

from twitchlog.domain import PATIENT_NAME_SETTING, REPORT_QUESTIONS_SETTING
from twitchlog.printable import escaped, escaped_keeping_lines, without_controls
from twitchlog.store import Journal

#: A hidden hyperlink, clear screen, cursor up, a bell, 8-bit CSI and a right-to-left
#: override with an isolate: what a hostile journal would use to rewrite a terminal.
HOSTILE = ("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\\x1b[2J\x1b[1A\x07"
           "\x9b31m\u202eevil\u2066x\u2069\r")
#: What must never reach the terminal raw (tab and newline are layout, checked apart).
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A 40-day demo journal whose names, notes and settings were given escapes behind
    the app's back (validation refuses control characters in names on input)."""
    db = tmp_path / "journal.twitchlog"
    assert run(capsys, "--db", str(db), "demo", "--days", "40", "--seed", "4")[0] == 0
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE locations SET name = ? || name", [HOSTILE])
        conn.execute("UPDATE factors SET name = ? || name, unit = ?", [HOSTILE, HOSTILE])
        conn.execute("UPDATE medications SET name = ? || name, dose = ?, notes = ?",
                     [HOSTILE, HOSTILE, HOSTILE + "\nsecond line"])
        conn.execute("UPDATE episodes SET notes = ? || notes || '\tend\nnext'", [HOSTILE])
        conn.execute("UPDATE checkins SET notes = ?", [HOSTILE])
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                     [PATIENT_NAME_SETTING, HOSTILE + "Pat"])
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                     [REPORT_QUESTIONS_SETTING, f"Why?{HOSTILE}\nAnd?"])
    conn.close()
    return db


def _clean(code: int, out: str, err: str, *, expect: int = 0) -> str:
    assert code == expect, (code, out, err)
    assert not RAW.search(out), out
    assert not RAW.search(err), err
    assert "Traceback" not in err
    return out


def test_list_shows_escapes_visibly_one_episode_a_line(capsys, hostile_db: Path) -> None:
    with Journal.open(hostile_db) as journal:  # the demo's size depends on the time zone
        episodes, days = journal.episodes.count(), len(journal.checkins.tracked_dates())
    out = _clean(*run(capsys, "--db", str(hostile_db), "list"))
    lines = out.splitlines()
    assert len(lines) == episodes + 1  # each episode and the count: a note's newline stays in
    assert "\\u001b[2J" in lines[0] and "\\u202eevil" in lines[0]
    assert lines[0].endswith("\\tend\\nnext")
    assert lines[-1] == f"{episodes} episodes; {days} tracked days"


def test_stats_text_and_json(capsys, hostile_db: Path) -> None:
    out = _clean(*run(capsys, "--db", str(hostile_db), "stats"))
    assert "\\u001b]8;;https://evil.example" in out
    out = _clean(*run(capsys, "--db", str(hostile_db), "stats", "--json"))
    data = json.loads(out)  # still valid JSON, and the stored text comes back exact
    assert {a["factor"] for a in data["associations"]} >= {HOSTILE + "screen time"}
    assert data["top_locations"][0]["location"].startswith(HOSTILE)


def test_compare_text_and_json(capsys, hostile_db: Path) -> None:
    periods = ("--a", *_days(hostile_db, 0, 19), "--b", *_days(hostile_db, 20, 39))
    _clean(*run(capsys, "--db", str(hostile_db), "compare", *periods))
    json.loads(_clean(*run(capsys, "--db", str(hostile_db), "compare", *periods, "--json")))


def test_errors_quoting_names_stay_one_clean_line(capsys, hostile_db: Path) -> None:
    for argv in (("log", "nowhere"), ("day", "2025-01-01", "--factor", "nothing=1")):
        _, _, err = run(capsys, "--db", str(hostile_db), *argv)
        _clean(2, "", err, expect=2)
        assert err.count("\n") == 1 and "\\u001b[2J" in err, err


def test_export_import_and_backups_with_escapes_in_file_names(capsys, hostile_db: Path,
                                                             tmp_path: Path) -> None:
    folder = tmp_path / f"out{HOSTILE.replace('/', '')}"
    folder.mkdir()
    exported = folder / "all.json"
    out = _clean(*run(capsys, "--db", str(hostile_db), "export", "--format", "json",
                      "--out", str(exported)))
    assert out.count("\n") == 1 and "\\u001b[2J" in out
    other = tmp_path / "other.twitchlog"
    assert run(capsys, "--db", str(other), "log", "calf")[0] == 0
    _, _, err = run(capsys, "--db", str(other), "import", str(exported))
    _clean(2, "", err, expect=2)  # names with controls are refused, quoted harmlessly
    assert err.count("\n") == 1 and "nothing was imported" in err
    plain = folder / "plain\x1b[2J\u202eevil\x07.json"
    _clean(*run(capsys, "--db", str(other), "export", "--format", "json", "--out", str(plain)))
    out = _clean(*run(capsys, "--db", str(hostile_db), "import", "--preview", str(plain)))
    assert out.startswith("Preview of ") and out.count("\n") == 1 and "\\u202e" in out
    out = _clean(*run(capsys, "--db", str(hostile_db), "import", str(plain)))
    assert out.startswith("Imported ") and out.count("\n") == 1 and "\\u202e" in out
    bad = folder / "episodes.csv"
    bad.write_text(f"started_at,location\n2025-01-01T08:00Z,{HOSTILE}\n", encoding="utf-8")
    _, _, err = run(capsys, "--db", str(other), "import", str(bad))
    _clean(2, "", err, expect=2)
    assert err.count("\n") == 1
    _clean(*run(capsys, "--db", str(hostile_db), "backup", "--out", str(folder / "b.twitchlog")))
    _clean(*run(capsys, "--db", str(hostile_db), "backup", "--list"))


def test_the_report_of_such_a_journal_is_written(capsys, caplog, hostile_db: Path,
                                                 tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    out = _clean(*run(capsys, "--db", str(hostile_db), "report", "--out", str(pdf)))
    assert out.startswith(f"Wrote {pdf}") and pdf.read_bytes().startswith(b"%PDF")
    assert not [r for r in caplog.records if "missing the following glyphs" in r.getMessage()]


def test_no_raw_escape_byte_reaches_a_real_terminal(hostile_db: Path) -> None:
    """Through the operating system: the bytes on stdout, not Python strings."""
    result = subprocess.run(
        [sys.executable, "-m", "twitchlog", "--db", str(hostile_db), "list"],
        capture_output=True, timeout=120,
        env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONWARNINGS": "ignore"})
    assert result.returncode == 0, result.stderr
    for raw in (b"\x1b", b"\x07", b"\xc2\x9b", "\u202e".encode()):
        assert raw not in result.stdout + result.stderr
    assert b"\\u001b[2J" in result.stdout


def test_the_renderings_keep_layout_and_json() -> None:
    assert escaped("a\tb\nc\x1b[0m\u202e") == "a\\tb\\nc\\u001b[0m\\u202e"
    assert escaped_keeping_lines("a\tb\nc\x1b[0m\ud800") == "a\tb\nc\\u001b[0m\\ud800"
    as_json = json.dumps({"k": HOSTILE + "\x7f"}, ensure_ascii=False)
    assert json.loads(escaped_keeping_lines(as_json)) == {"k": HOSTILE + "\x7f"}
    assert without_controls("a\tb\r\nc\x1b[0m\u202ed\u200b") == "a b\nc[0md"


def _days(db: Path, first: int, last: int) -> tuple[str, str]:
    conn = sqlite3.connect(db)
    try:
        days = [d for (d,) in conn.execute("SELECT date FROM checkins ORDER BY date")]
    finally:
        conn.close()
    return days[first], days[min(last, len(days) - 1)]


def test_charts_draw_such_names_without_missing_glyphs(tmp_path: Path) -> None:
    """The Insights view and Save chart… draw through the same pass as the report."""
    import warnings

    from twitchlog.analysis.results import LocationCount
    from twitchlog.charts import drawable_text, locations_chart, save_figure

    fig = locations_chart([LocationCount(HOSTILE + "calf", "left", 3)])
    fig.axes[0].set_title(HOSTILE + "title")
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph")  # one for each glyph it lacks
        save_figure(drawable_text(fig), tmp_path / "where.svg")
    svg = (tmp_path / "where.svg").read_text(encoding="utf-8")
    assert "evil" in svg and "\x1b" not in svg and "\u202e" not in svg


def test_the_insights_canvas_draws_such_names_without_missing_glyphs(qtbot) -> None:
    import warnings

    from twitchlog.analysis.results import LocationCount
    from twitchlog.charts import locations_chart
    from twitchlog.ui.chart_canvas_widget import ChartCanvasWidget

    widget = ChartCanvasWidget()
    qtbot.addWidget(widget)
    widget.resize(800, 500)
    widget.show()
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph")
        widget.set_figure(locations_chart([LocationCount(HOSTILE + "calf", "left", 3)]))
        assert widget.canvas is not None
        widget.canvas.draw()  # type: ignore[attr-defined]
    labels = [t.get_text() for t in widget.canvas.figure.axes[0].get_yticklabels()]
    assert labels and not any(RAW.search(label) for label in labels)
