"""SQL the analysis needs beyond the journal's everyday operations.

Functions taking a :class:`~twitchlog.store.journal.Journal` (usually a read-only
``Journal.open_reader`` connection in a worker thread). Everything is aggregated in
SQL over the indexes so a ten-year journal loads in milliseconds.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path

from twitchlog.analysis.inputs import (
    BUILTIN_FACTORS,
    ROLLING_PADDING_DAYS,
    AnalysisInput,
    FactorInfo,
)
from twitchlog.store.journal import Journal
from twitchlog.store.rows import valid_date_span
from twitchlog.validation import EARLIEST_DATE, latest_date


def resolve_range(journal: Journal, start: date | None, end: date | None,
                  today: date | None = None) -> tuple[date, date]:
    """Fill an open range: from the first logged day, up to today (or the last logged day
    when that is later). An empty journal gives today alone; a reversed range is swapped."""
    today = today or date.today()
    bounds = journal.date_bounds()
    if start is None:
        start = bounds[0] if bounds else (end or today)
    if end is None:
        end = max(today, bounds[1]) if bounds else today
        end = max(end, start)
    if start > end:
        start, end = end, start
    latest = latest_date(today)
    return min(max(start, EARLIEST_DATE), latest), min(max(end, EARLIEST_DATE), latest)


def _covers_all_episodes(journal: Journal, start: date, end: date) -> bool:
    """True when no episode lies outside ``[start, end]``: queries may then skip the date
    filter and read a covering index instead of every row."""
    lo, hi = journal.db.execute(
        "SELECT MIN(local_date), MAX(local_date) FROM episodes").fetchone()
    return lo is None or (start.isoformat() <= lo and hi <= end.isoformat())


def location_side_counts(journal: Journal, start: date, end: date
                         ) -> list[tuple[str, str, int]]:
    """Episodes per (location, side) in ``[start, end]``, most frequent first."""
    if _covers_all_episodes(journal, start, end):
        where, params = "", []
    else:
        where, params = " WHERE local_date BETWEEN ? AND ?", [start.isoformat(),
                                                             end.isoformat()]
    rows = journal.db.execute(
        "SELECT l.name, c.side, c.n FROM (SELECT location_id, side, COUNT(*) AS n "
        f"FROM episodes{where} GROUP BY location_id, side) c "
        "JOIN locations l ON l.id = c.location_id ORDER BY c.n DESC, l.name, c.side",
        params,
    ).fetchall()
    return [(name, side, n) for name, side, n in rows]


def _date_filter(wide: bool) -> str:
    """The date condition of a scan over episodes. For a range holding most episodes
    (``wide``) reading the table in order beats a jump to the row of every index entry,
    so ``+`` keeps SQLite off the date index there."""
    return " WHERE +local_date BETWEEN ? AND ?" if wide else " WHERE local_date BETWEEN ? AND ?"


def hour_weekday_counts(journal: Journal, start: date, end: date, *, wide: bool = False
                        ) -> list[list[int]]:
    """Episodes by weekday (row 0 = Monday) and local starting hour (column 0-23)."""
    grid = [[0] * 24 for _ in range(7)]
    rows = journal.db.execute(
        "SELECT CAST(strftime('%w', local_date) AS INTEGER), "
        f"CAST(substr(started_at, 12, 2) AS INTEGER), COUNT(*) FROM episodes"
        f"{_date_filter(wide)} GROUP BY 1, 2",
        [start.isoformat(), end.isoformat()],
    ).fetchall()
    for sunday_first, hour, n in rows:
        if sunday_first is None or hour is None or not 0 <= hour < 24:
            continue
        grid[(sunday_first + 6) % 7][hour] += n
    return grid


def durations_by_kind(journal: Journal, start: date, end: date, *, wide: bool = False
                      ) -> list[tuple[str, float, int]]:
    """(kind, seconds, how many episodes) for every known duration in range."""
    rows = journal.db.execute(
        f"SELECT kind, duration_s, COUNT(*) FROM episodes{_date_filter(wide)} "
        "AND duration_s IS NOT NULL GROUP BY kind, duration_s",
        [start.isoformat(), end.isoformat()],
    ).fetchall()
    return [(kind, float(seconds), n) for kind, seconds, n in rows]


def episode_extent(journal: Journal, start: date, end: date
                   ) -> tuple[int, datetime | None, datetime | None]:
    """How many episodes fall in the range, and the first and last of them."""
    lo, hi = start.isoformat(), end.isoformat()
    count, first_day, last_day = journal.db.execute(
        "SELECT COUNT(*), MIN(local_date), MAX(local_date) FROM episodes "
        "WHERE local_date BETWEEN ? AND ?", [lo, hi]).fetchone()
    if not count:
        return 0, None, None
    first = journal.db.execute(
        "SELECT started_at FROM episodes WHERE local_date = ? "
        "ORDER BY started_utc, id LIMIT 1", [first_day]).fetchone()[0]
    last = journal.db.execute(
        "SELECT started_at FROM episodes WHERE local_date = ? "
        "ORDER BY started_utc DESC, id DESC LIMIT 1", [last_day]).fetchone()[0]
    return count, datetime.fromisoformat(first), datetime.fromisoformat(last)


def first_episode_ever(journal: Journal) -> datetime | None:
    """The first episode within the journal's calendar (see ``Journal.date_bounds``)."""
    row = journal.db.execute(
        "SELECT started_at FROM episodes WHERE local_date BETWEEN ? AND ? "
        "ORDER BY started_utc LIMIT 1", list(valid_date_span())).fetchone()
    return datetime.fromisoformat(row[0]) if row else None


def analysed_factors(journal: Journal, start: date, end: date) -> list[FactorInfo]:
    """Built-in factors, then custom ones: active ones always, archived ones only when they
    hold a value in the range (their history still counts)."""
    with_values = {
        row[0] for row in journal.db.execute(
            "SELECT DISTINCT factor_id FROM factor_values WHERE date BETWEEN ? AND ?",
            [start.isoformat(), end.isoformat()]).fetchall()
    }
    custom = [
        FactorInfo(f.name, f.name, str(f.kind), f.unit, custom=True)
        for f in journal.factors.all(include_archived=True)
        if not f.archived or f.id in with_values
    ]
    return [*BUILTIN_FACTORS, *custom]


#: A range holding at least this share of all episodes is read by scanning the table.
WIDE_SHARE = 0.3
#: From this many episodes, the two scans over every episode (durations, hour x weekday)
#: run on a second read-only connection while the caller analyses the daily series.
BACKGROUND_FROM_EPISODES = 20_000


def _episode_scans(path: Path, start: date, end: date, wide: bool
                   ) -> tuple[list[tuple[str, float, int]], list[list[int]]]:
    reader = Journal.open_reader(path)
    try:
        return (durations_by_kind(reader, start, end, wide=wide),
                hour_weekday_counts(reader, start, end, wide=wide))
    finally:
        reader.close()


def load_analysis_input(journal: Journal, start: date, end: date) -> AnalysisInput:
    """Everything :func:`twitchlog.analysis.engine.analyze` needs for ``[start, end]``.

    For a range of many episodes the durations and the hour x weekday counts are still
    being read when this returns: call ``.resolve()`` before using those two fields
    (``analyze`` does).
    """
    if start > end:
        start, end = end, start
    count, first_in_range, last_in_range = episode_extent(journal, start, end)
    total = journal.db.execute("SELECT COUNT(*) FROM episodes").fetchone()[0]
    wide = total > 0 and count >= WIDE_SHARE * total
    pending = None
    if count >= BACKGROUND_FROM_EPISODES and Path(journal.path).is_file():
        # SQLite releases Python's lock while it scans, so this overlaps the analysis;
        # AnalysisInput.resolve() collects it (analyze does, before the summary).
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="twitchlog-scan")
        pending = pool.submit(_episode_scans, Path(journal.path), start, end, wide)
        pool.shutdown(wait=False)
        durations: list[tuple[str, float, int]] = []
        hour_weekday = [[0] * 24 for _ in range(7)]
    else:
        durations = durations_by_kind(journal, start, end, wide=wide)
        hour_weekday = hour_weekday_counts(journal, start, end, wide=wide)
    daily = journal.daily_series(start - timedelta(days=ROLLING_PADDING_DAYS), end)
    medications = journal.medications.all()
    overlapping = [m for m in medications
                   if m.start_date <= end and (m.end_date is None or m.end_date >= start)]
    return AnalysisInput(
        start=start,
        end=end,
        daily=daily,
        factors=analysed_factors(journal, start, end),
        episodes=count,
        first_episode_ever=first_episode_ever(journal),
        first_episode_in_range=first_in_range,
        last_episode_in_range=last_in_range,
        durations=durations,
        location_counts=location_side_counts(journal, start, end),
        hour_weekday=hour_weekday,
        medications=overlapping,
        all_medications=medications,
        warning_days=journal.checkins.warning_days(start, end),
        pending=pending,
    )


def load_period_input(journal: Journal, start: date, end: date) -> AnalysisInput:
    """Only the tracked days of ``[start, end]``: all a period comparison needs."""
    if start > end:
        start, end = end, start
    return AnalysisInput(start=start, end=end, daily=journal.daily_series(start, end),
                         factors=[])
