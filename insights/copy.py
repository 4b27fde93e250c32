"""The classroom observations' part of the readable copy (students/copy.py, A-2.1 art. 83-84): every
observation written about the student — date, area, text, author. The family does not read them in the
portal, but they are information about the person and belong to the copy the person asks for."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from insights.models import Observation
from students.copy import CopyItem, CopyPart
from students.copy_parts import day


def observations_part(user: Any, student: Any) -> CopyPart | None:
    observations = list(
        Observation.objects.filter(student=student).select_related("author").order_by("observed_on", "pk")
    )
    if not observations:
        return None
    items = [
        CopyItem(
            _("Observation du %(date)s") % {"date": day(o.observed_on)},
            {
                _("Domaine"): str(o.get_domain_display()),
                _("Observation"): o.text,
                _("Notée par"): o.author.get_full_name(),
            },
        )
        for o in observations
    ]
    return CopyPart("observations", _("Observations en classe"), items)
