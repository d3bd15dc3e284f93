"""Backups on ten years of data: the daily backup at open, listing, checking, restoring.

A backup is an online SQLite backup plus ``PRAGMA integrity_check`` of the copy; the
first open of a day pays for one. Budgets are what a person waiting for the window
(or for File > Restore) would accept.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from benchmarks.common import BenchContext, Row, log, median, timed
from twitchlog.store import Journal
from twitchlog.store.backups import (
    auto_backup_on_open,
    backup_dir,
    backup_journal,
    list_backups,
    plan_rotation,
    restore_backup,
    validate_backup,
)

BACKUP_BUDGET = 1.5
OPEN_WITH_BACKUP_BUDGET = 2.0
LIST_BUDGET = 0.5
VALIDATE_BUDGET = 1.5
RESTORE_BUDGET = 4.0
ROTATION_BUDGET = 0.05


def run(ctx: BenchContext) -> list[Row]:
    counts = ctx.journal_counts
    size = f"{counts['episodes']:,} episodes"
    path = ctx.copy_journal("backups")
    rows: list[Row] = []

    log("  backup of the 10-year journal …")
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    made = []
    with Journal.open(path) as journal:
        def one() -> None:
            made.append(backup_journal(journal, "manual",
                                       now=start + timedelta(days=len(made))))

        seconds = timed(one, repeat=3)
    rows.append(Row(f"backup: API copy + integrity_check, {size}", median(seconds),
                    budget=BACKUP_BUDGET))

    log("  first open of the day (with its backup) …")

    def open_and_back_up() -> None:
        with Journal.open(path) as journal:
            assert auto_backup_on_open(journal, now=start + timedelta(days=10 + len(made)))
        made.append(None)

    rows.append(Row("open + the day's first backup (command line; the app: background)",
                    median(timed(open_and_back_up, 3)),
                    budget=OPEN_WITH_BACKUP_BUDGET))

    n = len(list(backup_dir(path).iterdir()))
    rows.append(Row(f"list {n} backups with entry counts",
                    median(timed(lambda: list_backups(path), 5)), budget=LIST_BUDGET))
    newest = list_backups(path)[0].path
    rows.append(Row("validate a backup (integrity, id, version)",
                    median(timed(lambda: validate_backup(newest), 3)), budget=VALIDATE_BUDGET))

    log("  restore …")
    rows.append(Row("restore: safety copy, check, copy, swap",
                    median(timed(lambda: restore_backup(path, newest), 3)),
                    budget=RESTORE_BUDGET))

    files = [f for f in _year_of_backups()]
    now = files[-1].created
    rows.append(Row(f"rotation plan over {len(files):,} backups",
                    median(timed(lambda: plan_rotation(files, now), 5)),
                    budget=ROTATION_BUDGET))
    return rows


def _year_of_backups():
    from pathlib import Path

    from twitchlog.store.backups import BackupFile

    start = datetime(2025, 1, 1, tzinfo=UTC)
    return [BackupFile(Path(f"/b/{i}"), start + timedelta(hours=8 * i), "open")
            for i in range(3 * 365)]
