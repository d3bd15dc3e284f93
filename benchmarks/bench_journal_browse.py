"""The Journal view on ten years (~100,000 episodes): the table model and the calendar.

What the user feels: opening the Journal view (count + first page), scrolling to the
oldest episode, scrolling further once there, re-sorting by a column without an index,
searching the notes, and the calendar loading a month. The table model reads pages of
200 rows; deep pages use the id list of ``journal.episodes.ids`` instead of
``LIMIT/OFFSET`` (the informational row shows what a deep ``OFFSET`` page would cost).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from benchmarks.common import BenchContext, Row, log, median, timed
from twitchlog.store import EpisodeFilter, Journal
from twitchlog.ui.context import JournalContext
from twitchlog.ui.episode_table_model import COLUMN_KEYS, PAGE_SIZE, EpisodeTableModel

REPEATS = 5
#: A pause the user does not notice as the window freezing.
SNAPPY = 0.100


def run(ctx: BenchContext) -> list[Row]:
    log("  journal table and calendar, 10 years …")
    journal = Journal.open_reader(ctx.journal_path)
    try:
        return _rows(journal)
    finally:
        journal.close()


def _rows(journal: Journal) -> list[Row]:
    context = JournalContext(journal)
    model = EpisodeTableModel(context)
    total = model.rowCount()
    size = f"{total:,} episodes"
    rows: list[Row] = []

    def first_page() -> None:
        model.refresh()
        model.episode_at(0)

    rows.append(Row(f"journal table: open, count + first page ({size})",
                    median(timed(first_page, repeat=REPEATS)), budget=0.050))

    def oldest() -> None:
        model.refresh()
        model.episode_at(total - 1)

    rows.append(Row("journal table: jump to the oldest episode (id list + page)",
                    median(timed(oldest, repeat=REPEATS)), budget=0.300))

    pages = iter(range(40, 10_000))

    def next_deep_page() -> None:
        model.episode_at(min(total - 1, next(pages) * PAGE_SIZE))

    model.episode_at(total - 1)
    rows.append(Row("journal table: scroll to another deep page",
                    median(timed(next_deep_page, repeat=REPEATS)), budget=0.010))

    notes = COLUMN_KEYS.index("notes")

    def sort_notes() -> None:
        model.sort(0, Qt.SortOrder.DescendingOrder)
        model.sort(notes, Qt.SortOrder.AscendingOrder)
        model.episode_at(0)

    rows.append(Row("journal table: sort by notes, first page",
                    median(timed(sort_notes, repeat=REPEATS)), budget=SNAPPY))

    def search() -> None:
        model.set_filter(EpisodeFilter(text="coffee"))
        model.episode_at(0)
        model.set_filter(EpisodeFilter())

    model.sort(0, Qt.SortOrder.DescendingOrder)
    rows.append(Row("journal table: search the notes, first page",
                    median(timed(search, repeat=REPEATS)), budget=SNAPPY))

    offset = (total // 2) // PAGE_SIZE * PAGE_SIZE
    rows.append(Row("journal table: LIMIT/OFFSET page mid-journal by location (avoided)",
                    median(timed(lambda: journal.episodes.page(
                        None, sort="location", offset=offset, limit=PAGE_SIZE), repeat=3))))

    location = COLUMN_KEYS.index("location")

    def middle_by_location() -> None:
        model.sort(0, Qt.SortOrder.DescendingOrder)
        model.sort(location, Qt.SortOrder.AscendingOrder)
        model.episode_at(offset)

    rows.append(Row("journal table: sort by location, jump mid-journal",
                    median(timed(middle_by_location, repeat=3)), budget=0.300))

    bounds = journal.date_bounds()
    last = bounds[1] if bounds else date.today()
    first = last.replace(day=1)

    def month() -> None:
        start, end = first - timedelta(days=7), first + timedelta(days=49)
        journal.checkins.tracked_dates(start, end)
        journal.episodes.per_day(start, end)
        journal.date_bounds()

    rows.append(Row("calendar: load one month's marks",
                    median(timed(month, repeat=REPEATS)), budget=0.020))
    return rows
