"""``export`` and ``import``: the journal as CSV or JSON files, and back."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from twitchlog.cli.common import (
    CommandError,
    add_range_args,
    note,
    note_plain_export,
    open_journal,
)
from twitchlog.cli.safe_output import shown
from twitchlog.exchange import (
    DAYS_FILENAME,
    EPISODES_FILENAME,
    MAX_IMPORT_BYTES,
    ExchangeError,
    read_import,
)
from twitchlog.exchange.wearables import DeviceFile
from twitchlog.exchange.wearables.plan import device_files_in, read_device_plan
from twitchlog.services.exchange import export_from, import_into, preview_lines
from twitchlog.store.backups import backup_before
from twitchlog.words import count_words


def register(subparsers: Any) -> None:
    export = subparsers.add_parser(
        "export", help="export the journal as CSV or JSON",
        description=f"Export episodes and check-ins. CSV: --out is a folder that receives "
        f"{EPISODES_FILENAME} and {DAYS_FILENAME}. JSON: --out is one file holding the whole "
        "journal (also custom factors, medications and locations).")
    export.add_argument("--format", required=True, choices=("csv", "json"))
    export.add_argument("--out", required=True, metavar="PATH",
                        help="folder (csv) or file (json) to write")
    add_range_args(export)
    export.set_defaults(func=run_export)

    imp = subparsers.add_parser(
        "import", help="import CSV or JSON exports, or sleep and caffeine from a device",
        description="Import episodes.csv, days.csv or a JSON export (or folders holding "
        "them). All or nothing: one bad row and nothing is imported. Importing the same "
        "file again adds nothing; a known id (or date) updates that entry. Files over "
        f"{MAX_IMPORT_BYTES // 1024 // 1024} MB are refused. Device exports (Apple Health "
        "export.zip or export.xml, Fitbit or Garmin sleep JSON, Oura sleep CSV/JSON, a "
        "Gadgetbridge database) bring in sleep and caffeine; values you typed are kept.")
    imp.add_argument("paths", nargs="+", metavar="PATH", help="file, folder or zip archive")
    imp.add_argument("--preview", action="store_true",
                     help="print what the import would do, and write nothing")
    imp.add_argument("--prefer-device", action="store_true",
                     help="device values replace sleep and caffeine you typed")
    imp.add_argument("--replace", action="store_true",
                     help="TwitchLog exports only: the file's entries replace the journal's, "
                     "and its settings replace the journal's (a backup is taken first)")
    imp.set_defaults(func=run_import)


def run_export(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        out = Path(args.out).expanduser()
        try:
            summary = export_from(journal, args.format, out, args.start, args.end)
        except ExchangeError as exc:
            raise CommandError(str(exc)) from None
        print(shown(summary.summary()))
        note_plain_export(journal, f"The export {out}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    paths = [Path(p).expanduser() for p in args.paths]
    try:
        devices = device_files_in(paths)
    except ExchangeError as exc:
        raise CommandError(str(exc)) from None
    if devices:
        if args.replace:
            raise CommandError("--replace is for TwitchLog exports; device values are "
                               "merged (see --prefer-device)")
        return _run_device_import(args, devices)
    with open_journal(args, create=not args.preview) as journal:
        try:
            if args.preview:
                plan = read_import(paths, factors=() if args.replace
                                   else journal.factors.all(include_archived=True))
                print(shown(f"Preview of {plan.source} (nothing written): "
                            + " ".join(preview_lines(journal, plan, replace=args.replace))))
                return 0
            result = import_into(journal, paths, replace=args.replace)
        except ExchangeError as exc:
            raise CommandError(str(exc)) from None
        print(shown(f"Imported {result.source}: {result.summary()}"
                    if result.changed else result.summary()))
        if result.replaced:
            note(f"the journal's earlier "
                 f"{count_words(result.replaced.get('episodes', 0), 'episode')} and "
                 f"{count_words(result.replaced.get('checkins', 0), 'day')} were replaced; "
                 "the backup taken before the import holds them")
        for reading in result.notes:
            note(reading)
    return 0


def _run_device_import(args: argparse.Namespace, devices: list[DeviceFile]) -> int:
    try:
        plan = read_device_plan(devices)
    except ExchangeError as exc:
        raise CommandError(str(exc)) from None
    with open_journal(args, create=not args.preview) as journal:
        preview = journal.devices.preview(plan.values, plan.merged.files,
                                                replace_typed=args.prefer_device)
        preview.naps = plan.merged.naps
        preview.skipped = plan.merged.skipped
        if args.preview:
            print(f"Preview of {shown(plan.source)} (nothing written):")
            for line in preview.lines(replace_typed=args.prefer_device):
                print(f"  {shown(line)}")
            return 0
        backup_before(journal, "import")
        result = journal.devices.apply(plan.values, plan.source,
                                             replace_typed=args.prefer_device)
        print(shown(f"Imported {result.source}: {result.summary()}"
                    if result.changed else result.summary()))
    return 0
