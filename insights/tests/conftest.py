"""A hand-computed portrait of the cast (numbers in the docstring of `portrait`)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import timezone

from core.models import ServiceDomain
from intake.models import ServiceEpisode, ServiceRequest, Status
from plans.models import InterventionPlan, PlanStatus
from records.models import Entry, EntryKind, ProfessionalRecord
from students.models import Student
from support import actions as support_actions

NAMES = ["Côté", "Lavoie", "Bouchard", "Morin"]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def days_ago(n: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=n)


def request_for(student, domain, status, *, created_days, accepted_days=None, by):
    return ServiceRequest.objects.create(
        student=student,
        domain=domain,
        network=student.school.network,
        requested_by=by,
        mandate_origin="school",
        status=status,
        created_at=days_ago(created_days),
        accepted_at=days_ago(accepted_days) if accepted_days is not None else None,
    )


@pytest.fixture
def portrait(cast):
    return build_portrait(cast)


def build_portrait(cast):
    """Des Sources (secondary, IMSE 8): Alice, Bruno and four classmates of group 301 (six students, S3).

    - Psychology waiting list: five students of des Sources wait 10, 30, 5, 20 and 40 days:
      median 20, 90th percentile 36 (rank 3.6 between 30 and 40). Zoé (Saint-Laurent, primary) waits 7
      days in speech therapy. Alice's speech therapy request (40 days ago) is assigned, first service
      12 days after the request.
    - Acts of Alice's psychology record yesterday: three (60 min in person, 30 telepractice, 30
      by phone: 2.0 h, telepractice 33.3 %), plus a correction and a consent note (not acts).
    - Tiers: Alice 2, Bruno 3, the four others without a decision.
    - Plans: Alice active, review due yesterday (late); Bruno in preparation.
    """
    psy = ServiceDomain.objects.get(code="psychologie")
    speech = ServiceDomain.objects.get(code="orthophonie")
    others = [
        Student.objects.create(
            code_permanent=f"PORT{i:08d}",
            last_name=name,
            first_name="Élève",
            birth_date=dt.date(2011, 5, i + 1),
            sex="X",
            school=cast.sources,
            grade_level="S3",
            group=cast.g301,
        )
        for i, name in enumerate(NAMES)
    ]
    waiting = [cast.alice, cast.bruno, *others[:3]]
    for student, waited in zip(waiting, [10, 30, 5, 20, 40], strict=True):
        request_for(
            student, psy, Status.WAITING, created_days=waited + 3, accepted_days=waited, by=cast.principal
        )
    request_for(cast.zoe, speech, Status.WAITING, created_days=9, accepted_days=7, by=cast.outsider)
    assigned = request_for(
        cast.alice, speech, Status.ASSIGNED, created_days=40, accepted_days=38, by=cast.principal
    )
    ServiceEpisode.objects.create(
        request=assigned,
        professional=cast.speech_therapist,
        opened_at=days_ago(30),
        first_service_at=assigned.created_at + dt.timedelta(days=12),
    )
    record = ProfessionalRecord.objects.create(
        professional=cast.psychologist,
        student=cast.alice,
        profession="psychologist",
        mandate_origin="school",
        opened_by=cast.psychologist,
        reasons="Anxiété de performance",
    )
    day = timezone.localdate() - dt.timedelta(days=1)

    def entry(kind, minutes, modality, **extra):
        return Entry.objects.create(
            record=record,
            kind=kind,
            service_date=day,
            duration_minutes=minutes,
            modality=modality,
            text="Séance",
            author=cast.psychologist,
            **extra,
        )

    first = entry(EntryKind.PROGRESS_NOTE, 60, "in_person")
    entry(EntryKind.PROGRESS_NOTE, 30, "telepractice", student_location="À la maison")
    entry(EntryKind.INDIRECT_SERVICE, 30, "phone")
    entry(EntryKind.PROGRESS_NOTE, 60, "in_person", corrects=first)
    entry(EntryKind.CONSENT_NOTE, 10, "")
    support_actions.record_tier_decision(cast.principal, cast.alice, 2, "Lecture lente.")
    support_actions.record_tier_decision(cast.principal, cast.bruno, 3, "Désorganisations.")
    InterventionPlan.objects.create(
        student=cast.alice,
        school_year=cast.year,
        opened_by=cast.principal,
        status=PlanStatus.ACTIVE,
        activated_at=days_ago(60),
        next_review_on=timezone.localdate() - dt.timedelta(days=1),
    )
    InterventionPlan.objects.create(student=cast.bruno, school_year=cast.year, opened_by=cast.principal)
    return SimpleNamespace(others=others, psy=psy, speech=speech, record=record, day=day)


def period() -> dict[str, str]:
    """Sixty days back to today: every fixture date is inside, whatever today is."""
    today = timezone.localdate()
    return {"debut": (today - dt.timedelta(days=60)).isoformat(), "fin": today.isoformat()}
