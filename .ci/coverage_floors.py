"""Fail when a package's line coverage (from the last ``pytest --cov`` run) drops below
its floor. The floors sit a little under what the suite measures: raise them as tests
are added, never lower them to make a change pass."""

from __future__ import annotations

import sys
from pathlib import Path

import coverage

#: Package folder -> lowest acceptable line coverage, percent.
FLOORS = {
    "twitchlog/validation.py": 95.0,  # measured 97.7% (2026-12-02)
    "twitchlog/store": 86.0,  # 88.8%
    "twitchlog/exchange": 91.0,  # 93.7%
    "twitchlog/analysis": 94.0,  # 96.1%
}


def package_coverage(data_file: Path) -> dict[str, tuple[int, int]]:
    """(statements, statements run) of each floored package."""
    cov = coverage.Coverage(data_file=str(data_file))
    cov.load()
    root = Path.cwd().resolve()
    totals = dict.fromkeys(FLOORS, (0, 0))
    for measured in cov.get_data().measured_files():
        relative = Path(measured).resolve().relative_to(root).as_posix()
        for package in FLOORS:
            if relative == package or relative.startswith(package + "/"):
                _, statements, _, missing, _ = cov.analysis2(measured)
                total, run = totals[package]
                totals[package] = (total + len(statements),
                                   run + len(statements) - len(missing))
    return totals


def main() -> int:
    totals = package_coverage(Path(".coverage"))
    failed = False
    for package, (statements, run) in totals.items():
        percent = 100.0 * run / statements if statements else 0.0
        ok = percent >= FLOORS[package]
        failed |= not ok
        print(f"coverage {package}: {percent:.1f}% (floor {FLOORS[package]:.0f}%)"
              f"{'' if ok else '  BELOW THE FLOOR'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
