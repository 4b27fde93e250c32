"""What each person may list of the privacy registers: the rows of their own service centre, and only for
the privacy officer (destruction runs: also the manager). Denied by default."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from privacy.models import AccessRequest, Communication, DestructionRun, Incident, LegalHold


def _scoped(model: Any, user: Any, perm: str) -> QuerySet[Any]:
    if not user.has_perm(perm):
        return model.objects.none()
    return model.objects.filter(centre_id=user.centre_id)


def incidents_for(user: Any) -> QuerySet[Incident]:
    return _scoped(Incident, user, "privacy.manage").select_related("subject_user")


def communications_for(user: Any) -> QuerySet[Communication]:
    return _scoped(Communication, user, "privacy.manage").select_related("recorded_by", "student__school")


def requests_for(user: Any) -> QuerySet[AccessRequest]:
    return _scoped(AccessRequest, user, "privacy.manage").select_related("student__school", "requester_user")


def holds_for(user: Any) -> QuerySet[LegalHold]:
    return _scoped(LegalHold, user, "privacy.manage").select_related("student__school", "placed_by")


def runs_for(user: Any) -> QuerySet[DestructionRun]:
    return _scoped(DestructionRun, user, "privacy.view_destruction").select_related(
        "prepared_by", "approved_by"
    )


def get_for(queryset: QuerySet[Any], pk: Any) -> Any:
    """One row of a scoped queryset, or the same 404 for missing and forbidden."""
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
