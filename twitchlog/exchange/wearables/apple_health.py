"""Apple Health ``export.xml`` (inside ``export.zip`` as ``apple_health_export/export.xml``).

Structure, as documented by Apple's HealthKit reference (``HKCategoryTypeIdentifier
SleepAnalysis``, ``HKCategoryValueSleepAnalysis``, ``HKQuantityTypeIdentifierDietary
Caffeine``) and the export's own internal DTD: a ``<HealthData>`` root whose children
are ``<Record type=… sourceName=… unit=… startDate="2024-03-01 23:20:00 -0500"
endDate=… value=…>``. Sleep values: ``HKCategoryValueSleepAnalysisInBed``,
``…Asleep`` (before iOS 16), ``…AsleepUnspecified``, ``…Awake``, ``…AsleepCore``,
``…AsleepDeep``, ``…AsleepREM``; only the ``Asleep*`` values count as sleep.
Caffeine records carry ``unit="mg"`` (``g`` is converted).

The file can be gigabytes, so it is streamed: :mod:`defusedxml`'s ``iterparse`` with
the internal DTD allowed but entity declarations and external references refused
(no billion laughs, nothing fetched), and every finished element cleared.
"""

from __future__ import annotations

from datetime import datetime
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from twitchlog.exchange.errors import ImportRefusedError
from twitchlog.exchange.wearables.model import (
    AsleepSpan,
    CaffeineDose,
    DeviceRecords,
    Progress,
    keep_going,
)

SOURCE = "Apple Health"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
CAFFEINE = "HKQuantityTypeIdentifierDietaryCaffeine"
_ASLEEP = {f"HKCategoryValueSleepAnalysis{v}"
           for v in ("Asleep", "AsleepUnspecified", "AsleepCore", "AsleepDeep", "AsleepREM")}
_NOT_ASLEEP = {"HKCategoryValueSleepAnalysisInBed", "HKCategoryValueSleepAnalysisAwake"}
_CAFFEINE_UNITS = {"mg": 1.0, "g": 1000.0}
_STAMP = "%Y-%m-%d %H:%M:%S %z"
_PROGRESS_EVERY = 20_000


class _Counting:
    """A read-only byte stream that remembers how much was read, for the progress bar."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._raw.read(size)
        self.read_bytes += len(chunk)
        return chunk


def read_apple_health(stream: IO[bytes], size: int, display: str,
                      progress: Progress | None = None) -> DeviceRecords:
    """Stream one export.xml; raises :class:`ImportRefusedError` if it is not one."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    records = DeviceRecords(file=display, source=SOURCE)
    counting = _Counting(stream)
    depth = 0
    root: Element | None = None
    seen = 0
    try:
        for event, elem in iterparse(counting, events=("start", "end"), forbid_dtd=False,
                                     forbid_entities=True, forbid_external=True):
            if event == "start":
                if root is None:
                    root = elem
                    if elem.tag != "HealthData":
                        raise ImportRefusedError(display, "is XML but not an Apple Health "
                                                 "export (no <HealthData>)")
                depth += 1
                continue
            depth -= 1
            if depth != 1 or root is None:
                continue
            if elem.tag == "Record":
                _record(elem, records)
            root.clear()
            seen += 1
            if seen % _PROGRESS_EVERY == 0:
                keep_going(progress, counting.read_bytes / size if size else 0.0)
    except DefusedXmlException:
        raise ImportRefusedError(display, "declares XML entities or external references, "
                                 "which a real Apple Health export never does") from None
    except ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise ImportRefusedError(display, "is cut short or is not well-formed XML",
                                 line=line) from None
    if root is None:
        raise ImportRefusedError(display, "is empty")
    keep_going(progress, 1.0)
    return records


def _record(elem: Element, records: DeviceRecords) -> None:
    kind = elem.get("type")
    if kind == SLEEP:
        value = elem.get("value", "")
        if value in _NOT_ASLEEP:
            return
        if value not in _ASLEEP:
            records.skip(f"sleep record with an unknown value {value!r}")
            return
        span = _times(elem, records)
        if span is not None:
            device = elem.get("sourceName") or SOURCE
            records.spans.append(AsleepSpan(span[0], span[1], device))
    elif kind == CAFFEINE:
        factor = _CAFFEINE_UNITS.get(elem.get("unit", ""))
        try:
            mg = float(elem.get("value", "")) * factor if factor else -1.0
        except ValueError:
            mg = -1.0
        span = _times(elem, records)
        if span is None:
            return
        if not 0 <= mg <= 2000:
            records.skip("caffeine record without a value in mg")
            return
        records.caffeine.append(CaffeineDose(span[0], mg, elem.get("sourceName") or SOURCE))


def _times(elem: Element, records: DeviceRecords) -> tuple[datetime, datetime] | None:
    try:
        start = datetime.strptime(elem.get("startDate", ""), _STAMP)
        end = datetime.strptime(elem.get("endDate", ""), _STAMP)
    except ValueError:
        records.skip("record with an unreadable date")
        return None
    if end < start:
        records.skip("record that ends before it starts")
        return None
    return start, end
