"""Gadgetbridge's exported database ("Export DB" in its settings; an SQLite file).

Gadgetbridge (codeberg.org/Freeyourgadget/Gadgetbridge) stores one row per minute in
``MI_BAND_ACTIVITY_SAMPLE`` (columns ``TIMESTAMP`` in Unix seconds, ``DEVICE_ID``,
``RAW_KIND``, …). Its ``MiBandSampleProvider`` maps ``RAW_KIND`` 4 to light sleep and
5 to deep sleep; each such minute is an asleep minute. Other devices keep their own
tables with their own kind codes; those are not read (the preview says the file held no
sleep it could read). The timestamps carry no offset, so they are placed in this
computer's time zone. The file is opened read-only and immutable: nothing in it
changes, not even its journal files.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from twitchlog.exchange.errors import ImportRefusedError
from twitchlog.exchange.wearables.model import AsleepSpan, DeviceRecords, Progress, keep_going

SOURCE = "Gadgetbridge"
_TABLE = "MI_BAND_ACTIVITY_SAMPLE"
_SLEEP_KINDS = (4, 5)
_MINUTE = timedelta(minutes=1)


def read_gadgetbridge(path: Path, display: str,
                      progress: Progress | None = None) -> DeviceRecords:
    """Asleep minutes from a Gadgetbridge export, joined into spans."""
    records = DeviceRecords(file=display, source=SOURCE)
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise ImportRefusedError(display, f"cannot be opened as a database ({exc})") from None
    try:
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "DEVICE" not in tables or _TABLE not in tables:
            raise ImportRefusedError(display, "is a database but not a Gadgetbridge export "
                                     "with Mi Band activity samples")
        rows = conn.execute(
            f"SELECT TIMESTAMP FROM {_TABLE} WHERE RAW_KIND IN (?, ?) "
            "ORDER BY DEVICE_ID, TIMESTAMP", _SLEEP_KINDS)
        start: datetime | None = None
        end: datetime | None = None
        for count, (stamp,) in enumerate(rows):
            if not isinstance(stamp, int) or stamp <= 0:
                records.skip("activity sample with an unreadable timestamp")
                continue
            moment = datetime.fromtimestamp(stamp, UTC).astimezone()
            if start is not None and end is not None and start <= moment <= end:
                end = max(end, moment + _MINUTE)
                continue
            if start is not None and end is not None:
                records.spans.append(AsleepSpan(start, end, SOURCE))
            start, end = moment, moment + _MINUTE
            if count % 50_000 == 0:
                keep_going(progress, 0.5)
        if start is not None and end is not None:
            records.spans.append(AsleepSpan(start, end, SOURCE))
    except sqlite3.DatabaseError as exc:
        raise ImportRefusedError(display, f"is a damaged database ({exc})") from None
    finally:
        conn.close()
    return records
