"""Counting words: one helper, so every screen says "1 day" and "half as many"."""

from __future__ import annotations

import pytest

from twitchlog.words import as_many, count_words, plural


@pytest.mark.parametrize(("count", "text"), [
    (0, "0 days"), (1, "1 day"), (2, "2 days"), (1500, "1,500 days")])
def test_counts_take_the_right_form(count: int, text: str) -> None:
    assert count_words(count, "day") == text


def test_irregular_and_compound_words() -> None:
    assert count_words(1, "tracked day") == "1 tracked day"
    assert count_words(3, "tracked day") == "3 tracked days"
    assert plural(2, "person", "people") == "people"


@pytest.mark.parametrize(("ratio", "text"), [
    (0.5, "half as many"), (0.502, "half as many"), (2.0, "twice as many"),
    (1.97, "twice as many"), (1 / 3, "a third as many"), (0.25, "a quarter as many"),
    (3.02, "three times as many"), (1.8, "1.8× as many"), (0.7, "70% as many"),
    (1.02, "about as many")])
def test_ratios_read_as_a_person_says_them(ratio: float, text: str) -> None:
    assert as_many(ratio) == text
