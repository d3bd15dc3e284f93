"""From merged device records to the store's :class:`DeviceValue` list, and the one call
the command line and the app both use to read device files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from twitchlog.exchange.errors import ImportRefusedError
from twitchlog.exchange.wearables.merge import MergedDevices
from twitchlog.exchange.wearables.model import Progress
from twitchlog.exchange.wearables.reader import (
    DeviceFile,
    classify_path,
    find_device_files,
    read_device_files,
)
from twitchlog.store.device_import import DeviceValue


@dataclass(frozen=True, slots=True)
class DevicePlan:
    """Device values ready for the store, with what the files held and skipped."""

    source: str
    values: list[DeviceValue]
    merged: MergedDevices


def device_files_in(paths: Sequence[Path | str]) -> list[DeviceFile]:
    """The device exports among ``paths``; refuses a mix with other files.

    Empty when none of the paths is a device export (then they are TwitchLog files).
    """
    found = find_device_files(paths)
    if not found:
        return []
    for raw in paths:
        path = Path(raw)
        if path.is_file() and not classify_path(path, str(raw)):
            raise ImportRefusedError(str(raw), "is not a device export; import TwitchLog "
                                     "files and device exports separately")
    return found


def read_device_plan(files: Sequence[DeviceFile],
                     progress: Progress | None = None) -> DevicePlan:
    """Read and merge; refuses files that hold no sleep or caffeine at all."""
    merged = read_device_files(files, progress)
    if not merged.days:
        names = ", ".join(f.display for f in files)
        reasons = "; ".join(f"{count}× {reason}" for reason, count in merged.skipped.items())
        raise ImportRefusedError(names, "holds no sleep or caffeine TwitchLog can read"
                                 + (f" ({reasons})" if reasons else ""))
    values: list[DeviceValue] = []
    for day in merged.days:
        if day.sleep_hours is not None:
            values.append(DeviceValue(day.date, "sleep_hours", day.sleep_hours, day.source))
        if day.caffeine_mg is not None:
            values.append(DeviceValue(day.date, "caffeine_mg", day.caffeine_mg, day.source))
    return DevicePlan(source=_source_name([f.origin or f.display for f in files]), values=values,
                      merged=merged)


def _source_name(displays: list[str]) -> str:
    names = sorted({Path(d).name for d in displays})
    return names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"
