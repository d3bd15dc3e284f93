"""TwitchLog benchmarks: ``python -m benchmarks`` (``make bench``) prints one table.

Columns: benchmark name, measured time, reference or budget, ratio (measured divided by
budget, or by the reference), verdict (``ok``, ``OVER``, ``info`` or ``ERROR``). The
command exits with status 1 if any row is over budget or failed.

Adding a benchmark
------------------
Create ``benchmarks/bench_<topic>.py`` with one function::

    from benchmarks.common import BenchContext, Row, median, timed

    def run(ctx: BenchContext) -> list[Row]:
        with Journal.open_reader(ctx.journal_path) as journal:   # read-only use
            times = timed(lambda: my_operation(journal), repeat=5)
        return [Row("my operation, 10 years", median(times), budget=0.5)]

Modules are discovered automatically (``bench_core`` runs first, the others in name
order); ``python -m benchmarks -k insights`` runs only modules whose name contains
"insights". A module that raises is shown as an ``ERROR`` row; the others still run.

What :class:`~benchmarks.common.BenchContext` offers:

- ``ctx.journal_path`` – the cached ten-year demo journal (~100,000 episodes, 3,650
  days) in ``bench-data/``; read it, never write it;
- ``ctx.copy_journal(name)`` – a writable copy in the run's temporary folder;
- ``ctx.new_journal_path(name)`` – a path for a fresh journal there;
- ``ctx.csv_export_dir`` – that journal exported as ``episodes.csv``/``days.csv``;
- ``ctx.tmp_dir`` – a temporary folder removed after the run.

A :class:`~benchmarks.common.Row` takes ``measured`` seconds and either ``budget``
seconds, or ``reference`` seconds (measured in the same run) with ``max_ratio``; with
neither it is informational. Helpers: ``timed``, ``median``, ``percentile``, ``log``
(progress on stderr). Keep each module to a few seconds: ``make bench`` should finish
in about three minutes.
"""
