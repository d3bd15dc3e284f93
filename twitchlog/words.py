"""Counting words shared by every layer: "1 day", "2 days", "half as many".

One helper so no screen, chart, report or command says "day(s)" or "1 tracked days",
and a ratio below one is read as a person would say it, not "0.5× as many".
"""

from __future__ import annotations

import math

_NICE_RATIOS: tuple[tuple[float, str], ...] = (
    (0.25, "a quarter as many"),
    (1 / 3, "a third as many"),
    (0.5, "half as many"),
    (2.0, "twice as many"),
    (3.0, "three times as many"),
)


def plural(count: float, singular: str, many: str | None = None) -> str:
    """The word alone, in the form ``count`` needs: ``plural(1, "day")`` is ``day``."""
    return singular if count == 1 else (many or f"{singular}s")


def count_words(count: int, singular: str, many: str | None = None) -> str:
    """``1 day``, ``2 days``, ``1,024 episodes``; ``many`` for irregular plurals."""
    return f"{count:,} {plural(count, singular, many)}"


def as_many(ratio: float) -> str:
    """How many times as many: ``half as many``, ``twice as many``, ``1.8× as many``.

    Ratios that round to a simple fraction get its words; others below one read as a
    percentage ("70% as many"), above one as a multiple with one decimal.
    """
    if not math.isfinite(ratio) or ratio <= 0:
        return "no"
    shown = round(ratio, 2) if ratio < 1 else round(ratio, 1)
    for value, words in _NICE_RATIOS:
        if abs(shown - value) < (0.005 if value < 1 else 0.05):
            return words
    if abs(shown - 1) < 0.05:
        return "about as many"
    if ratio < 1:
        return f"{round(ratio * 100)}% as many"
    return f"{shown:.1f}× as many"
