"""The filters of the dashboards, read from the query string: a clear French message for a bad value,
which is then ignored (never a crash page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Network, Profession, School, SchoolYear
from insights.panels import Filters

YEAR_START_TIMEOUT_S = 3600


def default_start(centre_id: int | None, today: dt.date) -> dt.date:
    """The start of the centre's school year of today (read once a day a centre), else 1 July."""
    key = f"insights:year-start:{centre_id}:{today.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = (
            SchoolYear.objects.filter(centre_id=centre_id, start__lte=today, end__gte=today)
            .values_list("start", flat=True)
            .first()
        ) or dt.date(today.year if today.month >= 7 else today.year - 1, 7, 1)
        cache.set(key, found, YEAR_START_TIMEOUT_S)
    return found


def _date(value: str, errors: list[str], label: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.append(
            _("%(champ)s : date invalide « %(valeur)s » (AAAA-MM-JJ).") % {"champ": label, "valeur": value}
        )
        return None


def _id(value: str, allowed: set[int], errors: list[str], label: str) -> int | None:
    if not value:
        return None
    if value.isdecimal() and int(value) in allowed:
        return int(value)
    errors.append(_("%(champ)s : valeur inconnue, filtre ignoré.") % {"champ": label})
    return None


def read_filters(
    params: Any, centre_id: int | None, *, centre_filters: bool
) -> tuple[Filters, list[str], dict[str, Any]]:
    """Filters, the French messages of the values ignored, and the choices for the form."""
    errors: list[str] = []
    today = timezone.localdate()
    start = _date(params.get("debut", ""), errors, _("Début")) or default_start(centre_id, today)
    end = _date(params.get("fin", ""), errors, _("Fin")) or today
    if end < start:
        errors.append(_("La fin précède le début : période par défaut."))
        start, end = default_start(centre_id, today), today
    if (end - start).days > 731:
        errors.append(_("Période de plus de deux ans : ramenée à deux ans."))
        start = end - dt.timedelta(days=731)
    choices: dict[str, Any] = {}
    network_id = school_id = None
    profession = ""
    if centre_filters:
        networks = list(Network.objects.filter(centre_id=centre_id).values_list("pk", "name"))
        schools = list(School.objects.filter(centre_id=centre_id).values_list("pk", "name"))
        choices = {"networks": networks, "schools": schools, "professions": Profession.choices}
        network_id = _id(params.get("reseau", ""), {pk for pk, _n in networks}, errors, _("Réseau"))
        school_id = _id(params.get("ecole", ""), {pk for pk, _n in schools}, errors, _("École"))
        profession = params.get("profession", "")
        if profession and profession not in Profession.values:
            errors.append(_("Profession : valeur inconnue, filtre ignoré."))
            profession = ""
    return Filters(start, end, network_id, school_id, profession), errors, choices
