"""Sleep and caffeine from the files phones and wearables export (Qt-free, no SQL).

One module per format (:mod:`.apple_health`, :mod:`.fitbit`, :mod:`.garmin`,
:mod:`.oura`, :mod:`.gadgetbridge`), :mod:`.reader` to find them among files, folders
and zip archives, and :mod:`.merge` to turn their records into one value per night and
day. Samsung Health is not read: its session rows give bed and wake times (time in
bed), and published parsers disagree on the unit of ``sleep_duration`` and on the
codes of its sleep stages, so its asleep time cannot be read without guessing.
"""

from twitchlog.exchange.wearables.merge import DeviceDay, MergedDevices, merge_records
from twitchlog.exchange.wearables.model import ImportCancelledError, Progress
from twitchlog.exchange.wearables.reader import (
    DeviceFile,
    find_device_files,
    read_device_files,
)

__all__ = [
    "DeviceDay",
    "DeviceFile",
    "ImportCancelledError",
    "MergedDevices",
    "Progress",
    "find_device_files",
    "merge_records",
    "read_device_files",
]
