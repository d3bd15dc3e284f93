"""The exchange formats: column contracts, limits, and the spreadsheet-formula rule.

``episodes.csv``: ``id,started_at,location,side,duration_s,intensity,kind,notes``.
``days.csv``: ``date``, the built-in check-in fields in :data:`CHECKIN_FIELDS` order
(ending with ``notes``), then one column per custom factor, named after the factor.
Yes/no values are ``1``/``0``; a blank cell is unknown (never zero).

Formula neutralisation (CSV only): a *text* cell (location, notes, a custom factor's
column name) that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return –
optionally after one or more single quotes – is written with one extra leading single
quote (``'``), so a spreadsheet shows it as text instead of running it. Import removes
exactly one leading quote from text that matches the same pattern, so every text
survives export and import unchanged (``'=x`` is written ``''=x`` and read back as
``'=x``). Numbers, dates and ids are never altered.
"""

from __future__ import annotations

import re

from twitchlog.domain import CHECKIN_FIELDS

EPISODE_COLUMNS: tuple[str, ...] = (
    "id", "started_at", "location", "side", "duration_s", "intensity", "kind", "notes",
)
DAY_COLUMNS: tuple[str, ...] = ("date", *(spec.name for spec in CHECKIN_FIELDS))
EPISODES_FILENAME = "episodes.csv"
DAYS_FILENAME = "days.csv"

#: The JSON export's identity and version; a file with a larger version is refused.
#: Version 2 added ``settings``, ``unremembered_days``, ``device_values`` and each day's
#: ``sleep_source``/``caffeine_source``; a version 1 file is read exactly as before.
JSON_FORMAT = "TwitchLog journal"
JSON_FORMAT_VERSION = 2

#: Files larger than this are refused before any parsing (a ten-year journal exports
#: to about 15 MB of CSV or 35 MB of JSON).
MAX_IMPORT_BYTES = 200 * 1024 * 1024
#: A single CSV field (or physical line) larger than this is refused with its line
#: number; the reader never holds more than this much of a broken file in memory.
MAX_FIELD_CHARS = 1_000_000
MAX_LINE_CHARS = 2 * MAX_FIELD_CHARS

_TRIGGER = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")


def neutralise(text: str) -> str:
    """Text as written to a CSV cell: formula-like text gets one leading quote."""
    return "'" + text if _TRIGGER.match(text) else text


def unneutralise(text: str) -> str:
    """The inverse of :func:`neutralise`, applied to text cells on import."""
    return text[1:] if _NEUTRALISED.match(text) else text


def format_number(value: float | int | bool | None) -> str:
    """A number as a CSV cell: blank for unknown, ``1``/``0`` for yes/no, exact floats.

    Whole numbers are written without a decimal point; other floats use Python's
    shortest round-tripping form, so import gives back exactly the stored value.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)
