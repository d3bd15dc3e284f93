"""The journal core on ten years of data: demo, import, export, open, daily series, logging.

Budgets from issue 2 §6: daily series <= 1.5x one raw sqlite3 GROUP BY query computing
the same numbers (measured in the same run, on the same file); logging one episode
p95 <= 15 ms; opening the journal <= 100 ms; import and demo generation "a few seconds".
"""

from __future__ import annotations

import math
import sqlite3
from datetime import timedelta
from pathlib import Path

from benchmarks.common import (
    END,
    RATE,
    SEED,
    TEN_YEARS,
    BenchContext,
    Row,
    log,
    median,
    percentile,
    timed,
)
from twitchlog.analysis.inputs import DailySeries
from twitchlog.domain import CHECKIN_FIELDS, Episode
from twitchlog.store import Journal

IMPORT_BUDGET = 6.0
EXPORT_BUDGET = 4.0
DEMO_BUDGET = 8.0
OPEN_BUDGET = 0.100
LOG_P95_BUDGET = 0.015
SERIES_MAX_RATIO = 1.5
REPEATS = 7
LOG_SAMPLES = 200


def run(ctx: BenchContext) -> list[Row]:
    rows: list[Row] = []
    counts = ctx.journal_counts
    size = f"{counts['episodes']:,} episodes, {counts['days']:,} days"
    rows.append(_demo(ctx))
    rows.extend(_import_export(ctx, size))
    rows.extend(_open(ctx))
    rows.append(_daily_series(ctx))
    rows.extend(_log_episode(ctx))
    return rows


def _demo(ctx: BenchContext) -> Row:
    from twitchlog.demo import generate_demo

    log("  demo generator, 10 years …")
    path = ctx.new_journal_path("demo")
    with Journal.open(path) as journal:
        seconds = timed(lambda: generate_demo(journal, TEN_YEARS, SEED, END, rate=RATE))[0]
    path.unlink()
    return Row("demo: generate 10 years into a new journal", seconds, budget=DEMO_BUDGET)


def _import_export(ctx: BenchContext, size: str) -> list[Row]:
    from twitchlog.exchange import export_csv, import_paths

    folder = ctx.csv_export_dir
    log("  import of the 10-year CSV export …")
    path = ctx.new_journal_path("import")
    with Journal.open(path) as journal:
        results = []
        seconds = timed(lambda: results.append(import_paths(journal, [folder])))[0]
        again = timed(lambda: results.append(import_paths(journal, [folder])))[0]
        if results[0].episodes_added != int(size.split()[0].replace(",", "")):
            raise AssertionError(f"import added {results[0].episodes_added} episodes")
        if results[1].changed:
            raise AssertionError("re-import changed the journal")
        log("  CSV export of 10 years …")
        out = ctx.tmp_dir / "export"
        export_seconds = timed(lambda: export_csv(journal, out))[0]
    path.unlink()
    return [
        Row("import 10-year CSV into an empty journal", seconds, budget=IMPORT_BUDGET,
            note=size),
        Row("re-import the same CSV (adds nothing)", again, budget=IMPORT_BUDGET),
        Row("export 10 years as CSV", export_seconds, budget=EXPORT_BUDGET),
    ]


def _open(ctx: BenchContext) -> list[Row]:
    """The app's open (quick_check on a worker) against the budget; the command line's
    open (quick_check at once) for information."""
    log("  opening the 10-year journal …")
    path = ctx.copy_journal("open")
    Journal.open(path).close()  # the first open may convert the copy to WAL: not timed

    def median_open(defer_check: bool) -> float:
        times = []
        for _ in range(REPEATS):
            journal = None

            def opening() -> None:
                nonlocal journal
                journal = Journal.open(path, defer_check=defer_check)

            times.append(timed(opening)[0])
            assert journal is not None
            journal.close()
        return median(times)

    return [
        Row(f"open the 10-year journal, as the app does (median of {REPEATS})  "
            "[truncation check now, quick_check on a worker]", median_open(True),
            budget=OPEN_BUDGET),
        Row(f"open the 10-year journal with quick_check at once (median of {REPEATS})  "
            "[command line]", median_open(False)),
    ]


def _daily_series(ctx: BenchContext) -> Row:
    log("  daily series over 10 years vs the raw GROUP BY …")
    path = ctx.journal_path
    journal = Journal.open_reader(path)
    raw = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        bounds = journal.date_bounds()
        assert bounds is not None
        start, end = bounds
        sql, params = _reference_query(raw, start.isoformat(), end.isoformat())
        rows = raw.execute(sql, params).fetchall()  # warm both caches, untimed
        series = journal.daily_series(start, end)
        ours: list[float] = []
        reference: list[float] = []
        for _ in range(REPEATS):  # interleaved, so both see the same machine load
            reference.append(timed(lambda: raw.execute(sql, params).fetchall())[0])
            ours.append(timed(lambda: journal.daily_series(start, end))[0])
        _check_same_numbers(series, rows, [f.name for f in journal.factors.all(
            include_archived=True)])
    finally:
        raw.close()
        journal.close()
    return Row(f"daily series, 10 years ({len(rows):,} tracked days; median)", median(ours),
               reference=median(reference), max_ratio=SERIES_MAX_RATIO,
               reference_name="raw GROUP BY")


def _reference_query(raw: sqlite3.Connection, lo: str, hi: str) -> tuple[str, list]:
    """One GROUP BY over check-ins and episodes giving the daily series' numbers."""
    cols = ", ".join(f"c.{spec.name}" for spec in CHECKIN_FIELDS if spec.name != "notes")
    factor_ids = [row[0] for row in raw.execute("SELECT id FROM factors ORDER BY id")]
    factor_cols = "".join(
        f", (SELECT v.value FROM factor_values v WHERE v.date = c.date AND v.factor_id = {i})"
        for i in factor_ids)
    sql = (
        "SELECT c.date, COUNT(e.local_date), "
        "CASE WHEN COUNT(e.local_date) = 0 THEN 0 ELSE SUM(e.duration_s) END, "
        f"AVG(e.intensity), {cols}{factor_cols} "
        "FROM checkins c LEFT JOIN episodes e ON e.local_date = c.date "
        "WHERE c.date BETWEEN ? AND ? GROUP BY c.date ORDER BY c.date"
    )
    return sql, [lo, hi]


def _check_same_numbers(series: DailySeries, rows: list[tuple], factors: list[str]) -> None:
    """The comparison is only fair if both compute the same thing: check it."""
    names = [spec.name for spec in CHECKIN_FIELDS if spec.name != "notes"] + factors
    if [d.isoformat() for d in series.dates] != [r[0] for r in rows]:
        raise AssertionError("daily series and reference disagree on the tracked days")
    for i, row in enumerate(rows):
        ours = [series.episodes[i], series.duration_s[i], series.intensity[i],
                *(series.factors[name][i] for name in names)]
        for a, b in zip(ours, row[1:], strict=True):
            if a is None or b is None:
                if a is not b:
                    raise AssertionError(f"{row[0]}: {a!r} != {b!r}")
            elif not math.isclose(a, b, rel_tol=1e-9):
                raise AssertionError(f"{row[0]}: {a!r} != {b!r}")


def _log_episode(ctx: BenchContext) -> list[Row]:
    log(f"  logging one episode, {LOG_SAMPLES} times …")
    path = ctx.copy_journal("log")
    times: list[float] = []
    with Journal.open(path) as journal:
        moment = journal.episodes.find(newest_first=True, limit=1)[0].started_at
        for i in range(LOG_SAMPLES + 5):
            episode = Episode(started_at=moment + timedelta(minutes=i + 1), location="eyelid",
                              side="left", duration_s=5.0, intensity=3)
            seconds = timed(lambda e=episode: journal.episodes.add(e))[0]
            if i >= 5:  # the first few warm the page cache
                times.append(seconds)
    return [
        Row(f"log one episode, p50 of {LOG_SAMPLES}", percentile(times, 50),
            budget=LOG_P95_BUDGET),
        Row(f"log one episode, p95 of {LOG_SAMPLES}", percentile(times, 95),
            budget=LOG_P95_BUDGET),
    ]
