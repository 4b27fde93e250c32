"""Fixtures of the scheduling tests: Léo (12) and Alice (15) in service with the speech therapist and
the psychologist, rooms, and the consents that telepractice needs."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from core.models import ServiceDomain


def episode_for(cast, professional, student, domain="orthophonie"):
    from intake.models import ServiceEpisode, ServiceRequest
    from students.models import Caseload

    request = ServiceRequest.objects.create(
        student=student,
        domain=ServiceDomain.objects.get(code=domain),
        network=cast.nord,
        requested_by=cast.principal,
        mandate_origin="school",
        status="assigned",
        assigned_to=professional,
    )
    Caseload.objects.get_or_create(professional=professional, student=student, ended_on=None)
    return ServiceEpisode.objects.create(request=request, professional=professional)


def consent(cast, student, scope="telepractice", **extra):
    from records.tests.core_helpers import give_consent

    return give_consent(cast, student, scope=scope, **extra)


def next_weekday(weekday: int, weeks: int = 1) -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)


@pytest.fixture
def sched(cast, leo):
    from scheduling.models import Room

    cast.sources.latitude, cast.sources.longitude = 46.3432, -72.5477
    cast.sources.save()
    cast.laurent.latitude, cast.laurent.longitude = 46.5667, -72.7500
    cast.laurent.save()
    return SimpleNamespace(
        leo=leo,
        leo_episode=episode_for(cast, cast.speech_therapist, leo),
        alice_episode=episode_for(cast, cast.psychologist, cast.alice, domain="psychologie"),
        room=Room.objects.create(school=cast.sources, name="Local 204"),
        other_room=Room.objects.create(school=cast.sources, name="Local 110"),
        monday=next_weekday(0),
    )


def committed(action, *args, **kwargs):
    """Run an action and the callbacks it left for the commit (e-mails), as production would."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return action(*args, **kwargs)
