"""Stored text made harmless to show: a journal written by an older version or edited by
another tool, a file name or an imported file can hold terminal escapes, other control
characters, or bidi overrides that reorder what a line appears to say.

Two renderings: the command line shows such characters as escapes (``\\u001b``,
``\\u202e``, ``\\n``: visible, and JSON's own, so JSON stays valid), while the PDF report and
the charts leave out what no font draws.
"""

from __future__ import annotations

import re

#: C0 controls except tab and newline, DEL, C1 controls, the line and paragraph
#: separators, the bidi embeddings, overrides and isolates (U+202A-U+202E,
#: U+2066-U+2069), and lone surrogates (the undecodable bytes of a file name).
_UNSAFE = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_IN_LINES = re.compile(f"[{_UNSAFE}]")
_UNSAFE_IN_FIELD = re.compile(rf"[\t\n{_UNSAFE}]")
#: What a page or a chart leaves out: the unsafe characters and the zero-width ones.
_INVISIBLE = re.compile(rf"[{_UNSAFE}\u200b-\u200f\ufeff]")
_SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT.get(char) or f"\\u{ord(char):04x}"


def escaped(text: str) -> str:
    """One field or one line (a note, a name, a message): every unsafe character, tab
    and newline included, as an escape, so it stays on its line."""
    return _UNSAFE_IN_FIELD.sub(_escape, text)


def escaped_keeping_lines(text: str) -> str:
    """Output laid out in lines: newlines and tabs kept, every other unsafe character
    as an escape."""
    return _UNSAFE_IN_LINES.sub(_escape, text)


def without_controls(text: str) -> str:
    """Text for a page or a chart: line breaks as newlines, tabs as spaces, and nothing
    a font cannot draw or that would reorder the line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _INVISIBLE.sub("", text)
