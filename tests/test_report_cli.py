"""``twitchlog report``: the PDF, the CSV files beside it, and one-line errors."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.report_support import END, START, fill_known, pdf_pages
from twitchlog.cli import main
from twitchlog.cli.report_cmd import report_range
from twitchlog.report.formatting import fmt_range
from twitchlog.store import Journal


@pytest.fixture
def known_db(journal_path: Path) -> Path:
    with Journal.open(journal_path) as journal:
        fill_known(journal)
    return journal_path


def test_report_writes_the_pdf_and_the_range_csv_files(
        known_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "visit.pdf"
    csv_dir = tmp_path / "csv"
    status = main(["--db", str(known_db), "report", "--from", START.isoformat(), "--to",
                   END.isoformat(), "--out", str(out), "--csv-dir", str(csv_dir),
                   "--paper", "letter"])
    assert status == 0
    printed = capsys.readouterr().out
    assert f"Wrote {out}" in printed
    pages = pdf_pages(out.read_bytes())
    assert fmt_range(START, END) in pages[0]
    with (csv_dir / "episodes.csv").open(encoding="utf-8") as handle:
        episodes = list(csv.DictReader(handle))
    with (csv_dir / "days.csv").open(encoding="utf-8") as handle:
        days = list(csv.DictReader(handle))
    assert len(episodes) == 55  # the range only: not the first episode of 2024
    assert len(days) == 28
    assert out.stat().st_mode & 0o077 == 0  # private, like every file the app writes


def test_default_range_is_the_last_90_days_and_no_appendix_is_respected(
        known_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    assert main(["--db", str(known_db), "report", "--out", str(out), "--no-appendix"]) == 0
    text = " ".join(pdf_pages(out.read_bytes()))
    today = date.today()
    assert fmt_range(today - timedelta(days=89), today) in text
    assert "Appendix" not in text


def test_questions_file_is_printed_literally(known_db: Path, tmp_path: Path) -> None:
    questions = tmp_path / "questions.txt"
    questions.write_text("Could it be <b>benign</b>? & what about B12?\n", encoding="utf-8")
    out = tmp_path / "q.pdf"
    assert main(["--db", str(known_db), "report", "--from", START.isoformat(), "--to",
                 END.isoformat(), "--out", str(out), "--questions-file",
                 str(questions)]) == 0
    text = " ".join(pdf_pages(out.read_bytes()))
    assert "Could it be <b>benign</b>? & what about B12?" in text
    assert "Is this benign fasciculation?" not in text


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2025-03-01", "--to", "2025-01-01"], "starts (2025-03-01) after it ends"),
    (["--questions-file", "/no/such/file.txt"], "cannot read"),
])
def test_errors_are_one_line_with_status_2(
        known_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        args: list[str], message: str) -> None:
    out = tmp_path / "x.pdf"
    assert main(["--db", str(known_db), "report", "--out", str(out), *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert not out.exists()


def test_missing_folder_and_missing_journal_are_refused(
        tmp_path: Path, known_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(known_db), "report", "--out",
                 str(tmp_path / "nope" / "r.pdf")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "absent.twitchlog"), "report", "--out",
                 str(tmp_path / "r.pdf")]) == 2
    assert "no journal" in capsys.readouterr().err
    assert not (tmp_path / "absent.twitchlog").exists()


def test_report_range_rules() -> None:
    today = date(2025, 6, 30)
    assert report_range(None, None, today) == (date(2025, 4, 2), today)
    assert report_range(date(2025, 1, 1), None, today) == (date(2025, 1, 1), today)
    assert report_range(None, date(2025, 3, 31), today) == (date(2025, 1, 1),
                                                           date(2025, 3, 31))
