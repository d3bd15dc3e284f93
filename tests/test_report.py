"""The doctor report: page one agrees with the analysis, user text stays literal, the
layout never splits a row or chart, an empty journal still gives a valid page."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.report_support import (
    END,
    FIRST_EVER,
    MARKUP_NOTE,
    QUESTIONS,
    START,
    fill_known,
    local,
    pdf_pages,
    pdf_reader,
)
from twitchlog.analysis.engine import analyze
from twitchlog.domain import DayCheckIn, Episode, Medication
from twitchlog.report.content import APPENDIX_CAP, FOOTER_TEXT, NOTHING_LOGGED_YET
from twitchlog.report.document import PAPER_SIZES, ChartOp, TextOp
from twitchlog.report.formatting import fmt_date, fmt_duration, fmt_number, fmt_percent
from twitchlog.report.layout import BOTTOM_GAP, HEADER_TOP, TOP
from twitchlog.services.report import build_report, prepare_report, write_report
from twitchlog.store import Journal
from twitchlog.store.analysis_queries import load_analysis_input

GENERATED = date(2025, 4, 2)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing in a report may reach the network (a URL in a note must stay text)."""
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the report tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="module")
def known_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("known") / "known.twitchlog"
    with Journal.open(path) as journal:
        fill_known(journal)
    return path


@pytest.fixture
def known(known_path: Path) -> Iterator[Journal]:
    """The known journal, read-only (tests that change data fill their own)."""
    journal = Journal.open_reader(known_path)
    try:
        yield journal
    finally:
        journal.close()


@pytest.fixture(scope="module")
def known_pdf(known_path: Path) -> bytes:
    journal = Journal.open_reader(known_path)
    try:
        return build_report(journal, start=START, end=END, generated=GENERATED)
    finally:
        journal.close()


def test_page_one_numbers_agree_with_the_analysis(known: Journal, known_pdf: bytes) -> None:
    insights = analyze(load_analysis_input(known, START, END))
    summary = insights.summary
    page_one = pdf_pages(known_pdf)[0]

    assert summary.first_episode_ever is not None
    assert summary.first_episode_ever.date() == FIRST_EVER
    assert f"FIRST NOTICED {fmt_date(FIRST_EVER)}" in page_one
    assert f"first in this period {fmt_date(START)}" in page_one
    assert summary.durations[0].median == 10.0
    assert f"HOW LONG {fmt_duration(summary.durations[0].median)}".replace("\xa0", " ") \
        in page_one  # the PDF prints a no-break space as a space
    assert summary.per_day_mean == pytest.approx(55 / 28)
    assert f"HOW OFTEN {fmt_number(summary.per_day_mean, 1)} a day" in page_one
    assert f"{fmt_number(summary.per_week, 1)} a week" in page_one
    assert f"any episode on {fmt_percent(summary.share_days_with_any)} of tracked days" \
        in page_one
    assert "28 of 28 days tracked with a daily check-in (100%)" in page_one
    assert "Weakness – 2 days" in page_one
    assert "10 Mar, 20 Mar 2025" in page_one
    assert "Magnesium citrate 300 mg: since 1 Feb 2025" in page_one
    top = summary.top_locations[0]  # places named as the app names them
    assert f"{top.side.capitalize()} {top.location}: {top.count} episodes" in page_one
    trend = summary.trend
    assert trend is not None
    expected_trend = {"worse": "Worse", "better": "Better"}.get(trend.direction,
                                                                 "No clear change")
    if trend.per_month is None:
        expected_trend = "Not enough data"
    assert f"TREND {expected_trend}" in page_one


def test_page_one_shows_patient_questions_and_every_page_its_footer(known_pdf: bytes
                                                                     ) -> None:
    pages = pdf_pages(known_pdf)
    assert "Ann <b>Example</b>" in pages[0]
    assert "born 23 Apr 1980" in pages[0]
    for line in QUESTIONS.splitlines():
        assert line in " ".join(pages[:2])
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert FOOTER_TEXT in text
        assert f"Generated {fmt_date(GENERATED)}" in text


def test_no_warning_signs_says_none_logged(journal: Journal) -> None:
    fill_known(journal)
    for day in (date(2025, 3, 10), date(2025, 3, 20)):
        checkin = journal.checkins.get(day)
        assert checkin is not None
        checkin.weakness = False
        journal.checkins.save(checkin)
    page_one = pdf_pages(build_report(journal, start=START, end=END))[0]
    assert "Warning signs: none logged in this period." in page_one
    assert "Weakness –" not in page_one


def test_questions_argument_overrides_the_saved_ones(known: Journal) -> None:
    data = build_report(known, start=START, end=END, questions="Can I keep running?",
                        include_appendix=False)
    text = " ".join(pdf_pages(data))
    assert "Can I keep running?" in text
    assert "Is this benign fasciculation?" not in text


def test_empty_journal_gives_one_valid_page(journal: Journal, tmp_path: Path) -> None:
    written = write_report(tmp_path / "empty.pdf", journal, start=START, end=END,
                           generated=GENERATED)
    data = written.path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert written.pages == 1
    pages = pdf_pages(data)
    assert len(pages) == 1
    assert NOTHING_LOGGED_YET in pages[0]
    assert "Page 1 of 1" in pages[0]


def test_a_range_with_nothing_logged_says_so(known: Journal) -> None:
    pages = pdf_pages(build_report(known, start=date(2023, 1, 1), end=date(2023, 3, 31)))
    assert len(pages) == 1
    assert "Nothing was logged in this period" in pages[0]
    assert f"first episode in this journal was logged on {fmt_date(FIRST_EVER)}" in pages[0]


def test_user_markup_is_printed_literally_and_fetches_nothing(known_pdf: bytes) -> None:
    text = " ".join(pdf_pages(known_pdf))
    assert " ".join(MARKUP_NOTE.split()) in text
    reader = pdf_reader(known_pdf)
    for page in reader.pages:
        assert "/Annots" not in page  # no links were made from the text
    assert b"/URI" not in known_pdf
    assert b"/Launch" not in known_pdf


def test_charts_are_vector_and_their_text_is_real_text(known_pdf: bytes) -> None:
    text = " ".join(pdf_pages(known_pdf))
    assert "Where twitches happen" in text
    assert "Episodes per day" in text
    reader = pdf_reader(known_pdf)
    chart_page = reader.pages[1]
    resources = chart_page["/Resources"]
    # vector paths drawn in the page itself; no full-page raster image standing in
    assert "/XObject" not in resources or all(
        obj.get_object()["/Width"] < 2000
        for obj in resources["/XObject"].values())


def test_letter_and_a4_page_sizes(known: Journal) -> None:
    for paper in ("a4", "letter"):
        data = build_report(known, start=START, end=END, paper=paper, include_appendix=False)
        box = pdf_reader(data).pages[0].mediabox
        width_mm = float(box.width) * 25.4 / 72
        height_mm = float(box.height) * 25.4 / 72
        assert (width_mm, height_mm) == pytest.approx(PAPER_SIZES[paper], abs=0.2)


def test_nothing_crosses_the_content_area_and_table_headers_repeat(journal: Journal) -> None:
    fill_known(journal)
    long_note = "A long note about the day. " * 40
    episode = journal.episodes.find(START, END)[0]
    episode.notes = long_note
    journal.episodes.update(episode)
    for i in range(40):  # a long medication list continues overleaf, item by item
        journal.medications.save(Medication(name=f"Supplement {i}", dose="1 tablet",
                                           start_date=START - timedelta(days=i)))
    for paper in ("a4", "letter"):
        document = prepare_report(journal, start=START, end=END, paper=paper)
        bottom = document.height - BOTTOM_GAP
        for page in document.pages:
            top = TOP if page.number == 1 else HEADER_TOP
            body = [op for op in page.ops
                    if isinstance(op, TextOp) and 14.0 < op.y < document.height - 17]
            for op in body:
                assert top - 0.5 <= op.y <= bottom + 0.5, (page.number, op.text)
            for op in page.ops:
                if isinstance(op, ChartOp):
                    assert top - 0.5 <= op.y and op.y + op.h <= bottom + 0.5
        assert "Supplement 39 1 tablet: since" in document.text()
        appendix = [p for p in document.pages
                    if any(isinstance(op, TextOp) and op.text.startswith("Appendix")
                           for op in p.ops)]
        assert appendix
        first = appendix[0].number
        for page in document.pages[first:]:
            texts = [op.text for op in page.ops if isinstance(op, TextOp)]
            assert "Notes" in texts and "Duration" in texts  # the header, repeated


def test_ten_years_stay_a_sane_number_of_pages_with_the_appendix_capped(
        journal: Journal) -> None:
    from twitchlog.demo import generate_demo

    generate_demo(journal, days=3650, end=END, rate=1.0)
    total = journal.episodes.count()
    assert total > APPENDIX_CAP
    start = END - timedelta(days=3649)
    data = build_report(journal, start=start, end=END)
    pages = pdf_pages(data)
    assert 4 <= len(pages) <= 30
    text = " ".join(pages)
    in_range = len(journal.episodes.find(start, END))
    assert f"The last {APPENDIX_CAP} of {in_range:,} episodes in this period are listed" \
        in text
    assert "The last 52 of" in text  # the weekly table is capped too
    without = prepare_report(journal, start=start, end=END, include_appendix=False)
    assert len(without.pages) < len(pages)
    assert "Appendix" not in without.text()


def test_unprintable_characters_do_not_break_the_report(journal: Journal) -> None:
    fill_known(journal)
    journal.settings.set("report_questions", "Tab\there, bell\x07, CJK 痙攣, emoji 🙂\u200b.")
    data = build_report(journal, start=START, end=END, include_appendix=False)
    text = " ".join(pdf_pages(data))
    assert "Tab here, bell, CJK \ufffd\ufffd, emoji" in text  # no glyph: a visible mark


def test_without_testable_factors_no_associations_are_claimed(journal: Journal) -> None:
    for i in range(28):
        day = START + timedelta(days=i)
        journal.checkins.save(DayCheckIn(date=day))
        journal.episodes.add(Episode(started_at=local(day, 10), location="calf"))
    text = " ".join(pdf_pages(build_report(journal, start=START, end=END,
                                           include_appendix=False))[:2])
    assert "No clear associations found in this period." in text
    assert "No factor has enough tracked days with a value to be tested yet" in text


def test_week_table_headers_never_break_inside_a_word() -> None:
    from twitchlog.report.content import WEEKLY_HEADERS, Column, TableData
    from twitchlog.report.fonts import Measurer
    from twitchlog.report.layout import _Composer

    composer = _Composer(Measurer(), "a4")
    titles = ["Week of", "Days tracked", "Episodes", "Per day", *WEEKLY_HEADERS.values()]
    columns = [Column(t, 1.0, "right") for t in titles]
    row = ["2024-03-04", "7", "1,204", "12.5", *["1,234.5"] * len(WEEKLY_HEADERS)]
    widths = composer._column_widths(TableData("Week by week", "", columns, [row] * 3))
    assert sum(widths) == pytest.approx(composer.content_w)
    size = composer.header_size(TableData("Week by week", "", columns, [row]))
    assert size >= 5.0
    for title, width in zip(titles, widths, strict=True):
        longest = max(composer.m.width(w, size, bold=True) for w in title.split())
        assert longest < width - 2 * 1.2, title
