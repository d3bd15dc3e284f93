"""Oura sleep from the account's data export, in two generations.

- The sleep export (CSV or JSON, the fields of Oura's API v2 ``sleep`` documents,
  cloud.ouraring.com/v2/docs): ``day``, ``type`` (``long_sleep`` is the main sleep;
  ``sleep``, ``late_nap`` and ``rest`` are not), ``bedtime_start``/``bedtime_end``
  (ISO 8601 with offset) and ``total_sleep_duration`` in seconds. The JSON is either
  a list of such objects or an object with a ``sleep`` (or ``data``) list.
- The older "trends" CSV: one row per day with ``date`` and ``Total Sleep Duration``
  (or ``Total Sleep Time``) in seconds; it holds only the main sleep.

The night's wake date is taken from ``bedtime_end`` in its own offset (so a
daylight-saving night or a trip is dated as the ring saw it); without it, ``day``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import IO

from twitchlog.exchange.errors import ImportRefusedError
from twitchlog.exchange.wearables.model import DeviceRecords, NightTotal
from twitchlog.validation import ValidationError, parse_date

SOURCE = "Oura"
_TREND_TOTALS = ("Total Sleep Duration", "Total Sleep Time")


def looks_like_oura_rows(names: Iterable[str]) -> bool:
    """Headers (or keys) of an Oura sleep export or trends CSV."""
    names = set(names)
    return ({"total_sleep_duration", "bedtime_end"} <= names
            or ("date" in names and any(n in names for n in _TREND_TOTALS)))


def oura_json_rows(data: object) -> list[object] | None:
    """The sleep documents of an Oura JSON export, or None when it is not one."""
    if isinstance(data, dict):
        data = data.get("sleep", data.get("data"))
    if (isinstance(data, list) and data and isinstance(data[0], dict)
            and looks_like_oura_rows(data[0])):
        return data
    return None


def read_oura_csv(stream: IO[bytes], display: str) -> DeviceRecords:
    """An Oura sleep CSV or trends CSV."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        reader = csv.DictReader(text)
        if not looks_like_oura_rows(reader.fieldnames or ()):
            raise ImportRefusedError(display, "is not an Oura sleep export")
        return oura_records(list(reader), display)
    except (UnicodeDecodeError, csv.Error):
        raise ImportRefusedError(display, "is not a readable CSV file") from None
    finally:
        text.detach()  # the caller closes the stream


def oura_records(rows: Iterable[object], display: str) -> DeviceRecords:
    """The main nights of Oura sleep documents or trends rows."""
    records = DeviceRecords(file=display, source=SOURCE)
    for row in rows:
        if not isinstance(row, Mapping):
            records.skip("sleep entry that is not an object")
            continue
        total = _total(row)
        if total is None:
            records.skip("sleep entry without a valid total sleep duration")
            continue
        kind = str(row.get("type") or "long_sleep")
        if kind == "deleted":
            continue
        woke = _wake_date(row)
        if woke is None:
            records.skip("sleep entry with an unreadable date")
            continue
        records.totals.append(NightTotal(woke, total / 60, SOURCE, main=kind == "long_sleep"))
    return records


def _total(row: Mapping[object, object]) -> float | None:
    for key in ("total_sleep_duration", *_TREND_TOTALS):
        raw = row.get(key)
        if raw is None or raw == "":
            continue
        try:
            value = float(str(raw))
        except ValueError:
            return None
        return value if 0 <= value <= 24 * 3600 else None
    return None


def _wake_date(row: Mapping[object, object]) -> date | None:
    end = row.get("bedtime_end")
    if end:
        try:
            moment = datetime.fromisoformat(str(end))
        except ValueError:
            return None
        return moment.date()
    for key in ("day", "date"):
        raw = row.get(key)
        if raw:
            try:
                return parse_date(str(raw), key)
            except ValidationError:
                return None
    return None
