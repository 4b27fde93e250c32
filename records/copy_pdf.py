"""The copy of a professional record given to a third party, as a PDF (fpdf2; DejaVu fonts of consents).

What it holds: who receives it and why, the consent that authorises it, the record's header (student,
profession, professional, mandate, opening, reasons, status) and its SIGNED entries with their signature
date and fingerprint. Never a draft. Attachments are listed (name, fingerprint), not embedded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from consents.pdf import FONT, FONTS
from records.models import Entry, EntryStatus, RecordShare


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def signed_entries(record: Any) -> list[Entry]:
    return list(
        Entry.objects.filter(record=record, status=EntryStatus.SIGNED)
        .select_related("author", "corrects")
        .prefetch_related("attachments")
        .order_by("service_date", "signed_at", "pk")
    )


class _Doc:
    def __init__(self, title: str, produced_at: dt.datetime) -> None:
        pdf = FPDF(format="letter")
        pdf.set_lang("fr-CA")
        pdf.set_creation_date(produced_at)
        pdf.set_title(title)
        pdf.set_creator("Élève 360")
        pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.set_margins(20, 20, 20)
        pdf.set_auto_page_break(True, margin=20)
        pdf.add_page()
        self.pdf = pdf

    def heading(self, text: str, size: float = 12) -> None:
        self.pdf.ln(2)
        self.pdf.set_font(FONT, "B", size)
        self.pdf.multi_cell(0, 6.5, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font(FONT, "", 10)

    def line(self, label: str, value: str) -> None:
        self.pdf.set_font(FONT, "", 10)
        self.pdf.multi_cell(0, 5.2, f"{label} : {value}", new_x="LMARGIN", new_y="NEXT")

    def text(self, value: str) -> None:
        self.pdf.set_font(FONT, "", 10)
        self.pdf.multi_cell(0, 5.2, value, new_x="LMARGIN", new_y="NEXT")

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def render(share: RecordShare, *, produced_at: dt.datetime) -> bytes:
    record = share.record
    student = record.student
    title = _("Copie du dossier professionnel")
    doc = _Doc(title, produced_at)
    doc.pdf.set_font(FONT, "", 9)
    doc.text(_("Élève 360 — services éducatifs complémentaires — document confidentiel"))
    doc.heading(title, 15)
    doc.heading(_("Communication"))
    doc.line(_("Destinataire"), share.recipient)
    doc.line(_("Fin de la communication"), share.purpose)
    doc.line(
        _("Consentement au partage"),
        _("nº %(id)s, signé le %(date)s")
        % {
            "id": share.consent_id,
            "date": share.authorised_on.isoformat(),
        },
    )
    if share.emergency_waiver:
        doc.line(_("Délai levé en urgence"), share.waiver_reason)
    doc.line(_("Copie produite le"), _day(produced_at))
    doc.heading(_("Dossier"))
    doc.line(_("Élève"), f"{student.full_name} ({student.code_permanent})")
    doc.line(_("Date de naissance"), _day(student.birth_date))
    doc.line(_("Profession"), str(record.get_profession_display()))
    doc.line(
        _("Professionnel·le responsable"), record.professional.get_full_name() or record.professional.username
    )
    doc.line(_("Origine du mandat"), str(record.get_mandate_origin_display()))
    doc.line(_("Ouvert le"), _day(record.opened_at))
    doc.line(_("Statut"), str(record.get_status_display()))
    if record.closed_at:
        doc.line(_("Fermé le"), _day(record.closed_at))
    doc.line(_("Motifs de consultation"), record.reasons or "—")
    if record.closing_note:
        doc.line(_("Note de fermeture"), record.closing_note)
    entries = signed_entries(record)
    doc.heading(_("Entrées signées (%(count)s)") % {"count": len(entries)})
    if not entries:
        doc.text(_("Aucune entrée signée."))
    for entry in entries:
        doc.heading(f"{entry.get_kind_display()} — {_day(entry.service_date)}", 10.5)
        if entry.corrects_id is not None and entry.corrects is not None:
            doc.line(_("Corrige l'entrée du"), _day(entry.corrects.service_date))
        if entry.duration_minutes:
            doc.line(_("Durée (minutes)"), str(entry.duration_minutes))
        if entry.modality:
            doc.line(_("Modalité"), str(entry.get_modality_display()))
        if entry.student_location:
            doc.line(_("Lieu où se trouvait l'élève"), entry.student_location)
        doc.text(entry.text)
        for attachment in entry.attachments.all():
            doc.line(_("Pièce jointe (non incluse)"), f"{attachment.filename} — SHA-256 {attachment.sha256}")
        author = entry.author.get_full_name() or entry.author.username
        doc.line(_("Signée par"), f"{author}, {_day(entry.signed_at)} — SHA-256 {entry.signature_sha256}")
    return doc.output()
