"""Turning device records into one sleep value per night and one caffeine total per day.

Rules (also in the README):

- Asleep intervals from every file and device are merged as a union before anything
  is added, so in-bed records, overlapping stages and a watch and phone recording the
  same night are never counted twice. Durations are measured in real (UTC) time.
- Intervals less than :data:`SESSION_GAP` apart form one sleep session; a session
  belongs to the local date on which it ended (the wake date), in the offset of the
  record, which is TwitchLog's "sleep the night before".
- The longest session of a wake date is its night; other sessions are naps and are
  not counted. So is a session that ends in the afternoon or evening and is shorter
  than :data:`NAP_MAX`.
- A night a file gives only as a total (Fitbit, Oura) is used when no file gives its
  intervals; several totals for one night are never added up: the longest wins.
- Caffeine is summed per local day of the dose.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from twitchlog.exchange.wearables.model import AsleepSpan, DeviceRecords

SESSION_GAP = timedelta(hours=2)
NAP_MAX = timedelta(hours=4)
_MAX_HOURS = 24.0


@dataclass(frozen=True, slots=True)
class DeviceDay:
    """One date's imported values; ``None`` means the files said nothing."""

    date: date
    sleep_hours: float | None
    caffeine_mg: float | None
    source: str


@dataclass(slots=True)
class MergedDevices:
    """The per-day values of all files, with what was left out and why."""

    files: list[str]
    sources: list[str]
    days: list[DeviceDay] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    naps: int = 0


def merge_records(parts: Iterable[DeviceRecords]) -> MergedDevices:
    """One :class:`DeviceDay` per date that any file had something for."""
    parts = list(parts)
    merged = MergedDevices(files=[p.file for p in parts],
                           sources=sorted({p.source for p in parts}))
    spans = [(s, p.source) for p in parts for s in p.spans]
    sleep = _nights_from_spans(spans, merged)
    for part in parts:
        merged.skipped.update(part.skipped)
        for night in part.totals:
            if not night.main:
                merged.naps += 1
                continue
            length = night.asleep_minutes / 60
            known = sleep.get(night.wake_date)
            if known is None or (not _from_spans(known) and length > known[0]):
                sleep[night.wake_date] = (length, {part.source, "total"})
    caffeine: dict[date, tuple[float, set[str]]] = {}
    for part in parts:
        for dose in part.caffeine:
            day = dose.at.date()
            total, seen = caffeine.get(day, (0.0, set()))
            caffeine[day] = (total + dose.mg, seen | {part.source})
    for day in sorted(set(sleep) | set(caffeine)):
        hours_sources = sleep.get(day)
        mg_sources = caffeine.get(day)
        sources: set[str] = set()
        hours: float | None = None
        if hours_sources is not None:
            hours = round(min(hours_sources[0], _MAX_HOURS), 2)
            sources |= hours_sources[1] - {"total"}
        mg: float | None = None
        if mg_sources is not None:
            if mg_sources[0] > 2000:
                merged.skipped["day with more than 2000 mg of caffeine"] += 1
            else:
                mg = round(mg_sources[0], 1)
                sources |= mg_sources[1]
        if hours is None and mg is None:
            continue
        merged.days.append(DeviceDay(day, hours, mg, " + ".join(sorted(sources))))
    return merged


def _from_spans(known: tuple[float, set[str]]) -> bool:
    return "total" not in known[1]


def _nights_from_spans(spans: list[tuple[AsleepSpan, str]], merged: MergedDevices
                       ) -> dict[date, tuple[float, set[str]]]:
    """Union the intervals, cut them into sessions, keep each wake date's longest."""
    blocks: list[tuple[datetime, datetime, set[str]]] = []
    for span, source in sorted(spans, key=lambda item: item[0].start):
        if blocks and span.start <= blocks[-1][1]:
            start, end, srcs = blocks[-1]
            blocks[-1] = (start, max(end, span.end), srcs | {source})
        else:
            blocks.append((span.start, span.end, {source}))
    sessions: list[tuple[datetime, datetime, float, set[str]]] = []
    for start, end, srcs in blocks:
        seconds = (end - start).total_seconds()
        if sessions and start - sessions[-1][1] < SESSION_GAP:
            first, _, total, known = sessions[-1]
            sessions[-1] = (first, end, total + seconds, known | srcs)
        else:
            sessions.append((start, end, seconds, srcs))
    by_day: dict[date, list[tuple[float, set[str], datetime, datetime]]] = defaultdict(list)
    for start, end, seconds, srcs in sessions:
        by_day[end.date()].append((seconds, srcs, start, end))
    nights: dict[date, tuple[float, set[str]]] = {}
    for woke, options in by_day.items():
        options.sort(key=lambda o: o[0], reverse=True)
        merged.naps += len(options) - 1
        seconds, srcs, start, end = options[0]
        if 12 <= end.hour < 21 and end - start < NAP_MAX:
            merged.naps += 1
            continue
        nights[woke] = (seconds / 3600, srcs)
    return nights
