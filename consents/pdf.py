"""The signed form as a PDF (fpdf2, pure Python; DejaVu Sans vendored for every accent — ADR 0007)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from consents.formtext import FormText

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"


def render(text: FormText, *, signer: str, signer_role: str, account: str, signed_at: dt.datetime) -> bytes:
    """The form exactly as shown, then the signature block: who, when, through which channel."""
    pdf = FPDF(format="letter")
    pdf.set_lang("fr-CA")
    pdf.set_creation_date(signed_at)
    pdf.set_title(text.title)
    pdf.set_author(signer)
    pdf.set_creator("Élève 360")
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, _("Élève 360 — services éducatifs complémentaires"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, text.title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "", 10.5)
    for paragraph in text.paragraphs:
        pdf.multi_cell(0, 5.5, paragraph, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2.5)
    pdf.ln(4)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 6, _("Signature électronique"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10.5)
    local = timezone.localtime(signed_at)
    lines = [
        _("Case « J'ai lu et je consens » cochée par : %(name)s (%(role)s)")
        % {"name": signer, "role": signer_role},
        _("Compte : %(account)s") % {"account": account},
        _("Date et heure : %(when)s (heure de Montréal)") % {"when": local.strftime("%Y-%m-%d %H:%M:%S")},
        _("Canal : portail"),
    ]
    for line in lines:
        pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
