"""CSV export of a list of requests, for Excel: UTF-8 with BOM, semicolons (French Excel's separator),
French headers, and no free text (neither the situation nor what was tried). Cells that a spreadsheet
would read as a formula are neutralised (OWASP "CSV injection")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import ServiceRequest
from lib import spreadsheet

FORMULA_STARTS = spreadsheet.FORMULA_STARTS
BOM = spreadsheet.BOM


def neutralise(value: Any) -> str:
    """A cell as text; one a spreadsheet would evaluate (=, +, -, @…) is prefixed by a single quote."""
    return spreadsheet.neutralise_cell(value)


def _day(value: dt.datetime | None) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def headers() -> list[str]:
    return [
        _("Nº de demande"),
        _("Élève"),
        _("École"),
        _("Réseau"),
        _("Service"),
        _("Statut"),
        _("Priorité"),
        _("Urgence"),
        _("Impact sur la scolarité"),
        _("Palier"),
        _("Origine du mandat"),
        _("Déposée le"),
        _("Triée le"),
        _("Acceptée le"),
        _("Assignée le"),
        _("Fermée le"),
        _("Assignée à"),
    ]


def row(r: ServiceRequest) -> list[Any]:
    return [
        r.pk,
        r.student.full_name,
        r.student.school.name,
        r.network.name if r.network else "",
        r.domain.name,
        r.get_status_display(),
        "" if r.priority is None else r.priority,
        r.get_urgency_display(),
        r.get_schooling_impact_display(),
        r.tier,
        r.get_mandate_origin_display(),
        _day(r.created_at),
        _day(r.triaged_at),
        _day(r.accepted_at),
        _day(r.assigned_at),
        _day(r.closed_at),
        str(r.assigned_to) if r.assigned_to else "",
    ]


def rows(requests: Iterable[ServiceRequest]) -> Iterator[list[str]]:
    yield [neutralise(h) for h in headers()]
    for r in requests:
        yield [neutralise(cell) for cell in row(r)]


def csv_response(requests: Any, filename: str = "") -> tuple[HttpResponse, int]:
    """The response and how many requests it holds (for the audit row)."""
    filename = filename or f"demandes-{timezone.localdate().isoformat()}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write(BOM)
    writer = spreadsheet.csv_writer(response)
    lines = 0
    for line in rows(requests.iterator(chunk_size=500)):
        writer.writerow(line)
        lines += 1
    return response, lines - 1  # without the header
