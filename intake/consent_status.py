"""Which consents a service request needs, and whether they are on file (yes/no per scope).

The guichet never reads a consent itself: it asks `consents.queries.missing_for`, which answers per
scope without content. A request for an evaluation needs the consent to the evaluation; any other
request needs the consent to follow-up services; telepractice, when it is the preferred modality,
is shown too (it blocks the telepractice appointments, not the first service in person).
"""

from __future__ import annotations

from typing import Any

from consents.models import Scope
from consents.queries import missing_for
from core.models import STAFF_ROLES, Role
from intake.models import Modality, ReasonChoice

FILING_SCOPES = (Scope.EVALUATION, Scope.SERVICES, Scope.TELEPRACTICE)


def start_scopes(request: Any) -> list[str]:
    """The consent that the first service of this request needs."""
    return [Scope.EVALUATION if ReasonChoice.EVALUATION in (request.reasons or []) else Scope.SERVICES]


def shown_scopes(request: Any) -> list[str]:
    scopes = start_scopes(request)
    if request.modality == Modality.TELEPRACTICE:
        scopes.append(Scope.TELEPRACTICE)
    return scopes


def may_see_status(user: Any, student: Any) -> bool:
    """Staff see whether consents are on file. A guardian does not, for a student of 14 or more: the
    student consents alone and the parents are not told (Civil Code art. 14)."""
    role = getattr(user, "role", "")
    if role in STAFF_ROLES:
        return True
    if role == Role.GUARDIAN:
        return student.age() < 14
    return role == Role.STUDENT


def status_rows(student: Any, scopes: list[str], domain: Any = None) -> list[dict[str, Any]]:
    missing = set(missing_for(student, scopes, domain))
    return [{"scope": s, "label": Scope(s).label, "on_file": s not in missing} for s in scopes]
