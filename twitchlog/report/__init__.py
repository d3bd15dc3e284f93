"""The doctor report: a PDF whose first page answers the questions of an office visit.

Content (:mod:`~twitchlog.report.content`) -> laid-out pages
(:mod:`~twitchlog.report.layout`) -> PDF (:mod:`~twitchlog.report.pdf`, fpdf2) or Qt
painting (preview and printing). The whole pipeline from a journal lives in
:mod:`twitchlog.services.report`. fpdf2 and matplotlib are imported only when a report
is made.
"""

from twitchlog.report.document import PAPER_LABELS, PAPER_SIZES, Document

__all__ = [
    "PAPER_LABELS",
    "PAPER_SIZES",
    "Document",
]
