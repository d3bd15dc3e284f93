"""CSV and JSON export and import of a journal.

- :func:`export_csv` writes ``episodes.csv`` and ``days.csv`` into a folder,
  :func:`export_json` the whole journal as one file with a format version.
- :func:`import_paths` reads such files (or folders of them), validates everything,
  and applies it in one transaction: idempotent, all-or-nothing, undoable with
  ``journal.imports.undo_last()``.

Column contracts, limits and the formula-neutralisation rule are in
:mod:`twitchlog.exchange.formats`; import rules in :mod:`twitchlog.exchange.importer`.
"""

from twitchlog.exchange.errors import ExchangeError, ExportError, ImportRefusedError
from twitchlog.exchange.export import ExportSummary, export_csv, export_json
from twitchlog.exchange.formats import (
    DAY_COLUMNS,
    DAYS_FILENAME,
    EPISODE_COLUMNS,
    EPISODES_FILENAME,
    JSON_FORMAT,
    JSON_FORMAT_VERSION,
    MAX_FIELD_CHARS,
    MAX_IMPORT_BYTES,
    neutralise,
    unneutralise,
)
from twitchlog.exchange.importer import expand_paths, import_paths, read_import

__all__ = [
    "DAYS_FILENAME",
    "DAY_COLUMNS",
    "EPISODES_FILENAME",
    "EPISODE_COLUMNS",
    "JSON_FORMAT",
    "JSON_FORMAT_VERSION",
    "MAX_FIELD_CHARS",
    "MAX_IMPORT_BYTES",
    "ExchangeError",
    "ExportError",
    "ExportSummary",
    "ImportRefusedError",
    "expand_paths",
    "export_csv",
    "export_json",
    "import_paths",
    "neutralise",
    "read_import",
    "unneutralise",
]
