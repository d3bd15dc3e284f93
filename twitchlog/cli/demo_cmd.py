"""``demo``: fill a journal with a realistic synthetic history to explore the app."""

from __future__ import annotations

import argparse
from typing import Any

from twitchlog.cli.common import CommandError, open_journal
from twitchlog.demo import DEFAULT_DAYS, DEFAULT_SEED, MAX_DAYS, DemoRefusedError, generate_demo


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 1 <= value <= MAX_DAYS:
        raise argparse.ArgumentTypeError(f"{value} is out of range (allowed 1 to {MAX_DAYS})")
    return value


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser(
        "demo", help="fill a journal with a realistic demo history",
        description="Fill the journal (--db, $TWITCHLOG_DB or the default) with a synthetic "
        "history ending today: daily check-ins with gaps, episodes whose rate depends on "
        "sleep, caffeine and stress, a few warning-sign days, a medication period and a "
        "custom factor. A journal that already has entries is refused unless --force, "
        "which REPLACES its episodes, days, custom factors, medications and locations "
        "(settings are kept). Tip: use --db demo.twitchlog to keep your real journal apart.")
    demo.add_argument("--days", type=_days, default=DEFAULT_DAYS, metavar="N",
                      help=f"length of the history in days (default {DEFAULT_DAYS})")
    demo.add_argument("--seed", type=_seed, default=DEFAULT_SEED, metavar="S",
                      help=f"random seed; the same seed gives the same history "
                      f"(default {DEFAULT_SEED})")
    demo.add_argument("--force", action="store_true",
                      help="replace the journal's existing entries with the demo")
    demo.set_defaults(func=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        try:
            result = generate_demo(journal, args.days, args.seed, replace=args.force)
        except DemoRefusedError as exc:
            raise CommandError(f"{exc}; use --force to replace them with demo data") from None
        removed = result.replaced.get("episodes", 0) + result.replaced.get("checkins", 0)
        prefix = "Replaced the journal's entries with" if removed else "Created"
        print(f"{prefix} a demo history in {journal.path}: {result.episodes_added} episodes "
              f"over {args.days} days ({result.days_added} tracked).")
    return 0
