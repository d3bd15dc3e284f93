"""``twitchlog compare``: two periods' twitches per tracked day, and the ratio B/A.

The interval accounts for alike neighbouring days (:mod:`twitchlog.analysis.periods`),
as the app's Compare periods does; the JSON keys are a contract.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from twitchlog.analysis.results import PeriodComparison
from twitchlog.cli.common import CommandError, date_arg, open_journal
from twitchlog.cli.safe_output import shown
from twitchlog.cli.stats_cmd import _num


def register(subparsers: Any) -> None:
    compare = subparsers.add_parser(
        "compare", help="compare twitches per tracked day in two periods",
        description="Compare episodes per tracked day in period B with period A: the "
        "ratio B/A with a 95%% interval that accounts for alike neighbouring days, and "
        "whether the periods are long enough to tell.")
    compare.add_argument("--a", nargs=2, type=date_arg, metavar=("FROM", "TO"),
                         required=True, help="period A, first and last day (YYYY-MM-DD)")
    compare.add_argument("--b", nargs=2, type=date_arg, metavar=("FROM", "TO"),
                         required=True, help="period B, first and last day (YYYY-MM-DD)")
    compare.add_argument("--json", action="store_true",
                         help="print one JSON object (keys are a stable contract)")
    compare.set_defaults(func=run_compare)


def _check(name: str, start: date, end: date) -> None:
    if start > end:
        raise CommandError(f"--{name}: {start.isoformat()} is after {end.isoformat()}")


def run_compare(args: argparse.Namespace) -> int:
    from twitchlog.analysis.engine import range_label
    from twitchlog.services.compare import compare_in_journal

    (start_a, end_a), (start_b, end_b) = args.a, args.b
    _check("a", start_a, end_a)
    _check("b", start_b, end_b)
    if start_a <= end_b and start_b <= end_a:
        raise CommandError("the periods overlap; a day can be in only one of them")
    with open_journal(args, create=False) as journal:
        result = compare_in_journal(journal, start_a, end_a, start_b, end_b,
                                    range_label(start_a, end_a), range_label(start_b, end_b))
    if args.json:
        json.dump(compare_json(result), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(shown(result.sentence) + "\n")
    return 0


def compare_json(result: PeriodComparison) -> dict[str, Any]:
    """The ``--json`` object: ratio B/A, its CI, and each period's numbers."""

    def period(start: date, end: date, tracked: int, days: int, rate: float | None,
               low: float | None, high: float | None, n_eff: float | None
               ) -> dict[str, Any]:
        return {"from": start.isoformat(), "to": end.isoformat(), "days_tracked": tracked,
                "days_in_period": days, "per_day": _num(rate), "per_day_ci_low": _num(low),
                "per_day_ci_high": _num(high), "n_effective": _num(n_eff, 1)}

    return {
        "ratio": _num(result.ratio), "ci_low": _num(result.ci_low),
        "ci_high": _num(result.ci_high), "too_short": result.too_short,
        "a": period(result.start_a, result.end_a, result.days_a, result.days_in_a,
                    result.rate_a, result.rate_a_low, result.rate_a_high,
                    result.n_effective_a),
        "b": period(result.start_b, result.end_b, result.days_b, result.days_in_b,
                    result.rate_b, result.rate_b_low, result.rate_b_high,
                    result.n_effective_b),
        "sentence": result.sentence,
    }
