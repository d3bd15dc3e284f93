"""``twitchlog compare``: two periods for scripts, with the same interval as the app."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import numpy as np
import pytest

from twitchlog.cli import main
from twitchlog.domain import DayCheckIn, Episode
from twitchlog.store import Journal

START = date(2024, 1, 1)


@pytest.fixture
def two_months(journal_path):
    """January: about 1 twitch a day; February: about 4; a few days untracked."""
    tz = datetime.now().astimezone().tzinfo
    rng = np.random.default_rng(11)
    with Journal.open(journal_path) as journal:
        for i in range(60):
            day = START + timedelta(days=i)
            if i % 10 == 9:
                continue
            journal.checkins.save(DayCheckIn(date=day, stress=3))
            for k in range(int(rng.poisson(1.0 if day.month == 1 else 4.0))):
                journal.episodes.add(Episode(
                    started_at=datetime(day.year, day.month, day.day, 8 + k, tzinfo=tz),
                    location="calf", side="left"))
    return journal_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_gives_the_ratio_and_both_periods(two_months, capsys) -> None:
    code, out, _ = run(capsys, "--db", str(two_months), "compare", "--a", "2024-01-01",
                       "2024-01-31", "--b", "2024-02-01", "2024-02-29", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["a"]["days_tracked"] == 28 and data["b"]["days_tracked"] == 26
    assert data["a"]["days_in_period"] == 31 and data["b"]["from"] == "2024-02-01"
    assert data["ratio"] == pytest.approx(data["b"]["per_day"] / data["a"]["per_day"])
    assert 1 < data["ci_low"] < data["ratio"] < data["ci_high"]
    assert data["too_short"] is False
    assert 0 < data["a"]["n_effective"] <= 28
    assert "as many twitches per tracked day" in data["sentence"]


def test_text_is_the_sentence(two_months, capsys) -> None:
    code, out, _ = run(capsys, "--db", str(two_months), "compare", "--a", "2024-02-01",
                       "2024-02-29", "--b", "2024-01-01", "2024-01-31")
    assert code == 0
    assert out.startswith("From 1 Jan to 31 Jan 2024 you logged 22% as many twitches per "
                          "tracked day as from 1 Feb to 29 Feb 2024")
    assert out.count("\n") == 1 and "26 and 28 tracked days" not in out
    assert "28 and 26 tracked days" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--a", "2024-01-31", "2024-01-01", "--b", "2024-02-01", "2024-02-29"],
     "--a: 2024-01-31 is after 2024-01-01"),
    (["--a", "2024-01-01", "2024-02-10", "--b", "2024-02-01", "2024-02-29"],
     "the periods overlap"),
])
def test_errors_are_one_line_and_status_2(two_months, capsys, args, message) -> None:
    before = two_months.read_bytes()
    code, out, err = run(capsys, "--db", str(two_months), "compare", *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err
    assert two_months.read_bytes() == before


def test_usage_errors_exit_2(two_months, capsys) -> None:
    for args in (["--a", "2024-01-01", "--b", "2024-02-01", "2024-02-29"],
                 ["--a", "1/1/2024", "2024-01-31", "--b", "2024-02-01", "2024-02-29"],
                 ["--b", "2024-02-01", "2024-02-29"]):
        with pytest.raises(SystemExit) as exit_info:
            main(["--db", str(two_months), "compare", *args])
        err = capsys.readouterr().err
        assert exit_info.value.code == 2 and err.count("\n") == 1
    code, _, err = run(capsys, "--db", str(two_months.with_name("none.twitchlog")),
                       "compare", "--a", "2024-01-01", "2024-01-31", "--b", "2024-02-01",
                       "2024-02-29")
    assert code == 2 and "no journal" in err
