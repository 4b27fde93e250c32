"""Exports of the registers: the incident register for the Commission d'accès à l'information (CSV and
PDF), the communications register (CSV) and the PIA inventory (CSV, Markdown). Every CSV cell is
neutralised against spreadsheet formula injection (`lib.spreadsheet`, as every export)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from consents.pdf import FONT, FONTS
from lib.spreadsheet import csv_writer
from privacy.inventory import Row

BOM = "\ufeff"


def to_csv(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """`;`-separated, CRLF, header first, every cell neutralised, with the UTF-8 byte-order mark."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow([str(h) for h in header])
    writer.writerows(rows)
    return BOM + out.getvalue()


def _yes_no(value: bool | None) -> str:
    return (
        {True: _("Oui"), False: _("Non")}.get(value, _("Non évalué"))
        if value is not None
        else _("Non évalué")
    )


def incident_fields(i: Any) -> list[tuple[str, Any]]:
    """The register's columns for one incident, labelled as the Commission lists them."""
    return [
        (_("Numéro"), i.number),
        (_("Statut"), i.get_status_display()),
        (_("Renseignements personnels visés"), i.information or i.information_unknown_reason),
        (_("Circonstances"), i.circumstances),
        (_("Date ou début de l'incident"), i.occurred_from),
        (_("Fin de la période"), i.occurred_to),
        (_("Prise de connaissance"), i.discovered_on),
        (
            _("Personnes concernées"),
            ""
            if i.persons_count is None
            else f"{i.persons_count}{' (estimation)' if i.persons_count_estimated else ''}",
        ),
        (_("Sensibilité"), i.risk_sensitivity),
        (_("Conséquences appréhendées"), i.risk_consequences),
        (_("Probabilité"), i.risk_likelihood),
        (_("Risque de préjudice sérieux"), _yes_no(i.serious_risk)),
        (_("Avis à la Commission"), i.commission_notified_on),
        (_("Avis aux personnes"), i.persons_notified_on),
        (_("Avis public"), i.public_notice_on if i.public_notice else _("Non")),
        (_("Mesures prises"), i.measures),
    ]


def incidents_csv(incidents: Iterable[Any]) -> str:
    rows = [incident_fields(i) for i in incidents]
    header = [label for label, _v in rows[0]] if rows else [label for label, _v in incident_fields(_Blank())]
    return to_csv(header, ([value for _l, value in r] for r in rows))


class _Blank:
    """Stands for an incident when the register is empty (the header still has its columns)."""

    number = information = information_unknown_reason = circumstances = ""
    occurred_from = occurred_to = discovered_on = persons_count = commission_notified_on = None
    persons_notified_on = public_notice_on = serious_risk = None
    persons_count_estimated = public_notice = False
    risk_sensitivity = risk_consequences = risk_likelihood = measures = ""

    def get_status_display(self) -> str:
        return ""


class RegisterPDF(FPDF):
    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.cell(
            0, 5, _("Page %(page)s de %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}, align="C"
        )


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def incidents_pdf(incidents: Iterable[Any], centre: Any) -> bytes:
    title = _("Registre des incidents de confidentialité")
    pdf = RegisterPDF(format="letter")
    pdf.set_lang("fr-CA")
    pdf.set_title(title)
    pdf.set_author(str(centre))
    pdf.set_creator("Élève 360")
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 7.5, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    now = timezone.localtime()
    pdf.multi_cell(
        0,
        5.5,
        _(
            "%(centre)s — produit le %(when)s. Loi sur l'accès, art. 63.11 ; Règlement sur les "
            "incidents de confidentialité, art. 11."
        )
        % {"centre": centre, "when": now.strftime("%Y-%m-%d %H:%M")},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    listed = list(incidents)
    if not listed:
        pdf.ln(4)
        pdf.multi_cell(0, 5.5, _("Aucun incident inscrit au registre."), new_x="LMARGIN", new_y="NEXT")
    for incident in listed:
        pdf.ln(4)
        fields = incident_fields(incident)
        pdf.set_font(FONT, "B", 12)
        pdf.multi_cell(0, 6.5, f"{fields[0][1]} — {fields[1][1]}", new_x="LMARGIN", new_y="NEXT")
        for label, value in fields[2:]:
            pdf.set_font(FONT, "B", 9.5)
            pdf.multi_cell(0, 5, f"{label}", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(FONT, "", 9.5)
            pdf.multi_cell(0, 5, _text(value), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def communications_csv(entries: Iterable[Any]) -> str:
    header = [
        _("Date"),
        _("Nature ou type des renseignements"),
        _("Personne ou organisme qui reçoit"),
        _("Fin de la communication"),
        _("Extérieur du Québec (art. 70.1)"),
        _("Disposition qui la permet"),
        _("Précision"),
        _("Personnes concernées"),
        _("Inscrit par"),
        _("Source"),
    ]
    rows = (
        [
            c.communicated_on,
            c.information,
            c.recipient,
            c.purpose,
            _("Oui") if c.outside_quebec else _("Non"),
            c.get_legal_basis_display(),
            c.legal_basis_detail,
            c.persons_count,
            c.recorded_by.get_full_name() or c.recorded_by.username,
            c.source,
        ]
        for c in entries
    )
    return to_csv(header, rows)


def _roles(roles: Sequence[str]) -> str:
    from core.models import Role

    labels = dict(Role.choices)
    return ", ".join(str(labels.get(r, r)) for r in roles)


def inventory_csv(rows: Iterable[Row], retention: Any) -> str:
    header = [
        _("Modèle"),
        _("Application"),
        _("Champ"),
        _("Nature"),
        _("Chiffré"),
        _("Finalité"),
        _("Qui le voit"),
        _("Conservation"),
    ]
    out = []
    for row in rows:
        decl = row.declaration
        for f in row.fields:
            out.append(
                [
                    row.label,
                    row.app,
                    f.name,
                    f.kind,
                    _("Oui") if f.encrypted else _("Non"),
                    str(decl.purpose) if decl else "",
                    _roles(decl.roles) if decl else "",
                    retention(decl) if decl else "",
                ]
            )
    return to_csv(header, out)


def inventory_markdown(rows: Iterable[Row], retention: Any) -> str:
    lines = [f"# {_('Inventaire des renseignements personnels')}", ""]
    for row in rows:
        decl = row.declaration
        lines += [f"## {row.name} (`{row.label}`)", ""]
        if decl:
            lines += [
                f"- {_('Finalité')} : {decl.purpose}",
                f"- {_('Qui le voit')} : {_roles(decl.roles)}",
                f"- {_('Conservation')} : {retention(decl)}",
                "",
            ]
        lines += [f"| {_('Champ')} | {_('Libellé')} | {_('Nature')} | {_('Chiffré')} |", "|---|---|---|---|"]
        for f in row.fields:
            label = f.label.replace("|", "/")
            lines.append(f"| `{f.name}` | {label} | {f.kind} | {_('oui') if f.encrypted else _('non')} |")
        lines.append("")
    return "\n".join(lines)
