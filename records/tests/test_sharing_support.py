"""Support of the sharing tests (no test here): records for any student, sharing consents, shares.

Builds on `records.tests.core_helpers` (records, entries, consents) and the consents' `leo` fixture
(`leo`: Léo, 12, Alice's brother)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from records import actions, publishing, sharing
from records.models import ProfessionalRecord, Publication
from records.tests.core_helpers import give_consent, open_alice, signed

__all__ = [
    "alice_record_fixture",
    "copy_share",
    "open_alice",
    "open_for",
    "publication",
    "sharing_consent",
    "signed",
]

CONCLUSION = "Les difficultés observées relèvent surtout de l'anxiété de performance."


def open_for(cast: Any, student: Any, professional: Any = None, **extra: Any) -> ProfessionalRecord:
    """A record of `professional` (the psychologist by default) for a student they serve."""
    from students.models import Caseload

    professional = professional or cast.psychologist
    if not Caseload.objects.active().filter(professional=professional, student=student).exists():
        Caseload.objects.create(professional=professional, student=student)
    give_consent(cast, student)
    data = {"mandate_origin": "school", "reasons": "Difficultés d'attention signalées en classe."} | extra
    return actions.open_record(professional, student, **data)


def publication(record: ProfessionalRecord, text: str = CONCLUSION, kind: str = "conclusion") -> Publication:
    return publishing.publish(record.professional, record, kind, text)


def sharing_consent(cast: Any, student: Any, *, days_ago: int = 0, **extra: Any) -> Any:
    """A sharing consent signed on paper `days_ago` days ago."""
    data = {
        "shared_with": "CLSC de Trois-Rivières, équipe jeunesse",
        "shared_what": "Dossier de psychologie",
        "signed_on": timezone.localdate() - dt.timedelta(days=days_ago),
    } | extra
    return give_consent(cast, student, scope="sharing", **data)


def copy_share(record: ProfessionalRecord, consent: Any, **extra: Any) -> Any:
    return sharing.record_third_party_copy(
        record.professional,
        record,
        extra.pop("recipient", "Dre Gagnon, pédopsychiatre, CIUSSS MCQ"),
        extra.pop("purpose", "Évaluation pédopsychiatrique demandée par la famille"),
        consent,
        **extra,
    )


@pytest.fixture(name="alice_record")
def alice_record_fixture(cast: Any) -> ProfessionalRecord:
    """The psychologist's record for Alice (15)."""
    return open_alice(cast)
