"""A protected (SQLCipher) 10-year journal against the same journal in plain SQLite.

Encryption costs a key derivation at open (PBKDF2-HMAC-SHA512, 256,000 iterations) and
a little per page read or written. Targets: the daily series and logging one episode
within 1.5x of plain; opening within 0.5 s including the key derivation.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from benchmarks.common import BenchContext, Row, log, median, timed
from twitchlog.domain import Episode
from twitchlog.store import Journal, cipher
from twitchlog.store.backups import create_backup

PASSPHRASE = "a benchmark passphrase"
OPEN_BUDGET = 0.5
MAX_RATIO = 1.5


def run(ctx: BenchContext) -> list[Row]:
    if not cipher.available():
        return [Row("protected journal", 0.0, error="SQLCipher is not installed "
                    "(pip install 'twitchlog[encryption]')")]
    from twitchlog.store import protection

    plain = ctx.copy_journal("plain-for-cipher")
    locked = ctx.copy_journal("protected")
    log("  encrypting a copy of the 10-year journal …")
    protection.protect(locked, PASSPHRASE)
    rows: list[Row] = []

    def open_plain() -> None:
        Journal.open(plain).close()

    def open_locked() -> None:
        cipher.forget_all()  # nothing cached: the key is derived again
        cipher.unlock(locked, PASSPHRASE)
        Journal.open(locked).close()

    open_p, open_c = median(timed(open_plain, 3)), median(timed(open_locked, 3))
    rows.append(Row("protected: open with key derivation and quick_check", open_c,
                    budget=OPEN_BUDGET, note=f"plain {open_p * 1000:.0f} ms, "
                                             f"{open_c / open_p:.1f}x"))
    with Journal.open(plain) as p_journal, Journal.open(locked) as c_journal:
        start, end = date(2016, 1, 1), date(2025, 12, 31)
        series_p = median(timed(lambda: p_journal.daily_series(start, end), 5))
        series_c = median(timed(lambda: c_journal.daily_series(start, end), 5))
        rows.append(Row("protected: daily series, 10 years", series_c, reference=series_p,
                        max_ratio=MAX_RATIO, reference_name="plain"))
        log_p = _log_one(p_journal)
        log_c = _log_one(c_journal)
        rows.append(Row("protected: log one episode (median of 100)", log_c,
                        reference=log_p, max_ratio=MAX_RATIO, reference_name="plain"))
        backup_p = median(timed(lambda: create_backup(p_journal, "manual"), 3))
        backup_c = median(timed(lambda: create_backup(c_journal, "manual"), 3))
        rows.append(Row("protected: backup (API copy + integrity_check)", backup_c,
                        reference=backup_p, reference_name="plain"))
    cipher.forget_all()
    return rows


def _log_one(journal: Journal) -> float:
    moment = datetime(2026, 2, 1, 9, tzinfo=UTC)
    n = [0]

    def one() -> None:
        n[0] += 1
        journal.add_episode(Episode(started_at=moment + timedelta(minutes=n[0]),
                                    location="eyelid"))

    return median(timed(one, 100))
