"""The report pipeline: journal -> analysis -> content -> pages -> PDF bytes or a file.

:func:`build_report` is the whole pipeline; :func:`prepare_report` stops at laid-out
pages (the desktop preview draws page one of it, and printing draws every page). The
Report view runs :func:`preview_report`, :func:`save_report` and :func:`print_report`
on its task runner: each opens its own read-only connection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from twitchlog.atomic import atomic_write
from twitchlog.domain import (
    PATIENT_DOB_SETTING,
    PATIENT_NAME_SETTING,
    REPORT_QUESTIONS_SETTING,
)
from twitchlog.report.document import PAPER_SIZES, Document
from twitchlog.services.reading import reading
from twitchlog.store.journal import Journal

Progress = Callable[[float], None] | None
Cancel = Callable[[], bool] | None

DEFAULT_DAYS = 90


@dataclass(frozen=True, slots=True)
class ReportFile:
    """What :func:`write_report` wrote."""

    path: Path
    pages: int
    size: int  # bytes


class ReportCancelled(Exception):
    """A newer request replaced this one before it finished."""


def prepare_report(
    journal: Journal,
    *,
    start: date,
    end: date,
    paper: str = "a4",
    include_appendix: bool = True,
    questions: str | None = None,
    generated: date | None = None,
    with_charts: bool = True,
    progress: Progress = None,
    cancel: Cancel = None,
) -> Document:
    """The laid-out pages of the report for ``[start, end]`` (charts not yet drawn).

    ``questions`` ``None`` means the questions saved in the journal (the Report view's
    box). Patient name and date of birth come from the journal's settings.
    ``progress`` receives a fraction 0-1 of this step.
    """
    from twitchlog.analysis.results import AnalysisCancelled
    from twitchlog.report.content import assemble
    from twitchlog.report.figures import chart_specs
    from twitchlog.report.layout import layout
    from twitchlog.services.insights import analyse_range

    if paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper size {paper!r}; use a4 or letter")
    if start > end:
        start, end = end, start
    step = progress or (lambda _fraction: None)
    if questions is None:
        questions = journal.settings.get(REPORT_QUESTIONS_SETTING) or ""
    insights = None
    if not journal.is_empty():
        step(0.05)
        try:
            insights = analyse_range(journal, start, end, cancel=cancel)
        except AnalysisCancelled:
            raise ReportCancelled from None
    step(0.7)
    _check(cancel)
    content = assemble(
        journal, insights, start=start, end=end, generated=generated or date.today(),
        questions=questions, include_appendix=include_appendix,
        patient_name=journal.settings.get(PATIENT_NAME_SETTING) or "",
        patient_dob=journal.settings.get(PATIENT_DOB_SETTING) or "",
        chart_factory=chart_specs if with_charts else None,
    )
    step(0.85)
    _check(cancel)
    document = layout(content, paper)
    step(1.0)
    return document


def build_report(
    journal: Journal,
    *,
    start: date,
    end: date,
    paper: str = "a4",
    include_appendix: bool = True,
    questions: str | None = None,
    generated: date | None = None,
    progress: Progress = None,
    cancel: Cancel = None,
) -> bytes:
    """The PDF report for ``[start, end]`` as bytes (see :func:`prepare_report`).

    ``progress`` receives percentages 0-100.
    """
    return _render(journal, start=start, end=end, paper=paper,
                   include_appendix=include_appendix, questions=questions,
                   generated=generated, progress=progress, cancel=cancel)[0]


def write_report(
    path: Path | str,
    journal: Journal,
    *,
    start: date,
    end: date,
    paper: str = "a4",
    include_appendix: bool = True,
    questions: str | None = None,
    generated: date | None = None,
    progress: Progress = None,
    cancel: Cancel = None,
) -> ReportFile:
    """Make the report and write it to ``path`` atomically (0600): all or nothing."""
    data, pages = _render(journal, start=start, end=end, paper=paper,
                          include_appendix=include_appendix, questions=questions,
                          generated=generated, progress=progress, cancel=cancel)
    path = Path(path)
    with atomic_write(path, "wb") as handle:
        handle.write(data)
    if progress is not None:
        progress(100)
    return ReportFile(path, pages, len(data))


def render_document(document: Document, *, progress: Progress = None,
                    cancel: Cancel = None) -> bytes:
    """Draw the charts of a prepared document and write it as PDF bytes."""
    from twitchlog.report.figures import render_charts
    from twitchlog.report.pdf import render_pdf

    render_charts(document, progress=_part(progress, 0.0, 0.75), cancel=cancel)
    _check(cancel)
    return render_pdf(document, progress=_part(progress, 0.75, 1.0))


def _part(progress: Progress, low: float, high: float) -> Progress:
    """``progress`` for one step: its fraction 0-1 mapped onto ``low``-``high``."""
    if progress is None:
        return None
    return lambda fraction: progress(low + (high - low) * fraction)


def _render(journal: Journal, *, start: date, end: date, paper: str, include_appendix: bool,
            questions: str | None, generated: date | None, progress: Progress,
            cancel: Cancel) -> tuple[bytes, int]:
    percent = None if progress is None else (lambda value: progress(round(value)))
    document = prepare_report(journal, start=start, end=end, paper=paper,
                              include_appendix=include_appendix, questions=questions,
                              generated=generated, progress=_part(percent, 0, 40),
                              cancel=cancel)
    data = render_document(document, progress=_part(percent, 40, 99), cancel=cancel)
    return data, len(document.pages)


def _check(cancel: Cancel) -> None:
    if cancel is not None and cancel():
        raise ReportCancelled


# --- background work for the Report view (one read-only connection each) ---------------


def preview_report(path: Path, start: date, end: date, paper: str, include_appendix: bool,
                   cancel: Cancel = None) -> Document:
    """Lay out the report (charts not drawn): the live preview of page one."""
    with reading(path) as journal:
        return prepare_report(journal, start=start, end=end, paper=paper,
                              include_appendix=include_appendix, cancel=cancel)


def save_report(path: Path, target: Path, start: date, end: date, paper: str,
                include_appendix: bool, progress: Progress = None) -> ReportFile:
    """Make the PDF and write it to ``target`` atomically; ``progress`` gets percentages."""
    with reading(path) as journal:
        return write_report(target, journal, start=start, end=end, paper=paper,
                            include_appendix=include_appendix, progress=progress)


def print_report(path: Path, start: date, end: date, paper: str, include_appendix: bool,
                 progress: Progress = None) -> Document:
    """Lay out every page and draw its charts, ready to paint on a printer;
    ``progress`` gets percentages."""
    from twitchlog.report.figures import render_charts

    percent = None if progress is None else (lambda value: progress(round(value)))
    with reading(path) as journal:
        document = prepare_report(journal, start=start, end=end, paper=paper,
                                  include_appendix=include_appendix,
                                  progress=_part(percent, 0, 40))
    render_charts(document, progress=_part(percent, 40, 100))
    return document

