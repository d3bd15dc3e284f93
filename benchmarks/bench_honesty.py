"""How honest the associations are, on a few hundred simulated journals (issue 9).

The expensive version of ``tests/test_association_honesty.py``: the same journals
(``tests/journal_sim.py``) in larger numbers, so the rates are measured to within a few
percent. Each row's time is the cost of the method per journal (150 days; the full
analysis, or one period comparison); the rate and its target are in the note, and a
missed target marks the row as failed.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from benchmarks.common import ROOT, BenchContext, Row, log

#: Journals per measured rate (the test module uses 40).
JOURNALS = 300


def _rate(name: str, count: int, trial: Callable[[int], bool], target: str,
          ok: Callable[[float], bool]) -> Row:
    started = time.perf_counter()
    hits = sum(trial(i) for i in range(count))
    per_journal = (time.perf_counter() - started) / count
    share = hits / count
    note = f"{100 * share:.1f}% ({hits} of {count}); target {target}"
    return Row(name, per_journal, note=note,
               error="" if ok(share) else f"target missed: {note}")


def run(ctx: BenchContext) -> list[Row]:
    del ctx  # simulated journals only
    sys.path.insert(0, str(ROOT / "tests"))
    import journal_sim as sim

    from twitchlog.analysis.engine import analyze, compare_periods

    def caffeine_found(i: int) -> bool:
        pair = analyze(sim.drifting(10_000 + i, caffeine_effect=1.5)).association(
            "caffeine_mg", 0)
        return bool(pair is not None and pair.significant)

    def adjusted(i: int, factor: str) -> bool:
        model = analyze(sim.confounded(20_000 + i)).adjusted
        effect = model.effect(factor) if model is not None else None
        return bool(effect is not None and effect.significant)

    def covered(i: int, ratio: float) -> bool:
        data, a, b = sim.two_periods(30_000 + i, ratio=ratio)
        result = compare_periods(data, *a, *b, "A", "B")
        low, high = result.ci_low or 0.0, result.ci_high or float("inf")
        return low <= 1 <= high if ratio == 1 else low > 1

    log(f"  honesty: {JOURNALS} simulated journals per rate …")
    half = JOURNALS * 2 // 3
    return [
        _rate("drifting journals with a false clear association", JOURNALS,
              lambda i: bool(analyze(sim.drifting(i)).significant), "≤ 10%",
              lambda r: r <= 0.10),
        _rate("drifting journals: caffeine ×1.5 per 100 mg found", half, caffeine_found,
              "≥ 80%", lambda r: r >= 0.80),
        _rate("independent days with a false clear association", half,
              lambda i: bool(analyze(sim.independent(40_000 + i)).significant), "≤ 10%",
              lambda r: r <= 0.10),
        _rate("confounded: caffeine clear after adjustment", half,
              lambda i: adjusted(i, "caffeine_mg"), "≤ 20%", lambda r: r <= 0.20),
        _rate("confounded: stress found after adjustment", half,
              lambda i: adjusted(i, "stress"), "≥ 70%", lambda r: r >= 0.70),
        _rate("two 60-day periods, no change: 95% CI covers 1", JOURNALS,
              lambda i: covered(i, 1.0), "≥ 80%", lambda r: r >= 0.80),
        _rate("two 60-day periods, a doubling detected", half,
              lambda i: covered(i, 2.0), "≥ 50%", lambda r: r >= 0.50),
    ]
