"""Fitbit sleep logs from Google Takeout: ``Takeout/Fitbit/Global Export Data/sleep-*.json``.

Each file is a JSON array of sleep logs with the fields of the Fitbit Web API sleep
log (dev.fitbit.com, "Get Sleep Log by Date"): ``logId``, ``dateOfSleep`` (the date
the sleep ended), ``startTime``/``endTime`` (local time, no offset), ``minutesAsleep``,
``timeInBed``, ``mainSleep`` (``isMainSleep`` in the API's newer version) and
``levels.summary``. ``minutesAsleep`` already excludes awake and restless time, so no
clock arithmetic is needed (and a daylight-saving night is counted as Fitbit measured
it). Logs that are not the main sleep are naps.
"""

from __future__ import annotations

from twitchlog.exchange.wearables.model import DeviceRecords, NightTotal
from twitchlog.validation import ValidationError, parse_date

SOURCE = "Fitbit"


def looks_like_fitbit(data: object) -> bool:
    """A list of objects with Fitbit's ``dateOfSleep`` and ``minutesAsleep``."""
    return (isinstance(data, list) and bool(data) and isinstance(data[0], dict)
            and "dateOfSleep" in data[0] and "minutesAsleep" in data[0])


def fitbit_records(data: list[object], display: str) -> DeviceRecords:
    """The nights in an already parsed Fitbit sleep array."""
    records = DeviceRecords(file=display, source=SOURCE)
    seen: set[object] = set()
    for item in data:
        if not isinstance(item, dict):
            records.skip("sleep log that is not an object")
            continue
        log_id = item.get("logId")
        if log_id is not None and log_id in seen:
            continue
        seen.add(log_id)
        try:
            woke = parse_date(str(item.get("dateOfSleep", "")), "dateOfSleep")
        except ValidationError:
            records.skip("sleep log with an unreadable dateOfSleep")
            continue
        minutes = item.get("minutesAsleep")
        if isinstance(minutes, bool) or not isinstance(minutes, int | float) or not (
                0 <= minutes <= 24 * 60):
            records.skip("sleep log without a valid minutesAsleep")
            continue
        main = item.get("mainSleep", item.get("isMainSleep", True))
        records.totals.append(NightTotal(woke, float(minutes), SOURCE, main=bool(main)))
    return records
