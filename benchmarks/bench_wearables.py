"""Importing a large synthetic Apple Health export: time and peak memory.

The export (``bench-data/apple-health-<MB>.xml``, 1 GB by default, or
``TWITCHLOG_BENCH_APPLE_MB``) is written once: ten years of nights as sleep stages from a
watch and a phone, two caffeine records a day, and heart-rate records (what fills real
exports) up to the size. The import runs in a child process, so its peak resident
memory is its own; a child that only imports TwitchLog is the reference for that.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from benchmarks.common import BenchContext, Row, log

MEGABYTES = int(os.environ.get("TWITCHLOG_BENCH_APPLE_MB", "1024"))
SECONDS_PER_GB = 90.0
PEAK_MB_BUDGET = 150.0
_EST = timezone(timedelta(hours=-5))
_HR = ('<Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Apple Watch" '
       'sourceVersion="10.3" unit="count/min" creationDate="{t}" startDate="{t}" '
       'endDate="{t}" value="{v}">\n  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" '
       'value="0"/>\n </Record>\n')
_SLEEP = ('<Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="{s}" '
          'creationDate="{e}" startDate="{b}" endDate="{e}" '
          'value="HKCategoryValueSleepAnalysis{v}"/>\n')
_CAF = ('<Record type="HKQuantityTypeIdentifierDietaryCaffeine" sourceName="Caffeine" '
        'unit="mg" creationDate="{t}" startDate="{t}" endDate="{t}" value="95"/>\n')

_CHILD = """
import resource, sys, time
from pathlib import Path
start = time.perf_counter()
if sys.argv[1] == "import":
    from twitchlog.exchange.wearables.plan import device_files_in, read_device_plan
    from twitchlog.store import Journal
    plan = read_device_plan(device_files_in([sys.argv[2]]))
    with Journal.open(Path(sys.argv[3])) as journal:
        result = journal.devices.apply(plan.values, plan.source)
    print(len(plan.values), result.stored)
else:
    import twitchlog.exchange.wearables.plan, twitchlog.store
seconds = time.perf_counter() - start
# This process's own high-water mark: ru_maxrss would also count the parent's memory
# copied at fork (a benchmark run that drew the GUI first made every child look 300 MB).
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    with open("/proc/self/status", encoding="ascii") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    pass
print(seconds, peak_kb / 1024)
"""


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S %z")


def write_export(path: Path, megabytes: int) -> None:
    """Stream a synthetic export of about ``megabytes`` MB to ``path``."""
    target = megabytes * 1024 * 1024
    tmp = path.with_suffix(".part")
    first = date(2016, 1, 1)
    with open(tmp, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE HealthData [\n'
                  '<!ELEMENT HealthData (Record*)>\n<!ATTLIST HealthData locale CDATA '
                  '#REQUIRED>\n<!ELEMENT Record ((MetadataEntry)*)>\n'
                  '<!ELEMENT MetadataEntry EMPTY>\n]>\n<HealthData locale="en_US">\n')
        written = 0
        days = 3650
        per_day = max(1, (target // days) // len(_HR.format(t=_stamp(datetime.now(_EST)),
                                                              v="60")))
        for i in range(days):
            day = first + timedelta(days=i)
            bed = datetime(day.year, day.month, day.day, 23, 0, tzinfo=_EST)
            chunk = []
            for k, stage in enumerate(("Core", "Deep", "Core", "REM", "Awake", "Core", "REM")):
                b, e = bed + timedelta(hours=k), bed + timedelta(hours=k + 1)
                value = "Awake" if stage == "Awake" else f"Asleep{stage}"
                chunk.append(_SLEEP.format(s="Apple Watch", b=_stamp(b), e=_stamp(e), v=value))
            woke = bed + timedelta(hours=7)
            chunk.append(_SLEEP.format(s="iPhone", b=_stamp(bed), e=_stamp(woke), v="InBed"))
            for hour in (8, 14):
                chunk.append(_CAF.format(t=_stamp(bed.replace(hour=hour))))
            minute = bed.replace(hour=0)
            for n in range(per_day):
                chunk.append(_HR.format(t=_stamp(minute + timedelta(seconds=23 * n)),
                                        v=55 + n % 40))
            text = "".join(chunk)
            out.write(text)
            written += len(text)
            if written >= target:
                break
        out.write("</HealthData>\n")
    tmp.replace(path)


def _child(*args: str) -> tuple[float, float, str]:
    """Run the child script; seconds and peak resident memory (MB) it reported, its output."""
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, *args], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    output = proc.stdout.read()
    if proc.wait():
        raise RuntimeError(f"child failed ({proc.returncode})")
    lines = output.strip().splitlines()
    seconds, peak_mb = (float(part) for part in lines[-1].split())
    return seconds, peak_mb, " ".join(lines[:-1])


def run(ctx: BenchContext) -> list[Row]:
    path = ctx.data_dir / f"apple-health-{MEGABYTES}.xml"
    if not path.exists():
        log(f"  writing a {MEGABYTES} MB Apple Health export (once) …")
        started = time.perf_counter()
        ctx.data_dir.mkdir(parents=True, exist_ok=True)
        write_export(path, MEGABYTES)
        log(f"  written in {time.perf_counter() - started:.0f} s")
    size_mb = path.stat().st_size / 1024 / 1024
    log(f"  importing {size_mb:,.0f} MB …")
    journal = ctx.new_journal_path("wearables")
    seconds, peak, counts = _child("import", str(path), str(journal))
    _, base_peak, _ = _child("reference")
    above = peak - base_peak
    row = Row(f"import a {size_mb:,.0f} MB Apple Health export ({counts.split()[0]} values); "
              f"peak memory {peak:.0f} MB, Python with TwitchLog alone {base_peak:.0f} MB",
              seconds, budget=SECONDS_PER_GB * size_mb / 1024)
    if above > PEAK_MB_BUDGET:
        row.error = f"peak memory {above:.0f} MB above the reference (> {PEAK_MB_BUDGET:g})"
    return [row]
