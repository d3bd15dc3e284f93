"""Garmin sleep from the account data export: ``DI_CONNECT/DI-Connect-Wellness/*_sleepData.json``.

A JSON array of nightly summaries with the field names of Garmin Connect's daily sleep
record (as published by the ``garth`` client's ``DailySleepDTO`` and by parsers of this
export): ``calendarDate`` (the date Garmin files the night under: the morning it ended),
``deepSleepSeconds``, ``lightSleepSeconds``, ``remSleepSeconds``, ``awakeSleepSeconds``,
``sleepStartTimestampGMT``/``sleepEndTimestampGMT``. Asleep time is deep + light + REM;
naps are kept apart by Garmin (``napTimeSeconds``) and not read. A summary without any
stage totals (the watch was not worn, or only a sleep window was set) is skipped.
"""

from __future__ import annotations

from collections.abc import Mapping

from twitchlog.exchange.wearables.model import DeviceRecords, NightTotal
from twitchlog.validation import ValidationError, parse_date

SOURCE = "Garmin"
_STAGES = ("deepSleepSeconds", "lightSleepSeconds", "remSleepSeconds")


def looks_like_garmin(data: object) -> bool:
    """A list of objects with Garmin's ``calendarDate`` and a sleep stage or window field."""
    return (isinstance(data, list) and bool(data) and isinstance(data[0], Mapping)
            and "calendarDate" in data[0]
            and any(k in data[0] for k in (*_STAGES, "sleepStartTimestampGMT")))


def garmin_records(data: list[object], display: str) -> DeviceRecords:
    """The nights of an already parsed ``*_sleepData.json`` array."""
    records = DeviceRecords(file=display, source=SOURCE)
    for item in data:
        if not isinstance(item, Mapping):
            records.skip("sleep summary that is not an object")
            continue
        try:
            woke = parse_date(str(item.get("calendarDate", "")), "calendarDate")
        except ValidationError:
            records.skip("sleep summary with an unreadable calendarDate")
            continue
        stages = [item.get(key) for key in _STAGES]
        if all(value is None for value in stages):
            records.skip("sleep summary without sleep stage totals")
            continue
        if any(value is not None and (isinstance(value, bool) or not isinstance(
                value, int | float) or value < 0) for value in stages):
            records.skip("sleep summary with an unreadable stage total")
            continue
        seconds = sum(float(v) for v in stages if v is not None)
        if seconds > 24 * 3600:
            records.skip("sleep summary longer than a day")
            continue
        records.totals.append(NightTotal(woke, seconds / 60, SOURCE))
    return records
