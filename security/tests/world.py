"""One object of every kind the URLs name, twice: `own` for Alice (des Sources, the cast's side) and `other`
for Zoé (École Saint-Laurent, another school and another family), or for another service centre where the
object belongs to a centre (the privacy officer's registers). Built with the apps' own actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from conftest import make_user
from core.models import Role, ServiceCentre, ServiceDomain


@dataclass
class Sample:
    own: Any
    other: Any


def _intake(cast: Any, student: Any, filer: Any) -> Any:
    from intake import actions
    from security.tests.conftest import make_request_data

    domain = ServiceDomain.objects.get(code="psychologie")
    return actions.file_request(filer, student, [domain], make_request_data())[0]


def _records(cast: Any, student: Any, professional: Any, guardian: Any = None) -> SimpleNamespace:
    from records import actions
    from records.attachments import add_attachment
    from records.entry_actions import create_entry, sign_entry
    from records.publishing import publish
    from records.tests.core_helpers import give_consent, share_with

    give_consent(cast, student, **({"guardian": guardian} if guardian else {}))
    record = actions.open_record(
        professional, student, mandate_origin="school", reasons="Anxiété de performance signalée."
    )
    today = timezone.localdate()
    entry = create_entry(
        professional, record, kind="progress_note", service_date=today, text="Note de suivi."
    )
    attachment = add_attachment(professional, entry, filename="notes.txt", data=b"Observations en classe.\n")
    signed = sign_entry(
        professional,
        create_entry(professional, record, kind="progress_note", service_date=today, text="Note signee."),
    )
    publication = publish(professional, record, "conclusion", "Résumé des services pour la famille.")
    extra = {"guardian": guardian} if guardian else {}
    sharing = give_consent(
        cast, student, scope="sharing", shared_with="Collègue", shared_what="Dossier", **extra
    )
    share = share_with(
        cast,
        record,
        consent=sharing,
        user=make_user(
            f"col.{student.pk}",
            Role.PROFESSIONAL,
            profession="psychoeducator",
            centre=cast.centre,
            schools=[student.school],
        ),
    )
    return SimpleNamespace(
        record=record, entry=entry, signed=signed, attachment=attachment, publication=publication, share=share
    )


def _plan(cast: Any, student: Any, principal: Any, member: Any) -> SimpleNamespace:
    from plans import actions
    from plans.actions_content import add_participant

    plan = actions.open_plan(principal, student)
    plan = actions.update_analysis(principal, plan, strengths="Curieuse.", difficulties="Lecture lente.")
    need = actions.add_need(principal, plan, "Améliorer la fluidité en lecture.")
    objective = actions.add_objective(
        principal,
        plan,
        actions.ObjectiveData(
            text="Lire 150 mots en 2 minutes.",
            indicator="Mots par minute.",
            target="75 mots par minute.",
            due_on=timezone.localdate() + dt.timedelta(days=90),
            need=need,
        ),
    )
    means = actions.add_means(
        principal,
        plan,
        actions.MeansData(
            objective=objective, what="Lecture répétée.", responsible=principal, frequency="Chaque matin"
        ),
    )
    participant = add_participant(principal, plan, kind="staff", role_in_plan="Intervenant", person=member)
    return SimpleNamespace(plan=plan, need=need, objective=objective, means=means, participant=participant)


def _document(cast: Any, student: Any, uploader: Any) -> Any:
    from documents.tests.helpers import upload

    return upload(uploader, student, share=True)


def _consent_request(cast: Any, student: Any, professional: Any) -> Any:
    from consents.tests.helpers import ask

    return ask(cast, student, user=professional)


def _privacy(officer: Any, student: Any, requester: Any) -> SimpleNamespace:
    from privacy import actions, actions_incidents, actions_requests
    from privacy.models import Incident
    from privacy.tests.test_incidents import qualified_entry

    today = timezone.localdate()
    incident = actions_incidents.declare_incident(officer, qualified_entry())
    request = actions_requests.register_request(
        officer,
        actions_requests.RequestData(
            student=student,
            requester_name="Isabelle Tremblay",
            requester_capacity="guardian",
            received_on=today - dt.timedelta(days=3),
            requester_user=requester,
        ),
    )
    hold = actions.place_hold(officer, reason="Litige en cours avec la famille", student=student)
    from privacy.models import DestructionRun

    run = DestructionRun.objects.create(centre=officer.centre, as_of=today, prepared_by=officer)
    assert isinstance(incident, Incident)
    return SimpleNamespace(incident=incident, request=request, hold=hold, run=run)


def build(cast: Any) -> dict[str, Sample]:
    from support import actions as support_actions
    from support.tests.helpers import start, with_points

    zack = make_user(
        "zack.psy", Role.PROFESSIONAL, profession="psychologist", centre=cast.centre, schools=[cast.laurent]
    )
    from students.models import Caseload

    Caseload.objects.create(professional=zack, student=cast.zoe)
    from students.models import Guardian, GuardianLink

    other_parent = make_user("marc.roy", Role.GUARDIAN)
    roy = Guardian.objects.create(
        last_name="Roy", first_name="Marc", email="marc@exemple.qc.ca", user=other_parent
    )
    GuardianLink.objects.create(guardian=roy, student=cast.zoe, relationship="father")
    cast.zack = zack
    own_r, other_r = _records(cast, cast.alice, cast.psychologist), _records(cast, cast.zoe, zack, roy)
    own_p, other_p = (
        _plan(cast, cast.alice, cast.principal, cast.psychologist),
        _plan(cast, cast.zoe, cast.outsider, zack),
    )
    own_i = with_points(
        cast.psychologist, start(cast.principal, cast.alice, cast.psychologist, started_days_ago=14), [6, 5]
    )
    other_i = with_points(
        cast.outsider, start(cast.outsider, cast.zoe, cast.outsider, started_days_ago=21), [30, 33]
    )
    support_actions.record_tier_decision(cast.principal, cast.alice, 2, "Lecture lente, absences.")
    other_tier = support_actions.record_tier_decision(cast.outsider, cast.zoe, 2, "Retard en mathématiques.")
    own_tier = support_actions.record_tier_decision(cast.principal, cast.alice, 2, "Toujours au palier 2.")
    centre = ServiceCentre.objects.create(name="CSS du Fleuve", code="CSS-AUTRE", region="Capitale-Nationale")
    far_officer = make_user("rose.prp", Role.PRIVACY_OFFICER, centre=centre)
    own_priv = _privacy(cast.privacy_officer, cast.alice, cast.parent)
    from privacy import actions_incidents
    from privacy.models import DestructionRun
    from privacy.tests.test_incidents import qualified_entry

    far_incident = actions_incidents.declare_incident(far_officer, qualified_entry())
    far_run = DestructionRun.objects.create(
        centre=centre, as_of=timezone.localdate(), prepared_by=far_officer
    )
    samples = {
        "student": Sample(cast.alice, cast.zoe),
        "service_request": Sample(
            _intake(cast, cast.alice, cast.teacher), _intake(cast, cast.zoe, cast.outsider)
        ),
        "consent_request": Sample(
            _consent_request(cast, cast.alice, cast.psychologist), _consent_request(cast, cast.zoe, zack)
        ),
        "record": Sample(own_r.record, other_r.record),
        "entry": Sample(own_r.entry, other_r.entry),
        "signed_entry": Sample(own_r.signed, other_r.signed),
        "attachment": Sample(own_r.attachment, other_r.attachment),
        "publication": Sample(own_r.publication, other_r.publication),
        "share": Sample(own_r.share, other_r.share),
        "professional": Sample(cast.psychologist, zack),
        "plan": Sample(own_p.plan, other_p.plan),
        "need": Sample(own_p.need, other_p.need),
        "objective": Sample(own_p.objective, other_p.objective),
        "means": Sample(own_p.means, other_p.means),
        "participant": Sample(own_p.participant, other_p.participant),
        "document": Sample(_document(cast, cast.alice, cast.psychologist), _document(cast, cast.zoe, zack)),
        "intervention": Sample(own_i, other_i),
        "tier": Sample(own_tier, other_tier),
        "incident": Sample(own_priv.incident, far_incident),
        "access_request": Sample(own_priv.request, None),
        "hold": Sample(own_priv.hold, None),
        "run": Sample(own_priv.run, far_run),
    }
    from consents.models import Consent

    samples["consent"] = Sample(
        Consent.objects.filter(student=cast.alice).first(), Consent.objects.filter(student=cast.zoe).first()
    )
    samples["waiting_list"] = Sample(
        (ServiceDomain.objects.get(code="psychologie"), cast.nord),
        (ServiceDomain.objects.get(code="psychologie"), cast.sud),
    )
    cast.far_officer = far_officer
    from security.tests import world_apps

    samples |= world_apps.build(cast, Sample, roy)
    return samples
