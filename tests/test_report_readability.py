"""The report reads well in the cases the walk-through found awkward on paper.

A first week (one timed episode, one day of data), a duration at the end of a line, and
the week-by-week table with every factor: each must print as a reader expects.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise

from tests.report_support import local
from twitchlog.demo import generate_demo
from twitchlog.domain import DayCheckIn, Episode
from twitchlog.report.document import ChartOp, Document, TextOp
from twitchlog.report.formatting import NBSP, fmt_day_month
from twitchlog.services.report import prepare_report
from twitchlog.store import Journal

END = date(2025, 3, 31)


def page_lines(document: Document, number: int) -> list[str]:
    """The printed lines of one page, column by column and top to bottom (a block's
    lines follow each other), with no-break spaces as spaces."""
    page = document.pages[number - 1]
    ops = sorted((op for op in page.ops if isinstance(op, TextOp)),
                 key=lambda op: (round(op.x), op.y))
    return [op.text.replace(NBSP, " ") for op in ops]


def test_a_first_day_says_what_it_can_and_draws_no_empty_charts(journal: Journal) -> None:
    journal.checkins.save(DayCheckIn(date=END, sleep_hours=6.5, stress=6))
    journal.episodes.add(Episode(started_at=local(END, 7), location="eyelid", side="left"))
    journal.episodes.add(Episode(started_at=local(END, 8), location="calf", side="left",
                                 duration_s=30))
    document = prepare_report(journal, start=END, end=END)
    text = " ".join(document.text().split())
    assert "HOW LONG" in text and "1 timed episode" in text
    assert "shortest" not in text and "middle half" not in text  # not "30 s to 30 s"
    charts = [op.chart.key for page in document.pages for op in page.ops
              if isinstance(op, ChartOp)]
    assert "episodes_over_time" not in charts and "hour_weekday" not in charts
    assert "locations" in charts
    assert ("Not drawn yet, as there is too little to show: twitches per tracked day over "
            "time (after 7 tracked days; 1 so far); when twitches start (after 20 episodes; "
            "2 so far).") in text


def test_a_duration_is_never_split_across_lines(journal: Journal) -> None:
    """"longest 4" ended one line and "min 32 s" began the next (the demo's page one)."""
    start = END - timedelta(days=89)
    durations = [1.0, 272.0] + [4.0 + (i % 17) for i in range(443)]
    episodes = []
    for i, seconds in enumerate(durations):
        day = start + timedelta(days=i % 90)
        episodes.append(Episode(started_at=local(day, 6 + i % 15), location="eyelid",
                                duration_s=seconds))
    journal.episodes.restore(episodes)
    for i in range(90):
        journal.checkins.save(DayCheckIn(date=start + timedelta(days=i), stress=i % 5))
    lines = page_lines(prepare_report(journal, start=start, end=END), 1)
    assert any("4 min 32 s" in line for line in lines), lines
    broken = [(a, b) for a, b in pairwise(lines)
              if re.search(r"\d$", a) and re.match(r"(s|min|h)\b", b)]
    assert broken == []


def test_each_week_of_the_weekly_table_takes_one_line(journal: Journal) -> None:
    """Thirteen columns left "Week of" too narrow: "31 Aug 2026" took three lines a row."""
    start = END - timedelta(days=89)
    generate_demo(journal, days=120, end=END)
    document = prepare_report(journal, start=start, end=END, include_appendix=False)
    texts = {op.text for page in document.pages for op in page.ops if isinstance(op, TextOp)}
    monday = start - timedelta(days=start.weekday())
    weeks = [monday + timedelta(weeks=n) for n in range(13)]
    assert all(week <= END for week in weeks)
    missing = [fmt_day_month(week) for week in weeks
               if fmt_day_month(week).replace(" ", NBSP, 1) not in texts]
    assert missing == []
