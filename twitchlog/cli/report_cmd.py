"""``report``: the doctor report as a PDF (and optionally the range's CSV files)."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from twitchlog.bounded_read import ReadRefusedError, read_capped
from twitchlog.cli.common import (
    CommandError,
    add_range_args,
    note_plain_export,
    open_journal,
    warn_out_of_range,
)
from twitchlog.validation import EARLIEST_DATE, ValidationError, check_text

#: Questions files larger than this are refused (a page of questions is a few KB).
MAX_QUESTIONS_BYTES = 64 * 1024


def register(subparsers: Any) -> None:
    report = subparsers.add_parser(
        "report", help="write the doctor report (PDF)",
        description="Write the doctor report: page one answers when the twitching started, "
        "how long and how often it happens, where, the warning signs and what goes with it; "
        "charts, a weekly table and the episode log follow. Default range: the last 90 days "
        "ending today. The questions saved in the app's Report view are included unless "
        "--questions-file is given.")
    add_range_args(report)
    report.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    report.add_argument("--paper", choices=("a4", "letter"), default="a4",
                        help="paper size (default: a4)")
    report.add_argument("--no-appendix", dest="appendix", action="store_false",
                        help="leave out the episode log at the end")
    report.add_argument("--csv-dir", metavar="DIR",
                        help="also write the range's episodes.csv and days.csv into DIR")
    report.add_argument("--questions-file", metavar="FILE",
                        help="a UTF-8 text file with your questions for the doctor "
                        "(instead of the ones saved in the app)")
    report.set_defaults(func=run_report)


def report_range(start: date | None, end: date | None, today: date | None = None,
                 first_day: date | None = None) -> tuple[date, date]:
    """The range to report: the last 90 days ending ``--to`` (default today), but not
    before the journal's ``first_day``; or from ``--from`` to ``--to``/today."""
    from twitchlog.services.report import DEFAULT_DAYS

    today = today or date.today()
    if end is None:
        end = today if start is None or start <= today else start
    if start is None:
        start = max(end - timedelta(days=DEFAULT_DAYS - 1), EARLIEST_DATE)
        if first_day is not None and start < first_day <= end:
            start = first_day  # days before the journal began are not "untracked"
    if start > end:
        raise CommandError(f"the range starts ({start.isoformat()}) after it ends "
                           f"({end.isoformat()})")
    return start, end


def run_report(args: argparse.Namespace) -> int:
    from twitchlog.services.report import write_report

    out = Path(args.out).expanduser()
    if out.is_dir():
        raise CommandError(f"{out} is a folder; --out names the PDF file to write")
    if not out.parent.exists():
        raise CommandError(f"the folder {out.parent} does not exist")
    questions = _read_questions(Path(args.questions_file).expanduser()) \
        if args.questions_file else None
    with open_journal(args, create=False) as journal:
        warn_out_of_range(journal)
        bounds = journal.date_bounds()
        start, end = report_range(args.start, args.end, first_day=bounds[0] if bounds else None)
        written = write_report(out, journal, start=start, end=end, paper=args.paper,
                               include_appendix=args.appendix, questions=questions)
        print(f"Wrote {written.path} ({written.pages} page{'s' if written.pages != 1 else ''}, "
              f"{start.isoformat()} to {end.isoformat()}).")
        if args.csv_dir:
            from twitchlog.exchange import ExchangeError, export_csv

            try:
                summary = export_csv(journal, Path(args.csv_dir).expanduser(), start, end)
            except ExchangeError as exc:
                raise CommandError(str(exc)) from None
            print(summary.summary())
        what = f"The report {written.path}" + (" and the CSV files" if args.csv_dir else "")
        note_plain_export(journal, what)
    return 0


def _read_questions(path: Path) -> str:
    """The questions file's text: a regular UTF-8 file of at most a page of questions."""
    try:
        data = read_capped(path, MAX_QUESTIONS_BYTES)
    except ReadRefusedError as exc:
        if str(exc).startswith("is larger"):
            raise CommandError(f"{path} {exc}; the questions belong on one page") from None
        raise CommandError(f"{path} {exc}") from None
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text") from None
    try:
        return check_text("report questions", text)
    except ValidationError as exc:
        reason = exc.reason
        raise CommandError(f"{path}: the questions are {reason[3:]}" if reason.startswith("is ")
                           else f"{path} {reason}") from None
