"""TwitchLog benchmarks: ``python -m benchmarks`` (``make bench``) prints one table.

Each ``bench_<topic>.py`` module defines ``run(ctx: BenchContext) -> list[Row]``.
"""
