"""The Report view: live page-one preview, saved details and questions, saving a PDF off
the UI thread, and painting pages the way the printer gets them."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPdfWriter

from tests.app_support import isolate_app_settings
from tests.report_support import END, START, fill_known, pdf_pages, pdf_reader
from twitchlog.domain import PATIENT_DOB_SETTING, PATIENT_NAME_SETTING, REPORT_QUESTIONS_SETTING
from twitchlog.services.report import print_report
from twitchlog.store import Journal
from twitchlog.ui.context import JournalContext
from twitchlog.ui.report_preview_widget import page_layout_for, paint_page, print_document
from twitchlog.ui.report_view import ReportView
from twitchlog.ui.tasks import TaskRunner


@pytest.fixture
def view(qtbot, journal: Journal, tmp_path: Path) -> ReportView:  # type: ignore[no-untyped-def]
    isolate_app_settings(tmp_path / "settings")
    fill_known(journal)
    tasks = TaskRunner()
    report = ReportView(JournalContext(journal), tasks)
    qtbot.addWidget(report)
    report.resize(1100, 800)
    report.show()
    qtbot.waitUntil(lambda: report.preview.document is not None, timeout=20_000)
    yield report
    report.commit_pending()  # as the window does before it closes the journal
    tasks.wait()


def test_preview_shows_page_one_of_the_chosen_range(view: ReportView, qtbot) -> None:  # type: ignore[no-untyped-def]
    document = view.preview.document
    assert document is not None
    today = date.today()
    assert view.report_range() == (today - timedelta(days=89), today)
    assert "Muscle twitching report" in document.text(0)
    assert f"{len(document.pages)} page" in view.preview_info.text()
    view.range_combo.setCurrentIndex(view.range_combo.findData("custom"))
    view.from_edit.setDate(view.from_edit.date().addYears(-1))
    qtbot.waitUntil(lambda: view.preview.document is not document, timeout=20_000)
    assert "(455 days)" in view.preview.document.text(0)


def test_typed_details_and_questions_are_saved_in_the_journal(view: ReportView,
                                                              qtbot) -> None:  # type: ignore[no-untyped-def]
    journal = view.context.journal
    view.name_edit.clear()
    qtbot.keyClicks(view.name_edit, "Bo Tester")
    view.questions_edit.setPlainText("Should I see a neurologist?")
    view.commit_pending()
    assert journal.settings.get(PATIENT_NAME_SETTING) == "Bo Tester"
    assert journal.settings.get(REPORT_QUESTIONS_SETTING) == "Should I see a neurologist?"
    previous = view.preview.document
    view.refresh_preview()
    qtbot.waitUntil(lambda: view.preview.document is not previous, timeout=20_000)
    assert "Should I see a neurologist?" in view.preview.document.text()
    assert "Bo Tester" in view.preview.document.text(0)


def test_a_date_of_birth_that_is_not_a_date_is_refused(view: ReportView, qtbot) -> None:  # type: ignore[no-untyped-def]
    journal = view.context.journal
    view.dob_edit.clear()
    qtbot.keyClicks(view.dob_edit, "23/04/1980")
    view.commit_pending()
    assert journal.settings.get(PATIENT_DOB_SETTING) == "1980-04-23"  # unchanged
    assert view.dob_error.isVisible()
    assert "YYYY-MM-DD" in view.dob_error.text()


def test_save_pdf_runs_off_the_ui_thread_and_writes_the_file(view: ReportView, qtbot,
                                                             tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out" / "report.pdf"
    target.parent.mkdir()
    view.questions_edit.setPlainText("What does <b>this</b> mean?")
    assert not view.status_label.isVisible()  # no empty, focusable label for a screen reader
    view.save_pdf(target)
    assert not view.save_button.isEnabled()  # busy while the worker runs
    qtbot.waitUntil(lambda: view.save_button.isEnabled(), timeout=30_000)
    assert target.exists()
    assert "Saved the report" in view.status_label.text() and view.status_label.isVisible()
    text = " ".join(pdf_pages(target.read_bytes()))
    assert "What does <b>this</b> mean?" in text
    assert not list(target.parent.glob(".*.tmp"))  # atomic: no temporary file left


def test_pages_paint_and_print_like_the_pdf(view: ReportView, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = print_report(path=view.context.path, start=START, end=END, paper="letter",
                            include_appendix=False)
    assert len(document.pages) >= 2
    assert all(chart.svg for chart in document.charts)
    image = QImage(425, 550, QImage.Format.Format_RGB32)
    image.fill(QColor("#808080"))
    painter = QPainter(image)
    paint_page(painter, document, 0, QRectF(0, 0, 425, 550))
    painter.end()
    assert image.pixelColor(5, 5) == QColor("#ffffff")  # the sheet
    dark = sum(1 for x in range(0, 425, 3) for y in range(0, 550, 3)
               if image.pixelColor(x, y).lightness() < 100)
    assert dark > 50  # text was drawn
    out = tmp_path / "printed.pdf"
    writer = QPdfWriter(str(out))
    writer.setPageLayout(page_layout_for("letter"))
    writer.setResolution(150)
    assert print_document(writer, document, 1, 2) == 2
    del writer
    reader = pdf_reader(out.read_bytes())
    assert len(reader.pages) == 2
    assert "Muscle twitching report" in " ".join(reader.pages[0].extract_text().split())


def test_opening_the_view_loads_no_pdf_or_chart_library() -> None:
    code = ("import sys, os\n"
            "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
            "import twitchlog.ui.report_view\n"
            "bad = [m for m in ('fpdf', 'matplotlib', 'scipy') if m in sys.modules]\n"
            "print(','.join(bad))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""


def test_replacing_the_journal_reloads_the_details(view: ReportView, qtbot,
                                                   tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = Journal.open(tmp_path / "other.twitchlog")
    other.settings.set(PATIENT_NAME_SETTING, "Someone Else")
    view.context.replace(other)
    assert view.name_edit.text() == "Someone Else"
    assert view.questions_edit.toPlainText() == ""
    qtbot.waitUntil(lambda: view.preview.document is not None, timeout=20_000)
    assert "Nothing is logged yet" in view.preview.document.text(0)


def test_an_empty_journal_offers_no_period_before_it_existed(qtbot, journal: Journal,
                                                              tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    isolate_app_settings(tmp_path / "settings")
    tasks = TaskRunner()
    report = ReportView(JournalContext(journal), tasks)
    qtbot.addWidget(report)
    today = date.today()
    assert report.report_range() == (today, today)  # not the 90 days before it existed
    assert report.range_note.text().startswith("Nothing logged yet")
    tasks.wait()
