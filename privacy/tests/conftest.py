"""Fixtures of the privacy tests: another centre with its own privacy officer, and records of every kind
whose retention has ended."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import make_user
from core.models import Role, ServiceCentre


@pytest.fixture
def other_officer(cast):
    """The privacy officer of another service centre: sees nothing of the cast's centre."""
    centre = ServiceCentre.objects.create(name="CSS du Fleuve", code="CSS-AUTRE", region="Capitale-Nationale")
    return make_user("rose.prp", Role.PRIVACY_OFFICER, centre=centre)


@pytest.fixture
def second_officer(cast):
    return make_user("omar.prp", Role.PRIVACY_OFFICER, centre=cast.centre)


@pytest.fixture
def old_record(cast):
    """The psychologist's record for Alice, with a signed note, closed long ago: its retention has ended."""
    from records import actions
    from records.models import ProfessionalRecord
    from records.tests.core_helpers import open_alice, signed

    record = open_alice(cast)
    signed(cast, record)
    corrected = signed(cast, record, text="Deuxième note signée.")
    from records.entry_actions import correct_entry, sign_entry

    sign_entry(
        cast.psychologist, correct_entry(cast.psychologist, corrected, text="Correction de la deuxième note.")
    )
    actions.close_record(cast.psychologist, record, "Fin des services : objectifs atteints.")
    ProfessionalRecord.objects.filter(pk=record.pk).update(
        retention_until=timezone.localdate() - dt.timedelta(days=1)
    )
    return ProfessionalRecord.objects.get(pk=record.pk)
