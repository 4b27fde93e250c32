"""The yearly declaration of active plans to the ministry (before 13 December): a CSV of the plans that
were in force ("actifs") during a school year — activated, whether still active or closed since.

The principal gets the plans of their schools; the manager, those of the whole service centre. Every
cell is neutralised against spreadsheet formula injection (`lib.plans.neutralise_cell`). Each export of a
non-empty declaration is written to the register of communications made without consent (A-2.1,
art. 67.3; `privacy.actions.record_communication`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from core.audit import log_event
from core.models import Role, SchoolYear
from lib import plans as logic
from plans.models import InterventionPlan
from privacy.actions import record_communication
from privacy.models import LegalBasis

BOM = "\ufeff"


def years_for(user: Any) -> QuerySet[SchoolYear]:
    """The school years the user may declare: those of their service centre."""
    centre_id = user.centre_id
    if centre_id is None and user.role == Role.PRINCIPAL:
        school = user.schools.first()
        centre_id = school.centre_id if school else None
    return SchoolYear.objects.filter(centre_id=centre_id).order_by("-start")


def declared_plans(user: Any, year: SchoolYear) -> QuerySet[InterventionPlan]:
    if not user.has_perm("plans.export"):
        raise PermissionDenied
    qs = InterventionPlan.objects.filter(school_year=year, activated_at__isnull=False)
    if user.role == Role.PRINCIPAL:
        qs = qs.filter(student__school_id__in=list(user.served_school_ids()))
    else:
        qs = qs.filter(student__school__centre_id=user.centre_id)
    return (
        qs.annotate(last_review=Max("reviews__held_on"))
        .select_related("student__school")
        .order_by("student__school__ministry_code", "student__code_permanent", "pk")
    )


def rows_for(plans: QuerySet[InterventionPlan]) -> list[list[Any]]:
    return [
        [
            p.student.code_permanent,
            p.student.school.ministry_code,
            p.student.grade_level,
            p.student.ehdaa_code,
            timezone.localtime(p.activated_at).date() if p.activated_at else "",
            getattr(p, "last_review", None) or "",
        ]
        for p in plans
    ]


def declaration(user: Any, year: SchoolYear) -> tuple[str, int]:
    """The CSV text (with its byte-order mark) and the number of plans; the export is audited."""
    if year not in years_for(user):
        raise PermissionDenied
    rows = rows_for(declared_plans(user, year))
    with transaction.atomic():
        log_event(user, year, event="plans_declaration_exported", count=len(rows), role=user.role)
        if rows:  # information leaves for the ministry without consent: the register of art. 67.3
            record_communication(
                actor=user,
                centre=year.centre_id,
                recipient="Ministère de l'Éducation du Québec",
                purpose=f"Déclaration annuelle des plans d'intervention actifs ({year.label})",
                legal_basis=LegalBasis.LAW,
                legal_basis_detail=(
                    "Loi sur l'instruction publique (déclaration des élèves et de leurs plans)"
                ),
                information=(
                    "Code permanent, école, niveau, code EHDAA, date d'activation et de dernière "
                    "révision du plan"
                ),
                persons_count=len(rows),
                source="plans_declaration",
                source_ref=f"school_year:{year.pk}",
            )
    return BOM + logic.declaration_csv(rows), len(rows)
