"""Import and export as the app and the command line run them.

An import reads and checks every file first, backs the journal up, then applies the
whole plan in one transaction: a refused file changes nothing, and File › Undo last
import can take an applied one back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Literal

from twitchlog.exchange import ExportSummary, export_csv, export_json, read_import
from twitchlog.services.reading import reading
from twitchlog.store import Journal
from twitchlog.store.importing import ImportResult

ExportFormat = Literal["csv", "json"]


def import_into(journal: Journal, paths: Sequence[Path | str]) -> ImportResult:
    """Import files (or folders of them); raises ``ExchangeError`` before any change."""
    from twitchlog.store.backups import backup_before

    plan = read_import(paths, factors=journal.factors.all(include_archived=True))
    backup_before(journal, "import")
    return journal.imports.apply(plan)


def import_files(path: Path, files: Sequence[Path | str]) -> ImportResult:
    """:func:`import_into` on a connection of its own (the app runs it on a worker)."""
    with Journal.open(path, create=False) as journal:
        return import_into(journal, files)


def export_from(journal: Journal, fmt: ExportFormat, target: Path, start: date | None,
                end: date | None) -> ExportSummary:
    """CSV into the folder ``target``, or JSON into the file ``target``, written atomically."""
    if fmt == "csv":
        return export_csv(journal, target, start, end)
    return export_json(journal, target, start, end)


def export_file(path: Path, fmt: ExportFormat, target: Path, start: date | None,
                end: date | None) -> ExportSummary:
    """:func:`export_from` on a read-only connection of its own."""
    with reading(path) as journal:
        return export_from(journal, fmt, target, start, end)
