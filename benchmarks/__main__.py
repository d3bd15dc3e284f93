"""``python -m benchmarks [-k TEXT] [--rebuild] [--list]``: run every ``bench_*`` module."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import time
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.common import DEFAULT_DATA_DIR, BenchContext, Row, format_table, log


def discover() -> list[str]:
    """Names of the benchmark modules: ``bench_core`` first, then alphabetical."""
    package_dir = Path(__file__).resolve().parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(package_dir)])
                   if m.name.startswith("bench_"))
    return sorted(names, key=lambda n: (n != "bench_core", n))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description="Measure TwitchLog against its budgets.")
    parser.add_argument("-k", dest="pattern", default="",
                        help="run only modules whose name contains this text")
    parser.add_argument("--rebuild", action="store_true",
                        help="rebuild the cached 10-year journal in bench-data/")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR,
                        help="where the cached 10-year journal lives")
    parser.add_argument("--list", action="store_true", help="list the modules and exit")
    args = parser.parse_args(argv)
    names = [n for n in discover() if args.pattern in n]
    if args.list:
        print("\n".join(names))
        return 0
    if not names:
        print(f"no benchmark module matches {args.pattern!r}", file=sys.stderr)
        return 2
    rows: list[Row] = []
    started = time.perf_counter()
    with BenchContext(args.data_dir, rebuild=args.rebuild) as ctx:
        for name in names:
            log(f"benchmarks: {name} …")
            try:
                module = importlib.import_module(f"benchmarks.{name}")
                rows.extend(module.run(ctx))
            except Exception as exc:  # one broken module must not hide the others
                traceback.print_exc(file=sys.stderr)
                rows.append(Row(name, float("nan"),
                                error=f"{type(exc).__name__}: {exc}"[:100]))
    print(format_table(rows))
    total = time.perf_counter() - started
    failed = [row for row in rows if row.passed is False]
    print(f"\n{len(rows)} rows, {len(failed)} over budget or failed; {total:.0f} s in all.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
