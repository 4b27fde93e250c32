"""The readable copy as a PDF (fpdf2, pure Python; DejaVu Sans from consents/fonts for every accent)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from consents.pdf import FONT, FONTS
from students.copy import ReadableCopy

LINE = 5.5


class CopyPDF(FPDF):
    def footer(self) -> None:  # every page says which page of how many
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.cell(
            0, 5, _("Page %(page)s de %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}, align="C"
        )


def render(copy: ReadableCopy) -> bytes:
    """A title page block (who, for whom, when), then each part, its items and their fields."""
    student = copy.student
    title = _("Copie des renseignements — %(name)s") % {"name": student.full_name}
    pdf = CopyPDF(format="letter")
    pdf.set_lang("fr-CA")
    pdf.set_creation_date(copy.generated_at)
    pdf.set_title(title)
    pdf.set_author("Élève 360")
    pdf.set_creator("Élève 360")
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(
        0, 5, _("Élève 360 — services éducatifs complémentaires"), align="L", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(3)
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 7.5, title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, "", 10)
    local = timezone.localtime(copy.generated_at)
    for line in (
        _("Produite le %(when)s (heure de Montréal) pour %(name)s.")
        % {"when": local.strftime("%Y-%m-%d %H:%M"), "name": copy.requester.get_full_name()},
        _(
            "Loi sur l'accès aux documents des organismes publics et sur la protection des "
            "renseignements personnels, art. 83 et 84 : copie des renseignements que la plateforme "
            "détient et que vous pouvez recevoir."
        ),
    ):
        pdf.multi_cell(0, LINE, line, align="L", new_x="LMARGIN", new_y="NEXT")
    for part in copy.parts:
        pdf.ln(4)
        pdf.set_font(FONT, "B", 13)
        pdf.multi_cell(0, 7, str(part.title), align="L", new_x="LMARGIN", new_y="NEXT")
        if not part.items:
            pdf.set_font(FONT, "", 10)
            pdf.multi_cell(0, LINE, _("Aucun renseignement."), align="L", new_x="LMARGIN", new_y="NEXT")
        for item in part.items:
            pdf.ln(1.5)
            pdf.set_font(FONT, "B", 10.5)
            pdf.multi_cell(0, 6, str(item.title), align="L", new_x="LMARGIN", new_y="NEXT")
            for label, value in item.fields.items():
                pdf.set_font(FONT, "", 10)
                pdf.multi_cell(0, LINE, f"{label} : {value}", align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
