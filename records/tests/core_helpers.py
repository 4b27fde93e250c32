"""Helpers of the record tests (core part): consents, records, entries, shares and emergency accesses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from conftest import make_user
from consents import actions as consent_actions
from consents.tests.helpers import paper
from core.models import Role
from records import actions
from records.models import Entry, ProfessionalRecord, RecordShare, ShareKind

NOTE = "Rencontre avec Alice : anxiété avant les examens, stratégies de respiration revues."


def give_consent(cast: Any, student: Any = None, scope: str = "services", **extra: Any) -> Any:
    """A consent signed on paper (by the student from 14, else by the mother), recorded by the principal."""
    student = student or cast.alice
    recorder = cast.principal if student.school_id == cast.sources.pk else cast.outsider
    kind = "student" if student.age() >= 14 else "guardian"
    return consent_actions.record_paper_consent(
        recorder, student, paper(cast, student, signer_kind=kind, scope=scope, **extra)
    )


def open_alice(cast: Any, **extra: Any) -> ProfessionalRecord:
    """The psychologist's record for Alice (a services consent is given first)."""
    give_consent(cast)
    data = {"mandate_origin": "school", "reasons": "Anxiété de performance signalée par l'enseignant."}
    return actions.open_record(cast.psychologist, cast.alice, **(data | extra))


def draft(cast: Any, record: ProfessionalRecord, text: str = NOTE, **extra: Any) -> Entry:
    data = {"kind": "progress_note", "service_date": timezone.localdate(), "text": text} | extra
    return actions.create_entry(record.professional, record, **data)


def signed(cast: Any, record: ProfessionalRecord, text: str = NOTE, **extra: Any) -> Entry:
    return actions.sign_entry(record.professional, draft(cast, record, text, **extra))


def colleague(
    cast: Any, username: str = "lea.psyed", *, school: Any = None, profession: str = "psychoeducator"
) -> Any:
    return make_user(
        username,
        Role.PROFESSIONAL,
        profession=profession,
        centre=cast.centre,
        schools=[school or cast.sources],
    )


def share_with(cast: Any, record: ProfessionalRecord, user: Any, **extra: Any) -> RecordShare:
    """An active share of the record with a professional, under Alice's sharing consent."""
    consent = extra.pop("consent", None) or give_consent(
        cast, record.student, scope="sharing", shared_with=str(user), shared_what="Dossier de psychologie"
    )
    today = timezone.localdate()
    data = {
        "record": record,
        "kind": ShareKind.PROFESSIONAL,
        "with_professional": user,
        "consent": consent,
        "authorised_on": today,
        "available_from": today,
        "created_by": record.professional,
    } | extra
    return RecordShare.objects.create(**data)


def break_glass(user: Any, student: Any, *, hours: int = 4) -> Any:
    from students.models import BreakGlassAccess

    return BreakGlassAccess.objects.create(
        user=user, student=student, reason="Urgence", expires_at=timezone.now() + dt.timedelta(hours=hours)
    )
