"""A protected (SQLCipher) 10-year journal against the same journal in plain SQLite.

Encryption costs a key derivation at open (PBKDF2-HMAC-SHA512, 256,000 iterations) and
a little per page read or written. Targets: the daily series and logging one episode
within 1.5x of plain; opening within 0.5 s including the key derivation.
"""

from __future__ import annotations

from collections.abc import Callable
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

    def open_plain(defer: bool) -> None:
        Journal.open(plain, defer_check=defer).close()

    def open_locked(defer: bool) -> None:
        cipher.forget_all()  # nothing cached: the key is derived again
        cipher.unlock(locked, PASSPHRASE)
        Journal.open(locked, defer_check=defer).close()

    for defer, what in ((False, "with quick_check (command line)"),
                        (True, "as the app does (quick_check on a worker)")):
        open_p, open_c = _interleaved(lambda d=defer: open_plain(d),
                                      lambda d=defer: open_locked(d), 3)
        rows.append(Row(f"protected: open {what}, key derivation included", open_c,
                        budget=OPEN_BUDGET, note=f"plain {open_p * 1000:.0f} ms"))
    with Journal.open(plain) as p_journal, Journal.open(locked) as c_journal:
        start, end = date(2016, 1, 1), date(2025, 12, 31)
        series_p, series_c = _interleaved(lambda: p_journal.daily_series(start, end),
                                          lambda: c_journal.daily_series(start, end), 7)
        rows.append(Row("protected: daily series, 10 years", series_c, reference=series_p,
                        max_ratio=MAX_RATIO, reference_name="plain"))
        log_p, log_c = _interleaved(_logger(p_journal), _logger(c_journal), 101)
        rows.append(Row("protected: log one episode (median of 101)", log_c,
                        reference=log_p, max_ratio=MAX_RATIO, reference_name="plain"))
        backup_p, backup_c = _interleaved(lambda: create_backup(p_journal, "manual"),
                                          lambda: create_backup(c_journal, "manual"), 3)
        rows.append(Row("protected: backup (API copy + integrity_check)", backup_c,
                        reference=backup_p, reference_name="plain"))
    cipher.forget_all()
    return rows


def _interleaved(plain: Callable[[], object], protected: Callable[[], object], repeat: int
                 ) -> tuple[float, float]:
    """Medians of alternating runs, so a busy machine slows both sides alike."""
    times_p: list[float] = []
    times_c: list[float] = []
    for _ in range(repeat):
        times_p += timed(plain)
        times_c += timed(protected)
    return median(times_p), median(times_c)


def _logger(journal: Journal) -> Callable[[], object]:
    moment = datetime(2026, 2, 1, 9, tzinfo=UTC)
    n = [0]

    def one() -> None:
        n[0] += 1
        journal.episodes.add(Episode(started_at=moment + timedelta(minutes=n[0]),
                                    location="eyelid"))

    return one
