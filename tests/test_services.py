"""The pipelines behind Insights, Compare and Report, run without Qt: what the views and
the command line show comes from these functions."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from twitchlog.analysis.results import AnalysisCancelled
from twitchlog.charts.palette import ChartPalette
from twitchlog.domain import DayCheckIn, Episode
from twitchlog.services import compare, exchange, insights, report
from twitchlog.store import Journal

END = date(2025, 3, 31)
DAYS = 60


def _fill(journal: Journal) -> None:
    """60 tracked days to END: 1 twitch on 100 mg days, 4 on 400 mg days."""
    tz = datetime(2025, 3, 1).astimezone().tzinfo
    for i in range(DAYS):
        day = END - timedelta(days=i)
        caffeine = 400.0 if i % 2 else 100.0
        journal.checkins.save(DayCheckIn(date=day, caffeine_mg=caffeine, sleep_hours=7.0))
        for k in range(4 if caffeine > 100 else 1):
            journal.episodes.add(Episode(
                started_at=datetime(day.year, day.month, day.day, 8 + k, tzinfo=tz),
                location="calf", side="right", duration_s=30.0))


@pytest.fixture
def filled(journal: Journal, journal_path: Path) -> Path:
    _fill(journal)
    return journal_path


def test_analyse_range_resolves_open_ends_to_the_logged_days(journal: Journal) -> None:
    _fill(journal)
    result = insights.analyse_range(journal, None, END)
    summary = result.summary
    assert summary.start == END - timedelta(days=DAYS - 1)
    assert summary.coverage.days_tracked == DAYS
    assert summary.episodes == 30 * 4 + 30 * 1
    caffeine = [a for a in result.associations if a.factor == "caffeine_mg" and a.lag_days == 0]
    assert caffeine and caffeine[0].significant and caffeine[0].rho > 0.9


def test_first_pass_summarises_and_second_pass_adds_statistics(filled: Path) -> None:
    palette = ChartPalette.for_background(1.0, "#ffffff")
    start = END - timedelta(days=29)
    first = insights.first_pass(filled, start, END, palette, request=7,
                                keys=("timeline", "overview"))
    assert (first.request, first.start, first.end) == (7, start, END)
    assert first.insights.summary.episodes == 15 * 4 + 15 * 1
    assert not first.insights.complete and not first.insights.associations
    assert "timeline" in first.figures and "overview" not in first.figures  # needs stats
    second = insights.second_pass(first, palette, None, keys=("overview",))
    assert second.insights.complete and second.insights.significant
    assert set(second.figures) == {"overview"}
    batch = insights.draw_charts(second.insights, palette, None, None, request=7,
                                 keys=["locations"])
    assert batch.request == 7 and set(batch.figures) == {"locations"}


def test_a_stale_second_pass_stops(filled: Path) -> None:
    palette = ChartPalette.for_background(1.0, "#ffffff")
    first = insights.first_pass(filled, None, None, palette)
    with pytest.raises(AnalysisCancelled):
        insights.second_pass(first, palette, None, stale=lambda: True)


def test_compare_reads_only_the_two_periods(filled: Path, journal: Journal) -> None:
    a = (END - timedelta(days=59), END - timedelta(days=30))
    b = (END - timedelta(days=29), END)
    direct = compare.compare_in_journal(journal, *a, *b, "before", "after")
    assert (direct.days_a, direct.days_b) == (30, 30)
    assert direct.ratio == pytest.approx(1.0)
    drawn = compare.compare_with_chart(filled, *a, *b, "before", "after",
                                       ChartPalette.for_background(1.0, "#ffffff"))
    assert drawn.comparison.sentence == direct.sentence
    assert drawn.figure.axes


def test_report_services_lay_out_save_and_print(filled: Path, tmp_path: Path) -> None:
    start = END - timedelta(days=29)
    preview = report.preview_report(filled, start, END, "a4", include_appendix=False)
    assert preview.pages and not any(chart.svg for chart in preview.charts)
    percents: list[float] = []
    written = report.save_report(filled, tmp_path / "r.pdf", start, END, "letter", True,
                                 progress=percents.append)
    assert written.path.read_bytes().startswith(b"%PDF") and written.pages >= 2
    assert percents[-1] == 100 and percents == sorted(percents)
    printed = report.print_report(filled, start, END, "a4", include_appendix=False)
    assert len(printed.pages) == len(preview.pages)
    assert all(chart.svg for chart in printed.charts)


def test_services_never_import_qt() -> None:
    code = ("import sys\n"
            "import twitchlog.services.compare, twitchlog.services.insights, "
            "twitchlog.services.report\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_export_then_import_round_trips_and_backs_up_first(filled: Path,
                                                           tmp_path: Path) -> None:
    from twitchlog.exchange import ExchangeError
    from twitchlog.store.backups import list_backups

    written = exchange.export_file(filled, "csv", tmp_path / "out", None, None)
    assert (written.episodes, written.days) == (30 * 4 + 30, DAYS)
    fresh = tmp_path / "fresh.twitchlog"
    Journal.open(fresh).close()
    result = exchange.import_files(fresh, [tmp_path / "out"])
    assert (result.episodes_added, result.days_added) == (150, DAYS)
    assert list_backups(fresh) == []  # an empty journal has nothing to protect
    again = exchange.import_files(fresh, [tmp_path / "out"])
    assert (again.episodes_added, again.episodes_unchanged) == (0, 150)
    assert [b.reason for b in list_backups(fresh)] == ["import"]
    (tmp_path / "bad.csv").write_text("date,caffeine_mg\n2025-01-01,lots\n", encoding="utf-8")
    with pytest.raises(ExchangeError, match="caffeine_mg"):
        exchange.import_files(fresh, [tmp_path / "bad.csv"])
    assert len(list_backups(fresh)) == 1  # a refused file: no backup, no change
