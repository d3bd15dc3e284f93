"""Everything a command prints reaches the terminal visibly and harmlessly.

Journal text, file names and imported content can hold terminal escapes (``ESC [2J``
clears the screen, ``ESC ]8;;`` makes a hidden hyperlink, cursor moves rewrite earlier
lines), other controls or bidi overrides (see :mod:`twitchlog.printable`). Each field is
printed with :data:`shown`, so it stays on its line; and the whole output of a command
passes through :func:`guarded_output`, so nothing printed, not even an error quoting a
file, can steer the terminal. Its escapes are JSON's own: ``--json`` output stays valid
JSON meaning the same strings.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from typing import TextIO

from twitchlog.printable import escaped, escaped_keeping_lines

#: One field or one line of output (a note, a name, a message), escaped to stay on its line.
shown = escaped


class SafeStream(io.TextIOBase):
    """A text stream that passes everything written through
    :func:`~twitchlog.printable.escaped_keeping_lines`."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        # Plain ASCII lines (nearly all output) skip the pattern: a long listing stays quick.
        safe = (text.isascii() and text.isprintable()) or text == "\n"
        self._stream.write(text if safe else escaped_keeping_lines(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._stream.encoding


@contextlib.contextmanager
def guarded_output() -> Iterator[None]:
    """Everything a command prints to stdout and stderr goes through :class:`SafeStream`,
    so no message, listing or JSON can carry a raw control character to the terminal."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
            sys.stderr.flush()
        sys.stdout, sys.stderr = out, err
