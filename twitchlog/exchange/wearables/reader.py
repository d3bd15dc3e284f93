"""Finding device exports among the chosen paths (files, folders, zip archives) and reading them.

Files are recognised by content: an Apple Health ``export.xml`` by its XML start, a
Fitbit sleep file by ``dateOfSleep``, Garmin by ``calendarDate`` with sleep stage totals,
Oura by its column names, Gadgetbridge by its
tables. Inside a zip (Apple's ``export.zip``, a Google Takeout or Oura archive) the
same rules apply to each member, which is streamed, never extracted to disk.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from twitchlog.exchange.errors import ImportRefusedError
from twitchlog.exchange.formats import MAX_IMPORT_BYTES
from twitchlog.exchange.wearables.apple_health import read_apple_health
from twitchlog.exchange.wearables.fitbit import fitbit_records, looks_like_fitbit
from twitchlog.exchange.wearables.gadgetbridge import read_gadgetbridge
from twitchlog.exchange.wearables.garmin import garmin_records, looks_like_garmin
from twitchlog.exchange.wearables.merge import MergedDevices, merge_records
from twitchlog.exchange.wearables.model import DeviceRecords, Progress
from twitchlog.exchange.wearables.oura import (
    looks_like_oura_rows,
    oura_json_rows,
    oura_records,
    read_oura_csv,
)

_SQLITE_MAGIC = b"SQLite format 3\x00"
_ZIP_MAGIC = b"PK\x03\x04"
_HEAD = 4096
_SUFFIXES = {".xml", ".json", ".csv", ".zip", ".db", ".sqlite"}


@dataclass(frozen=True, slots=True)
class DeviceFile:
    """One device export to read: how to open it, its size, its kind, its name."""

    kind: str  # "apple", "fitbit", "garmin", "oura-json", "oura-csv", "gadgetbridge"
    display: str
    size: int
    opener: Callable[[], AbstractContextManager[IO[bytes]]]
    path: Path | None = None
    origin: str = ""  # the file the person chose (the zip, for a member)


def find_device_files(paths: Sequence[Path | str]) -> list[DeviceFile]:
    """Every device export in ``paths``; empty when none is one (TwitchLog's own files)."""
    found: list[DeviceFile] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (child.is_file() and child.suffix.lower() in _SUFFIXES
                        and not child.name.startswith(".")):
                    found.extend(_classify_file(child, str(child)))
        elif path.is_file():
            found.extend(classify_path(path, str(raw)))
    return found


def classify_path(path: Path, display: str) -> list[DeviceFile]:
    """The device exports in one file (a zip may hold several); empty if it is none."""
    return _classify_file(path, display)


def read_device_files(files: Sequence[DeviceFile],
                      progress: Progress | None = None) -> MergedDevices:
    """Read and merge the files; :class:`ImportRefusedError` names the first bad one."""
    total = sum(f.size for f in files) or 1
    done = 0
    parts: list[DeviceRecords] = []
    for item in files:
        def scaled(fraction: float, base: int = done, size: int = item.size) -> bool:
            return progress is None or progress((base + fraction * size) / total)
        parts.append(_read_one(item, scaled))
        done += item.size
    return merge_records(parts)


def _read_one(item: DeviceFile, progress: Progress) -> DeviceRecords:
    if item.kind == "gadgetbridge" and item.path is not None:
        return read_gadgetbridge(item.path, item.display, progress)
    try:
        with item.opener() as stream:
            if item.kind == "apple":
                return read_apple_health(stream, item.size, item.display, progress)
            if item.kind == "oura-csv":
                return read_oura_csv(stream, item.display)
            data = _load_json(stream, item.display, item.size)
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        raise ImportRefusedError(item.display, f"cannot be read ({exc})") from None
    if item.kind == "fitbit" and looks_like_fitbit(data):
        assert isinstance(data, list)
        return fitbit_records(data, item.display)
    if item.kind == "garmin" and looks_like_garmin(data):
        assert isinstance(data, list)
        return garmin_records(data, item.display)
    rows = oura_json_rows(data)
    if rows is None:
        raise ImportRefusedError(item.display, "is not a sleep export TwitchLog knows")
    return oura_records(rows, item.display)


def _load_json(stream: IO[bytes], display: str, size: int) -> object:
    if size > MAX_IMPORT_BYTES:
        raise ImportRefusedError(display, "is too large for a sleep JSON file")
    try:
        return json.load(stream)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ImportRefusedError(display, "is cut short or is not valid JSON") from None


def _classify_file(path: Path, display: str) -> list[DeviceFile]:
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(_HEAD)
    except OSError as exc:
        raise ImportRefusedError(display, f"cannot be read ({exc.strerror or exc})") from None
    if head.startswith(_ZIP_MAGIC):
        return _classify_zip(path, display)
    if head.startswith(_SQLITE_MAGIC):
        if _is_gadgetbridge(path):
            return [DeviceFile("gadgetbridge", display, size, lambda: open(path, "rb"), path,
                               origin=display)]
        return []
    kind = _kind_from_head(head, path.name)
    if kind is None:
        return []
    return [DeviceFile(kind, display, size, lambda: open(path, "rb"), path, origin=display)]


def _classify_zip(path: Path, display: str) -> list[DeviceFile]:
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
        found: list[DeviceFile] = []
        for info in infos:
            name = PurePosixPath(info.filename)
            if info.is_dir() or name.suffix.lower() not in _SUFFIXES - {".zip"}:
                continue
            if name.name == "export_cda.xml":
                continue
            with archive.open(info) as member:
                head = member.read(_HEAD)
            kind = _kind_from_head(head, name.name)
            if kind is not None:
                found.append(DeviceFile(kind, f"{display} ({info.filename})", info.file_size,
                                        _member_opener(path, info.filename), origin=display))
        archive.close()
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise ImportRefusedError(display, f"is a damaged or cut-short zip archive ({exc})"
                                 ) from None
    if not found:
        raise ImportRefusedError(display, "is a zip archive holding no export TwitchLog "
                                 "knows (Apple Health, Fitbit, Garmin, Oura)")
    return found


def _member_opener(path: Path, member: str) -> Callable[[], AbstractContextManager[IO[bytes]]]:
    def opener() -> AbstractContextManager[IO[bytes]]:
        return _ZipMember(path, member)
    return opener


class _ZipMember:
    """Opens one member of a zip for streaming and closes the archive with it."""

    def __init__(self, path: Path, member: str) -> None:
        self._archive = zipfile.ZipFile(path)
        self._member = member
        self._stream: IO[bytes] | None = None

    def __enter__(self) -> IO[bytes]:
        self._stream = self._archive.open(self._member)
        return self._stream

    def __exit__(self, *exc: object) -> None:
        if self._stream is not None:
            self._stream.close()
        self._archive.close()


def _kind_from_head(head: bytes, name: str) -> str | None:
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff").lstrip()
    if text.startswith("<"):
        return "apple" if "HealthData" in text or name.lower() == "export.xml" else None
    if text.startswith(("[", "{")):
        if '"dateOfSleep"' in text:
            return "fitbit"
        if '"calendarDate"' in text and ('"deepSleepSeconds"' in text
                                         or '"sleepStartTimestampGMT"' in text):
            return "garmin"
        if '"total_sleep_duration"' in text or '"bedtime_end"' in text:
            return "oura-json"
        return None
    header = text.splitlines()[0] if text else ""
    if looks_like_oura_rows(c.strip().strip('"') for c in header.split(",")):
        return "oura-csv"
    return None


def _is_gadgetbridge(path: Path) -> bool:
    import sqlite3

    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return False
    try:
        names = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    return "DEVICE" in names and "MI_BAND_ACTIVITY_SAMPLE" in names

