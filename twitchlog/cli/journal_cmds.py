"""``log``, ``day`` and ``list``: write and read the journal from scripts."""

from __future__ import annotations

import argparse
from typing import Any

from twitchlog.cli.common import CommandError, add_range_args, date_arg, note, open_journal
from twitchlog.cli.safe_output import shown
from twitchlog.domain import CHECKIN_FIELD_BY_NAME, KINDS, SIDES, DayCheckIn, Episode
from twitchlog.validation import (
    ValidationError,
    coerce_value,
    format_duration,
    now_local,
    parse_datetime,
    parse_duration,
)
from twitchlog.words import count_words

#: ``day`` flags and the check-in fields they set.
DAY_FLAGS = (
    ("--sleep-hours", "sleep_hours", "H"),
    ("--sleep-quality", "sleep_quality", "Q"),
    ("--caffeine-mg", "caffeine_mg", "MG"),
    ("--stress", "stress", "N"),
    ("--exercise-min", "exercise_min", "M"),
    ("--alcohol-units", "alcohol_units", "U"),
    ("--nicotine", "nicotine", "N"),
)


def register(subparsers: Any) -> None:
    log = subparsers.add_parser("log", help="log a twitch episode",
                                description="Log a twitch episode (now, unless --at).")
    log.add_argument("location", metavar="LOCATION", help="body location, e.g. eyelid or calf")
    log.add_argument("--side", choices=SIDES, default="unspecified")
    log.add_argument("--at", metavar="WHEN", help="ISO date-time (default: now)")
    log.add_argument("--duration", metavar="D", help="45, 45s, 2m or 1h30m")
    log.add_argument("--intensity", metavar="N", help="1 (barely) to 10 (strong)")
    log.add_argument("--kind", choices=KINDS, default="twitch")
    log.add_argument("--note", metavar="TEXT", default="")
    log.set_defaults(func=run_log)

    day = subparsers.add_parser("day", help="record or update a day's check-in",
                                description="Record a day's check-in; the day becomes tracked. "
                                "Options left out keep their stored value.")
    day.add_argument("date", metavar="DATE", type=date_arg, help="YYYY-MM-DD")
    for flag, name, metavar in DAY_FLAGS:
        spec = CHECKIN_FIELD_BY_NAME[name]
        unit = f" {spec.unit}" if spec.unit else ""
        day.add_argument(flag, dest=name, metavar=metavar,
                         help=f"{spec.label.lower()}{unit} ({spec.range_text})")
    day.add_argument("--factor", action="append", default=[], metavar="NAME=VALUE",
                     help="a custom factor's value (repeatable); empty VALUE clears it")
    day.set_defaults(func=run_day)

    listing = subparsers.add_parser("list", help="list episodes and check-ins",
                                    description="List episodes (and tracked days) in a range.")
    add_range_args(listing)
    listing.set_defaults(func=run_list)


def run_log(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        readings: list[str] = []
        started = parse_datetime(args.at, "--at", readings) if args.at else now_local()
        duration = parse_duration(args.duration, "--duration") if args.duration else None
        intensity = None
        if args.intensity is not None:
            try:
                intensity = int(args.intensity)
            except ValueError:
                raise ValidationError("--intensity", args.intensity,
                                      "is not a whole number (allowed 1 to 10)") from None
        known = journal.locations.names()
        if args.location.strip().lower() not in known:
            raise CommandError(f"location {args.location!r} is not known; choose one of: "
                               + ", ".join(known))
        try:
            episode = journal.episodes.add(Episode(
                started_at=started, location=args.location, side=args.side,
                duration_s=duration, intensity=intensity, kind=args.kind, notes=args.note))
        except ValidationError as exc:
            field = {"notes": "--note", "started_at": "--at"}.get(exc.field, exc.field)
            raise ValidationError(field, exc.value, exc.reason) from None
        for reading in readings:
            note(reading)
        print(f"Logged {episode.kind} at {shown(episode.location)} ({episode.side}) "
              f"{episode.started_at.isoformat()}  id {episode.id}")
    return 0


def run_day(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        checkin = journal.checkins.get(args.date) or DayCheckIn(date=args.date)
        for flag, name, _ in DAY_FLAGS:
            raw = getattr(args, name)
            if raw is not None:
                spec = CHECKIN_FIELD_BY_NAME[name]
                try:
                    setattr(checkin, name, coerce_value(spec, raw))
                except ValidationError as exc:
                    raise ValidationError(flag, raw, exc.reason) from None
        factors = {f.name.lower(): f for f in journal.factors.all(include_archived=True)}
        for item in args.factor:
            name, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--factor {item!r} is not NAME=VALUE")
            factor = factors.get(name.strip().lower())
            if factor is None:
                known = ", ".join(sorted(f.name for f in factors.values())) or "none defined"
                raise CommandError(f"--factor: {name.strip()!r} is not a custom factor "
                                   f"(known: {known})")
            checkin.factors[factor.name] = value if value.strip() else None
        journal.checkins.save(checkin)
        print(f"Saved check-in for {args.date.isoformat()}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        episodes = journal.episodes.find(args.start, args.end)
        for ep in episodes:
            fields = [
                ep.started_at.isoformat(), shown(ep.location), ep.side, ep.kind,
                format_duration(ep.duration_s) or "-",
                f"intensity {ep.intensity}" if ep.intensity is not None else "-",
            ]
            line = "  ".join(fields)
            if ep.notes:
                line += f"  {shown(ep.notes)}"
            print(line)
        tracked = journal.checkins.tracked_dates(args.start, args.end)
        print(f"{count_words(len(episodes), 'episode')}; "
              f"{count_words(len(tracked), 'tracked day')}")
    return 0
