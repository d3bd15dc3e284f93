"""``twitchlog stats --json`` on the ten-year journal against a bare scipy script.

Budget (issue 9): the command, in a new process, takes at most 2.5x a bare script run
the same way: Python with numpy and scipy.stats that reads the tracked days' counts and
built-in factors with sqlite3 and computes plain Spearman correlations at lags 0-2 and
their Benjamini-Hochberg q-values (none of the effective days, block bootstraps, dose
bands, adjusted model, summary or JSON that ``stats`` adds). Each side runs a few times,
interleaved; the medians are compared.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import BenchContext, Row, log, median

MAX_RATIO = 2.5
RUNS = 3

_BARE = """
import sqlite3, sys
import numpy as np
from scipy import stats
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute(
    "SELECT c.date, COUNT(e.local_date), c.sleep_hours, c.sleep_quality, c.caffeine_mg, "
    "c.stress, c.exercise_min, c.alcohol_units, c.nicotine FROM checkins c LEFT JOIN "
    "episodes e ON e.local_date = c.date GROUP BY c.date ORDER BY c.date").fetchall()
days = np.array([np.datetime64(r[0], "D") for r in rows])
offsets = (days - days[0]).astype(int)
grid = np.full((offsets[-1] + 1, 8), np.nan)
grid[offsets] = np.array([r[1:] for r in rows], dtype=float)
p_values = []
for column in range(1, 8):
    for lag in range(3):
        x, y = grid[: len(grid) - lag, column], grid[lag:, 0]
        both = ~np.isnan(x) & ~np.isnan(y)
        p_values.append(stats.spearmanr(x[both], y[both]).pvalue)
print(stats.false_discovery_control(p_values).min())
"""


def _run(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def run(ctx: BenchContext) -> list[Row]:
    path: Path = ctx.copy_journal("stats")
    # the installed console script, as a user runs it
    ours = [str(Path(sys.executable).with_name("twitchlog")), "--db", str(path), "stats",
            "--json"]
    bare = [sys.executable, "-c", _BARE, str(path)]
    log("  stats: the command against a bare scipy script, ten years …")
    _run(ours)  # the first open makes the daily backup; warm the disk cache for both
    _run(bare)
    measured, reference = [], []
    for _ in range(RUNS):
        measured.append(_run(ours))
        reference.append(_run(bare))
    return [Row("twitchlog stats --json, 10 years (new process)", median(measured),
                reference=median(reference), max_ratio=MAX_RATIO,
                reference_name="bare scipy script")]
