"""What every benchmark module shares: the 10-year journal, timers, and the result row.

:class:`BenchContext` builds a ten-year demo journal (about 100,000 episodes and 3,650
days) once and caches it in ``bench-data/`` (git-ignored); it is rebuilt when the demo
generator, the import code or the schema changes, or with ``--rebuild``. Treat
:attr:`BenchContext.journal_path` as read-only and call :meth:`BenchContext.copy_journal`
for a file you may write to.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT / "bench-data"

#: The ten-year journal: fixed seed and end date, so every run measures the same data.
TEN_YEARS = 3650
SEED = 2024
END = date(2025, 12, 31)
#: Mean episodes per tracked day: ~100,000 episodes over ten years.
RATE = 30.0


@dataclass(slots=True)
class Row:
    """One line of the table.

    ``measured`` is in seconds. Give a ``budget`` (seconds; measured must not exceed
    it) or a ``reference`` measured in the same run (seconds) with ``max_ratio`` (the
    allowed measured/reference). A row with neither is informational.
    """

    name: str
    measured: float
    budget: float | None = None
    reference: float | None = None
    max_ratio: float | None = None
    reference_name: str = "reference"
    note: str = ""
    error: str = ""

    @property
    def ratio(self) -> float | None:
        if self.budget:
            return self.measured / self.budget
        if self.reference:
            return self.measured / self.reference
        return None

    @property
    def passed(self) -> bool | None:
        """``True``/``False`` against the budget or reference; ``None`` for info rows."""
        if self.error:
            return False
        if self.budget is not None:
            return self.measured <= self.budget
        if self.reference is not None and self.max_ratio is not None:
            return self.measured <= self.reference * self.max_ratio
        return None

    @property
    def verdict(self) -> str:
        if self.error:
            return "ERROR"
        return {True: "ok", False: "OVER", None: "info"}[self.passed]

    @property
    def target_text(self) -> str:
        if self.error:
            return self.error
        if self.budget is not None:
            return f"budget <= {format_seconds(self.budget)}"
        if self.reference is not None:
            limit = f" (<= {self.max_ratio:g}x)" if self.max_ratio is not None else ""
            return f"{self.reference_name} {format_seconds(self.reference)}{limit}"
        return ""


def format_seconds(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "-"
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def format_table(rows: Sequence[Row]) -> str:
    """The table ``python -m benchmarks`` prints: name, measured, target, ratio, verdict."""
    header = ("benchmark", "measured", "reference / budget", "ratio", "verdict")
    lines = [header]
    for row in rows:
        ratio = row.ratio
        name = row.name + (f"  [{row.note}]" if row.note else "")
        lines.append((name, "-" if row.error else format_seconds(row.measured),
                      row.target_text, f"{ratio:.2f}" if ratio is not None else "",
                      row.verdict))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(cell.ljust(w) if i in (0, 2) else cell.rjust(w)
                             for i, (cell, w) in enumerate(zip(line, widths, strict=True)))
                   .rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def timed(fn: Callable[[], Any], repeat: int = 1) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls of ``fn``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0-100), nearest-rank on sorted values."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def log(message: str) -> None:
    """Progress on stderr, so the table on stdout stays clean."""
    print(message, file=sys.stderr, flush=True)


class BenchContext:
    """Shared, lazily built fixtures for the benchmark modules of one run."""

    def __init__(self, data_dir: Path = DEFAULT_DATA_DIR, *, rebuild: bool = False) -> None:
        self.data_dir = Path(data_dir)
        self.rebuild = rebuild
        self._tmp = tempfile.TemporaryDirectory(prefix="twitchlog-bench-")
        self.tmp_dir = Path(self._tmp.name)
        self._journal: Path | None = None
        self._csv: Path | None = None
        self._copies = 0
        #: Seconds the ten-year journal took to generate, if it was built in this run.
        self.build_seconds: float | None = None

    def close(self) -> None:
        self._tmp.cleanup()

    def __enter__(self) -> BenchContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the ten-year journal ---------------------------------------------------------

    @property
    def journal_path(self) -> Path:
        """The cached ten-year journal (built on first use). Do not write to it."""
        if self._journal is None:
            self._journal = self._ensure_journal()
        return self._journal

    def copy_journal(self, name: str = "copy") -> Path:
        """A private writable copy of the ten-year journal in the run's temp folder."""
        self._copies += 1
        target = self.tmp_dir / f"{name}-{self._copies}.twitchlog"
        shutil.copyfile(self.journal_path, target)
        return target

    def new_journal_path(self, name: str = "new") -> Path:
        """A path for a fresh journal in the run's temp folder."""
        self._copies += 1
        return self.tmp_dir / f"{name}-{self._copies}.twitchlog"

    @property
    def csv_export_dir(self) -> Path:
        """``episodes.csv`` and ``days.csv`` of the ten-year journal (cached)."""
        if self._csv is None:
            folder = self.data_dir / f"ten-years-{self._fingerprint()}-csv"
            if self.rebuild and folder.exists():
                shutil.rmtree(folder)
            if not (folder / "days.csv").exists():
                from twitchlog.exchange import export_csv
                from twitchlog.store import Journal

                log("benchmarks: exporting the 10-year journal to CSV …")
                with Journal.open(self.journal_path) as journal:
                    export_csv(journal, folder)
            self._csv = folder
        return self._csv

    def _fingerprint(self) -> str:
        """Changes whenever what the cached files depend on changes."""
        from twitchlog.store import SCHEMA_VERSION

        digest = hashlib.sha256()
        for module in ("demo.py", "store/importing.py", "exchange/export.py"):
            digest.update((ROOT / "twitchlog" / module).read_bytes())
        digest.update(f"{SCHEMA_VERSION}|{TEN_YEARS}|{SEED}|{RATE}|{END}".encode())
        return digest.hexdigest()[:12]

    def _ensure_journal(self) -> Path:
        from twitchlog.demo import generate_demo
        from twitchlog.store import Journal

        self.data_dir.mkdir(parents=True, exist_ok=True)
        fingerprint = self._fingerprint()
        path = self.data_dir / f"ten-years-{fingerprint}.twitchlog"
        meta = path.with_suffix(".json")
        if path.exists() and meta.exists() and not self.rebuild:
            return path
        for old in self.data_dir.glob("ten-years-*"):
            if old.is_dir():
                shutil.rmtree(old)
            else:
                old.unlink()
        log(f"benchmarks: building the 10-year journal in {path} (once; cached) …")
        start = time.perf_counter()
        with Journal.open(path) as journal:
            result = generate_demo(journal, TEN_YEARS, SEED, END, rate=RATE)
        self.build_seconds = time.perf_counter() - start
        meta.write_text(json.dumps({
            "episodes": result.episodes_added, "days": result.days_added,
            "seed": SEED, "end": END.isoformat(), "rate": RATE,
            "build_seconds": round(self.build_seconds, 2),
        }, indent=1))
        return path

    @property
    def journal_counts(self) -> dict[str, int]:
        meta = json.loads(self.journal_path.with_suffix(".json").read_text())
        return {"episodes": meta["episodes"], "days": meta["days"]}
