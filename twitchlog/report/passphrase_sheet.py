"""A printable recovery copy of a journal's passphrase (the user asks for it).

TwitchLog keeps no copy of the passphrase anywhere; this one-page PDF is the user's own
paper backup, to print and keep somewhere safe, then delete. fpdf2 is imported here only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from twitchlog.atomic import atomic_write
from twitchlog.report.document import FONT_FAMILY
from twitchlog.report.fonts import add_fonts


def write_passphrase_sheet(path: Path, journal_path: Path, passphrase: str,
                           *, today: date | None = None) -> Path:
    """Write the sheet to ``path`` atomically (0600); returns ``path``."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    add_fonts(pdf)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font(FONT_FAMILY, "B", 18)
    pdf.multi_cell(width, 10, "TwitchLog: journal passphrase")
    pdf.ln(4)
    pdf.set_font(FONT_FAMILY, "", 11)
    pdf.multi_cell(width, 6, f"Journal: {journal_path}\nWritten: "
                   f"{(today or date.today()).isoformat()}")
    pdf.ln(6)
    pdf.set_font(FONT_FAMILY, "B", 16)
    pdf.multi_cell(width, 10, passphrase, border=1, padding=4)
    pdf.ln(6)
    pdf.set_font(FONT_FAMILY, "", 11)
    pdf.multi_cell(width, 6, (
        "This passphrase opens the journal and its backups. There is no other way to "
        "recover them: TwitchLog does not store the passphrase anywhere. Print this page, "
        "keep it somewhere safe and private, and delete the PDF file."))
    with atomic_write(path, "wb") as handle:
        handle.write(bytes(pdf.output()))
    return path
