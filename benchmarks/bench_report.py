"""The doctor report on the ten-year journal: a 90-day and a 1-year PDF, start to finish.

Budgets from issue 5: a 90-day report <= 3 s and a 1-year report <= 5 s, each measured
from an open journal to the PDF file written (analysis, layout, charts, PDF, atomic
write), with the libraries loaded as they are in the running app. The first report of
the run, which also pays for importing scipy.special, matplotlib and fpdf2 (a few tenths
of a second), and a ten-year report are reported for information.
"""

from __future__ import annotations

from datetime import timedelta

from benchmarks.common import END, BenchContext, Row, log, median, timed
from twitchlog.store import Journal

BUDGET_90_DAYS = 3.0
BUDGET_ONE_YEAR = 5.0
REPEATS = 3


def run(ctx: BenchContext) -> list[Row]:
    from twitchlog.services.report import write_report

    path = ctx.journal_path
    rows: list[Row] = []
    with Journal.open_reader(path) as journal:
        pages: dict[int, int] = {}

        def report(days: int) -> None:
            out = ctx.tmp_dir / f"report-{days}.pdf"
            written = write_report(out, journal, start=END - timedelta(days=days - 1),
                                   end=END)
            pages[days] = written.pages

        log("  report: first report of the run (cold imports) …")
        first = timed(lambda: report(90))[0]
        rows.append(Row("report: 90 days, first of the run", first,
                        note="includes importing scipy, matplotlib, fpdf2"))
        for days, name, budget in ((90, "90 days", BUDGET_90_DAYS),
                                   (365, "1 year", BUDGET_ONE_YEAR)):
            log(f"  report: {name} …")
            seconds = median(timed(lambda d=days: report(d), repeat=REPEATS))
            rows.append(Row(f"report: {name} PDF from the 10-year journal", seconds,
                            budget=budget, note=f"{pages[days]} pages"))
        log("  report: 10 years …")
        seconds = timed(lambda: report(3650))[0]
        rows.append(Row("report: 10 years (appendix capped at 500)", seconds,
                        note=f"{pages[3650]} pages"))
    return rows
