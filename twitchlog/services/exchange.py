"""Import and export as the app and the command line run them.

An import reads and checks every file first, backs the journal up, then applies the
whole plan in one transaction: a refused file changes nothing, and File › Undo last
import can take an applied one back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from twitchlog.domain import PORTABLE_SETTINGS
from twitchlog.exchange import ExportSummary, export_csv, export_json, read_import
from twitchlog.services.reading import reading
from twitchlog.store import Journal
from twitchlog.store.importing import ImportPlan, ImportResult, carried_parts
from twitchlog.words import count_words

ExportFormat = Literal["csv", "json"]


def import_into(journal: Journal, paths: Sequence[Path | str], *,
                replace: bool = False) -> ImportResult:
    """Import files (or folders of them); raises ``ExchangeError`` before any change.

    With ``replace`` the journal's entries make way for the file's, and the settings
    the file holds replace the journal's (the backup taken first keeps the old ones).
    """
    from twitchlog.store.backups import backup_before

    plan = read_import(paths, factors=() if replace
                       else journal.factors.all(include_archived=True))
    backup_before(journal, "import")
    return journal.imports.apply(plan, replace=replace)


def preview_lines(journal: Journal, plan: ImportPlan, *, replace: bool = False) -> list[str]:
    """What a TwitchLog CSV/JSON import holds, as sentences for ``--preview`` and the app.

    Settings are split into those the import adds and those this journal keeps (or,
    with ``replace``, those whose value the file replaces).
    """
    days = sorted(item.checkin.date for item in plan.days)
    span = f", {days[0]} to {days[-1]}" if days else ""
    lines = [f"{count_words(len(plan.episodes), 'episode')}, "
             f"{count_words(len(plan.days), 'day')}{span}, "
             f"{count_words(len(plan.medications), 'medication')}, "
             f"{count_words(len(plan.factors), 'custom factor')}."]
    carried = carried_parts(len(plan.device_values), len(plan.unremembered), ())
    if carried:
        text = ", ".join(carried)
        lines.append(text[:1].upper() + text[1:] + ".")
    have = journal.settings.portable()
    added = [PORTABLE_SETTINGS[k] for k in plan.settings if k not in have]
    kept = [PORTABLE_SETTINGS[k] for k, v in plan.settings.items() if have.get(k) not in
            (None, v)]
    if added:
        lines.append("Settings added: " + ", ".join(added) + ".")
    if kept and replace:
        lines.append("Settings replaced: " + ", ".join(kept) + ".")
    elif kept:
        lines.append("Settings kept as this journal has them: " + ", ".join(kept) + ".")
    if replace:
        counts = journal.counts()
        lines.insert(0, f"Replaces this journal's {count_words(counts['episodes'], 'episode')} "
                        f"and {count_words(counts['checkins'], 'day')} (a backup is taken "
                        "first).")
    return lines


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """TwitchLog export files read and checked, nothing written: what the app asks about."""

    files: list[str]
    source: str
    lines: list[str]


def preview_files(path: Path, files: Sequence[str]) -> ImportPreview:
    """Read and check ``files`` against the journal at ``path`` on a read-only
    connection of its own; raises ``ExchangeError`` for a refused file."""
    with reading(path) as journal:
        plan = read_import(files, factors=journal.factors.all(include_archived=True))
        return ImportPreview(list(files), plan.source, preview_lines(journal, plan))


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
