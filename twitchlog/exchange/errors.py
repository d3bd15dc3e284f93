"""Why an export or import was refused, in one sentence naming file, line and column."""

from __future__ import annotations


class ExchangeError(Exception):
    """Base for export and import problems; ``str()`` is the message for a person."""


class ExportError(ExchangeError):
    """An export could not be written; files already in place are unchanged."""


class ImportRefusedError(ExchangeError):
    """An import was refused; nothing at all was imported.

    ``file``, ``line`` and ``column`` locate the problem where known (``line`` counts
    physical lines from 1, the header being line 1); in a JSON file ``entry`` names
    the item instead (``episodes[12]``). ``reason`` says what is wrong.
    """

    def __init__(self, file: str, reason: str, *, line: int | None = None,
                 column: str | None = None, entry: str | None = None) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.entry = entry
        self.reason = reason
        where = file
        if line is not None:
            where += f", line {line}"
        if entry is not None:
            where += f", {entry}"
        if column is not None:
            where += f", {'field' if entry is not None else 'column'} {column}"
        super().__init__(f"{where}: {reason}; nothing was imported")
