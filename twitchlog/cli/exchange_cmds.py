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
from twitchlog.exchange import (
    DAYS_FILENAME,
    EPISODES_FILENAME,
    MAX_IMPORT_BYTES,
    ExchangeError,
)
from twitchlog.services.exchange import export_from, import_into


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
        "import", help="import CSV or JSON exports",
        description="Import episodes.csv, days.csv or a JSON export (or folders holding "
        "them). All or nothing: one bad row and nothing is imported. Importing the same "
        "file again adds nothing; a known id (or date) updates that entry. Files over "
        f"{MAX_IMPORT_BYTES // 1024 // 1024} MB are refused.")
    imp.add_argument("paths", nargs="+", metavar="PATH", help="file or folder")
    imp.set_defaults(func=run_import)


def run_export(args: argparse.Namespace) -> int:
    with open_journal(args, create=False) as journal:
        out = Path(args.out).expanduser()
        try:
            summary = export_from(journal, args.format, out, args.start, args.end)
        except ExchangeError as exc:
            raise CommandError(str(exc)) from None
        print(summary.summary())
        note_plain_export(journal, f"The export {out}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    with open_journal(args) as journal:
        try:
            result = import_into(journal, [Path(p).expanduser() for p in args.paths])
        except ExchangeError as exc:
            raise CommandError(str(exc)) from None
        print(f"Imported {result.source}: {result.summary()}"
              if result.changed else result.summary())
        for reading in result.notes:
            note(reading)
    return 0
