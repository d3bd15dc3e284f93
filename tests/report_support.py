"""Journals with known content for the report tests, and PDF text extraction."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

from twitchlog.domain import DayCheckIn, Episode, Medication
from twitchlog.store import Journal

#: The known journal's report range: 28 tracked days ending on END.
END = date(2025, 3, 31)
START = END - timedelta(days=27)
FIRST_EVER = date(2024, 1, 15)
WARNING_DAYS = (date(2025, 3, 10), date(2025, 3, 20))
QUESTIONS = "Is this benign fasciculation?\nShould my magnesium level be checked?"
MARKUP_NOTE = '<img src="http://198.51.100.7/x.png"> **bold** <b>not bold</b> [link](http://x)'


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute)).astimezone()


def fill_known(journal: Journal) -> None:
    """28 tracked days; day i has 1 + i % 3 episodes (mean 2.0 a day), each 10 s except
    one of 70 s (median 10 s); the first episode ever is on FIRST_EVER; weakness on
    the WARNING_DAYS; one current medication; patient details and questions saved."""
    episodes = [Episode(started_at=local(FIRST_EVER, 8), location="eyelid", side="left",
                        duration_s=12.0)]
    for i in range(28):
        day = START + timedelta(days=i)
        journal.checkins.save(DayCheckIn(
            date=day, sleep_hours=6.0 + (i % 4), caffeine_mg=float(50 * (i % 5)),
            stress=i % 7, weakness=True if day in WARNING_DAYS else None))
        for k in range(1 + i % 3):
            episodes.append(Episode(
                started_at=local(day, 9 + 3 * k, 15), location=("eyelid", "calf")[k % 2],
                side=("left", "right")[i % 2], duration_s=70.0 if (i, k) == (5, 0) else 10.0,
                intensity=1 + i % 10, kind="twitch",
                notes=MARKUP_NOTE if (i, k) == (3, 0) else ""))
    journal.episodes.restore(episodes)
    journal.medications.save(Medication(name="Magnesium citrate", dose="300 mg",
                                       start_date=date(2025, 2, 1)))
    journal.settings.set("patient_name", "Ann <b>Example</b>")
    journal.settings.set("patient_dob", "1980-04-23")
    journal.settings.set("report_questions", QUESTIONS)


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, whitespace collapsed (pypdf)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def pdf_reader(data: bytes):  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))
