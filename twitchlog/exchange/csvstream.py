"""Reading a CSV file record by record with bounded memory and exact line numbers.

The file is read in binary blocks and split into physical lines (``\\n``, ``\\r\\n``
or a lone ``\\r``, as old spreadsheets write), each decoded as UTF-8 on its own, so a
decoding problem is reported on its real line. A line or field longer than the stated
limits (an unterminated quote swallowing the rest of the file, or a file that is not
CSV at all) is refused with the line it started on, after reading at most that much.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from twitchlog.bounded_read import ReadRefusedError, open_regular, size_text
from twitchlog.exchange.errors import ImportRefusedError
from twitchlog.exchange.formats import MAX_FIELD_CHARS, MAX_IMPORT_BYTES, MAX_LINE_CHARS

_BLOCK = 1 << 16
_BOM = b"\xef\xbb\xbf"


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """``csv.field_size_limit`` is process-wide: set it for one read, then restore it."""
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


class CsvStream:
    """``with CsvStream(path, display) as src:`` then ``src.header`` and ``src.records()``."""

    def __init__(self, path: Path, display: str) -> None:
        self.path = path
        self.display = display
        self.header: list[str] = []
        self.delimiter = ","
        self.line_count = 0
        self._handle: BinaryIO | None = None
        self._lines: Iterator[str] | None = None
        self._limit: contextlib.AbstractContextManager[None] | None = None

    def __enter__(self) -> CsvStream:
        try:
            self._handle = open_regular(self.path)
        except ReadRefusedError as exc:
            raise ImportRefusedError(self.display, str(exc)) from None
        self._limit = _field_limit(MAX_FIELD_CHARS)
        self._limit.__enter__()
        try:
            self._lines = self._physical_lines()
            first = next(self._lines, None)
            if first is None:
                raise ImportRefusedError(self.display, "is empty (not a TwitchLog export)")
        except BaseException:
            self.__exit__()
            raise
        self.delimiter = _guess_delimiter(first)
        self._first = first
        return self

    def __exit__(self, *exc: object) -> None:
        if self._limit is not None:
            self._limit.__exit__(None, None, None)
        if self._handle is not None:
            self._handle.close()

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """``(line number where the record starts, cells)``, the header first."""
        assert self._lines is not None

        def lines() -> Iterator[str]:
            yield self._first
            yield from self._lines  # type: ignore[misc]

        reader = csv.reader(lines(), delimiter=self.delimiter, strict=True)
        previous = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ImportRefusedError(self.display, _csv_reason(str(exc)),
                                         line=previous + 1) from None
            start = previous + 1
            previous = reader.line_num
            yield start, row

    def _physical_lines(self) -> Iterator[str]:
        """Decoded lines with their line endings; counts them in ``line_count``."""
        assert self._handle is not None
        read = self._handle.read
        pending = b""
        first = True
        total = 0
        while True:
            block = read(_BLOCK)
            total += len(block)
            if total > MAX_IMPORT_BYTES:  # it grew after the size check
                raise ImportRefusedError(self.display,
                                         f"is larger than {size_text(MAX_IMPORT_BYTES)}")
            data = pending + block
            if not data:
                return
            if first:
                first = False
                if data.startswith(_BOM):
                    data = data[len(_BOM):]
            parts = data.splitlines(keepends=True)
            if block:
                # The last part may be incomplete (or a "\r" whose "\n" is in the next block).
                pending = parts.pop() if parts else b""
                if len(pending) > MAX_LINE_CHARS:
                    raise ImportRefusedError(
                        self.display, f"the line is longer than {MAX_LINE_CHARS:,} characters "
                        "(is this a CSV file?)", line=self.line_count + 1)
            else:
                pending = b""
            for part in parts:
                self.line_count += 1
                if len(part) > MAX_LINE_CHARS:
                    raise ImportRefusedError(
                        self.display, f"the line is longer than {MAX_LINE_CHARS:,} characters "
                        "(is this a CSV file?)", line=self.line_count)
                try:
                    yield part.decode("utf-8")
                except UnicodeDecodeError:
                    raise ImportRefusedError(
                        self.display, "is not UTF-8 text (in a spreadsheet, save as "
                        "\"CSV UTF-8\")", line=self.line_count) from None
            if not block:
                return


def _guess_delimiter(header_line: str) -> str:
    """Spreadsheets in some languages save with ``;`` (or tabs) instead of commas."""
    if "," in header_line:
        return ","
    if ";" in header_line:
        return ";"
    if "\t" in header_line:
        return "\t"
    return ","


def _csv_reason(message: str) -> str:
    if "field larger than field limit" in message:
        return (f"a field is longer than {MAX_FIELD_CHARS:,} characters (a quote opened "
                "on this line may never be closed)")
    if "unexpected end of data" in message:
        return "a quoted field starting on this line is never closed (unterminated quote)"
    if "NUL" in message:
        return "contains a NUL character (this is not a text CSV file)"
    if "expected after" in message:
        return "a quote inside a field is not doubled (write \"\" for a quote character)"
    return f"is not valid CSV ({message})"
