"""Who sees what the professional deliberately shares: publications, shares, records to transfer.

Publications (the dossier d'aide particulière, domain notes §2) — withdrawn ones for nobody:
- the record's professional (its owner), and professionals with the student in their active caseload;
- the school team: the principal of the student's school, the teachers of the student's group;
- the student themself;
- the guardians of the child, EXCEPT when the student is 14 or older: from 14 a student may have
  consented alone to the service (C.c.Q. art. 14, `lib.consent.SOLO_CONSENT_AGE`) and the parents are
  then not informed automatically; the publication stays between the student and the school team;
- nobody else: not the manager, the coordinator, the privacy officer, an outsider, nor a professional
  reading the student's file through break-the-glass (the record itself is theirs to read then).

Shares (RecordShare): the record's professional only. The professional a record is shared with reads
the record through `records.queries` (core), not the share.

Records to transfer: the coordinator of the same service centre, as metadata (never reasons, entries
or publications' text) — see `records_for_transfer`.

`publication_reason` says the same in Python; a test checks they agree.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core.models import Role
from lib import consent as consent_logic
from records.models import ProfessionalRecord, Publication, RecordShare


def _role(user: Any) -> str:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    return str(getattr(user, "role", "") or "")


def _under_solo_age() -> Q:
    """Students younger than 14 today (born after the day 14 years ago)."""
    born_after = consent_logic.born_after_for_age(timezone.localdate(), consent_logic.SOLO_CONSENT_AGE)
    return Q(record__student__birth_date__gt=born_after)


def publications_visible_to(user: Any) -> QuerySet[Publication]:
    from students.models import Caseload, Student

    role = _role(user)
    live = Publication.objects.filter(withdrawn_at__isnull=True)
    if role == Role.PROFESSIONAL:
        caseload = Caseload.objects.active().filter(professional=user).values("student_id")
        return live.filter(Q(record__professional=user) | Q(record__student_id__in=caseload))
    if role in (Role.PRINCIPAL, Role.TEACHER, Role.STUDENT):
        return live.filter(record__student__in=Student.objects.visible_to(user).values("pk"))
    if role == Role.GUARDIAN:
        children = Student.objects.visible_to(user).values("pk")
        return live.filter(_under_solo_age(), record__student__in=children)
    return live.none()


def publication_reason(user: Any, publication: Publication) -> str | None:
    """Why this user sees the publication ("owner", "caseload", "school", "group", "guardian", "self")
    or None. Agrees with `publications_visible_to`."""
    from students.authorizer import Reason, access_reason

    role = _role(user)
    if not role or publication.withdrawn_at is not None:
        return None
    record = publication.record
    if role == Role.PROFESSIONAL and record.professional_id == user.pk:
        return "owner"
    reason = access_reason(user, record.student)
    if reason in (Reason.CASELOAD, Reason.SCHOOL, Reason.GROUP, Reason.SELF):
        return reason
    if reason == Reason.GUARDIAN and record.student.age() < consent_logic.SOLO_CONSENT_AGE:
        return reason
    return None


def publications_of_student(user: Any, student: Any) -> QuerySet[Publication]:
    return (
        publications_visible_to(user)
        .filter(record__student=student)
        .select_related("record", "published_by")
        .order_by("-published_at", "-pk")
    )


def shares_visible_to(user: Any) -> QuerySet[RecordShare]:
    """The shares of the records this professional holds."""
    if _role(user) != Role.PROFESSIONAL:
        return RecordShare.objects.none()
    return RecordShare.objects.filter(record__professional=user)


def records_for_transfer(user: Any, professional: Any) -> QuerySet[ProfessionalRecord]:
    """A professional's records as the coordinator of their centre sees them to move them: metadata
    only (the caller renders the student's name, profession, opening date, status, number of entries)."""
    if _role(user) != Role.COORDINATOR or professional is None:
        return ProfessionalRecord.objects.none()
    if user.centre_id is None or professional.centre_id != user.centre_id:
        return ProfessionalRecord.objects.none()
    return (
        ProfessionalRecord.objects.filter(professional=professional)
        .select_related("student__school")
        .only(
            "pk",
            "profession",
            "opened_at",
            "status",
            "mandate_origin",
            "professional_id",
            "student_id",
            "student__first_name",
            "student__last_name",
            "student__school_id",
            "student__school__name",
        )
        .annotate(entry_count=Count("entries"))
        .order_by("status", "student__last_name", "student__first_name", "pk")
    )


def professionals_of_centre(user: Any) -> QuerySet[Any]:
    """The professionals of the coordinator's centre who hold at least one record."""
    from core.models import User

    if _role(user) != Role.COORDINATOR or user.centre_id is None:
        return User.objects.none()
    return (
        User.objects.filter(role=Role.PROFESSIONAL, centre_id=user.centre_id)
        .annotate(record_count=Count("professional_records"))
        .filter(record_count__gt=0)
        .order_by("last_name", "first_name", "pk")
    )


def transfer_targets(user: Any, record: ProfessionalRecord) -> QuerySet[Any]:
    """Who may receive this record: an active professional of the same profession and centre, other
    than its holder, who serves the student's school (directly or through its network)."""
    from core.models import User

    if _role(user) != Role.COORDINATOR or user.centre_id is None:
        return User.objects.none()
    school = record.student.school
    serves = Q(schools=school)
    if school.network_id is not None:
        serves |= Q(networks=school.network_id)
    return (
        User.objects.filter(
            role=Role.PROFESSIONAL,
            is_active=True,
            profession=record.profession,
            centre_id=user.centre_id,
        )
        .filter(serves)
        .exclude(pk=record.professional_id)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
