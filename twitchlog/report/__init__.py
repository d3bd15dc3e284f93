"""The doctor report: a PDF whose first page answers the questions of an office visit.

Pipeline: the analysis (:mod:`twitchlog.analysis`) -> worded content
(:mod:`~twitchlog.report.content`) -> laid-out pages (:mod:`~twitchlog.report.layout`)
-> PDF (:mod:`~twitchlog.report.pdf`, fpdf2) or Qt painting (preview and printing).
fpdf2 and matplotlib are imported only when a report is made.
"""

from twitchlog.report.builder import (
    DEFAULT_DAYS,
    ReportCancelled,
    ReportFile,
    build_report,
    prepare_report,
    render_document,
    write_report,
)
from twitchlog.report.document import PAPER_LABELS, PAPER_SIZES, Document

__all__ = [
    "DEFAULT_DAYS",
    "PAPER_LABELS",
    "PAPER_SIZES",
    "Document",
    "ReportCancelled",
    "ReportFile",
    "build_report",
    "prepare_report",
    "render_document",
    "write_report",
]
