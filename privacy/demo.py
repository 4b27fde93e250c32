"""The privacy officer's registers in the demo centre (see demo/histories.py for the contract).

So that the demo privacy officer (`prp`) sees working registers at first run: an emergency access and
its candidate incident, a burst of reads and a large export as candidates, a qualified incident (a
misdirected e-mail, open, risk assessed), the ministry declaration and two manual entries (DPJ, police) in
the communications register, three access requests (one a few days from its deadline, one extended, one
answered three years ago and now destructible under the schedule), and a legal hold on a student.

Rows are written directly (no audit row, no e-mail), from a seeded random stream."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.models import Role, ServiceCentre, User
from privacy.models import (
    AccessRequest,
    Communication,
    DestructionItem,
    DestructionRun,
    Detector,
    Incident,
    IncidentStatus,
    LegalBasis,
    LegalHold,
    RequestStatus,
)
from students.models import BreakGlassAccess, Caseload, GuardianLink, Student


def _centre() -> ServiceCentre | None:
    from demo import geography

    return ServiceCentre.objects.filter(code=geography.CENTRE_CODE).first()


def write_history(seed: int, log: Callable[[str], None], today: dt.date | None = None) -> dict[str, int]:
    centre = _centre()
    if centre is None:
        return {}
    officer = User.objects.filter(centre=centre, role=Role.PRIVACY_OFFICER).order_by("username").first()
    manager = User.objects.filter(centre=centre, role=Role.MANAGER).order_by("username").first()
    if officer is None or manager is None:
        return {}
    rng = random.Random(f"eleve360-demo:{seed}:privacy")  # noqa: S311 — fiction, not secrets
    now = timezone.now()
    today = today or timezone.localdate()
    students = list(
        Student.objects.filter(school__centre=centre).order_by("pk").values_list("pk", flat=True)[:4000]
    )
    if len(students) < 10:
        return {}
    with transaction.atomic():
        incidents = _incidents(rng, centre, officer, students, now, today)
        communications = _communications(rng, centre, officer, manager, students, today)
        requests = _requests(rng, centre, officer, today)
        hold_student = Student.objects.get(pk=rng.choice(students))
        LegalHold.objects.create(
            centre=centre,
            student=hold_student,
            reason="Recours devant le Tribunal administratif du Québec : conserver tout le dossier.",
            placed_by=officer,
            placed_at=now - dt.timedelta(days=40),
        )
    log(
        f"  vie privée : {incidents} signalements et incidents, {communications} communications, "
        f"{requests} demandes d'accès"
    )
    return {
        "incidents de confidentialité": incidents,
        "communications sans consentement": communications,
        "demandes d'accès": requests,
    }


def _incidents(
    rng: random.Random, centre: Any, officer: Any, students: list[int], now: dt.datetime, today: dt.date
) -> int:
    professionals = list(User.objects.filter(centre=centre, role=Role.PROFESSIONAL).order_by("username")[:50])
    prof = rng.choice(professionals)
    served = set(Caseload.objects.filter(professional=prof).values_list("student_id", flat=True))
    outside = next(s for s in rng.sample(students, len(students)) if s not in served)
    opened = now - dt.timedelta(days=3, hours=rng.randint(1, 8))
    access = BreakGlassAccess.objects.create(
        user=prof,
        student_id=outside,
        reason="Élève en crise à la récréation, parents injoignables : consulter les consignes de sécurité.",
        opened_at=opened,
        expires_at=opened + dt.timedelta(hours=24),
    )
    rows = [
        Incident(
            centre=centre,
            detector=Detector.BREAK_GLASS,
            fingerprint=str(access.pk),
            subject_user=prof,
            occurred_from=opened.date(),
            created_at=now - dt.timedelta(days=3),
            signal={
                "break_glass_id": access.pk,
                "user_id": prof.pk,
                "student_id": outside,
                "opened_at": opened.isoformat(),
                "reviewed": False,
            },
        ),
    ]
    reader = rng.choice(professionals)
    start = now - dt.timedelta(days=1, hours=2)
    rows.append(
        Incident(
            centre=centre,
            detector=Detector.MANY_STUDENTS,
            fingerprint=f"demo:{reader.pk}",
            subject_user=reader,
            occurred_from=start.date(),
            created_at=now - dt.timedelta(days=1),
            signal={
                "user_id": reader.pk,
                "start": start.isoformat(),
                "end": (start + dt.timedelta(minutes=38)).isoformat(),
                "entries": 61,
                "students": 47,
            },
        )
    )
    coordinator = User.objects.filter(centre=centre, role=Role.COORDINATOR).order_by("username").first()
    if coordinator is not None:
        rows.append(
            Incident(
                centre=centre,
                detector=Detector.LARGE_EXPORT,
                fingerprint=f"demo-export:{coordinator.pk}",
                subject_user=coordinator,
                occurred_from=today - dt.timedelta(days=2),
                created_at=now - dt.timedelta(days=2),
                signal={
                    "user_id": coordinator.pk,
                    "event": "intake_export",
                    "rows": 1240,
                    "at": (now - dt.timedelta(days=2)).isoformat(),
                },
            )
        )
    rows.append(
        Incident(
            centre=centre,
            detector=Detector.MANUAL,
            status=IncidentStatus.OPEN,
            created_by=officer,
            created_at=now - dt.timedelta(days=9),
            qualified_at=now - dt.timedelta(days=9),
            qualified_by=officer,
            information="Nom, école et date de naissance d'un élève ; date d'un rendez-vous en orthophonie.",
            circumstances="Courriel de rappel envoyé par erreur à un autre parent du même groupe.",
            occurred_from=today - dt.timedelta(days=10),
            discovered_on=today - dt.timedelta(days=9),
            persons_count=1,
            risk_sensitivity="Moyenne : l'information révèle qu'un service est reçu.",
            risk_consequences="Atteinte à la vie privée de la famille, gêne.",
            risk_likelihood="Faible : le parent destinataire a confirmé avoir supprimé le courriel.",
            serious_risk=False,
            measures=(
                "Le destinataire a supprimé le courriel ; rappel de la vérification des adresses au "
                "secrétariat."
            ),
        )
    )
    Incident.objects.bulk_create(rows)
    return len(rows)


def _communications(
    rng: random.Random, centre: Any, officer: Any, manager: Any, students: list[int], today: dt.date
) -> int:
    last_year = today.year - 1
    rows = [
        Communication(
            centre=centre,
            communicated_on=dt.date(last_year, 12, rng.randint(2, 11)),
            recipient="Ministère de l'Éducation du Québec",
            purpose=f"Déclaration annuelle des plans d'intervention actifs ({last_year - 1}-{last_year})",
            legal_basis=LegalBasis.LAW,
            legal_basis_detail="Loi sur l'instruction publique (déclaration des élèves et de leurs plans)",
            information=(
                "Code permanent, école, niveau, code EHDAA, date d'activation et de dernière révision du plan"
            ),
            persons_count=rng.randint(180, 320),
            source="plans_declaration",
            recorded_by=manager,
        ),
        Communication(
            centre=centre,
            communicated_on=today - dt.timedelta(days=rng.randint(15, 40)),
            recipient="Directeur de la protection de la jeunesse de la Mauricie–Centre-du-Québec",
            purpose="Signalement d'une situation de compromission",
            legal_basis=LegalBasis.YOUTH_PROTECTION,
            information="Identité de l'élève, coordonnées des parents, faits observés à l'école",
            student_id=rng.choice(students),
            recorded_by=officer,
        ),
        Communication(
            centre=centre,
            communicated_on=today - dt.timedelta(days=rng.randint(50, 90)),
            recipient="Service de police de Trois-Rivières",
            purpose="Enquête sur des menaces proférées en ligne",
            legal_basis=LegalBasis.PROSECUTION,
            information="Nom, groupe et horaire de l'élève visé",
            student_id=rng.choice(students),
            recorded_by=officer,
        ),
    ]
    Communication.objects.bulk_create(rows)
    return len(rows)


def _requests(rng: random.Random, centre: Any, officer: Any, today: dt.date) -> int:
    parent = User.objects.filter(username="parent", role=Role.GUARDIAN).first()
    links = GuardianLink.objects.filter(student__school__centre=centre, has_parental_authority=True)
    link = (
        links.filter(guardian__user=parent).select_related("student", "guardian").first() if parent else None
    )
    others = list(links.select_related("student", "guardian").order_by("pk")[:200])
    rows = []
    if link is not None:
        rows.append(
            AccessRequest(
                centre=centre,
                student=link.student,
                requester_user=parent,
                requester_capacity="guardian",
                requester_name=f"{link.guardian.first_name} {link.guardian.last_name}",
                received_on=today - dt.timedelta(days=17),
                status=RequestStatus.RECEIVED,
                details="Copie de tout le dossier de mon enfant, y compris les rapports des professionnels.",
                created_by=officer,
            )
        )
    first, second = rng.sample(others, 2)
    rows.append(
        AccessRequest(
            centre=centre,
            student=first.student,
            requester_capacity="guardian",
            requester_name=f"{first.guardian.first_name} {first.guardian.last_name}",
            received_on=today - dt.timedelta(days=24),
            extended=True,
            extension_notice_on=today - dt.timedelta(days=6),
            status=RequestStatus.IN_PROGRESS,
            details="Demande de copie des évaluations en orthophonie.",
            created_by=officer,
        )
    )
    rows.append(
        AccessRequest(
            centre=centre,
            student=second.student,
            requester_capacity="guardian",
            requester_name=f"{second.guardian.first_name} {second.guardian.last_name}",
            received_on=today - dt.timedelta(days=3 * 365 + 20),
            status=RequestStatus.ANSWERED,
            answered_on=today - dt.timedelta(days=3 * 365 + 5),
            decision="granted",
            created_by=officer,
        )
    )
    AccessRequest.objects.bulk_create(rows)
    return len(rows)


def delete_for(students: Any, users: Any) -> int:
    """The privacy rows of these students or written by these users (a demo reset)."""
    deleted = 0
    runs = DestructionRun.objects.filter(
        Q(prepared_by__in=users) | Q(approved_by__in=users) | Q(cancelled_by__in=users)
    )
    deleted += DestructionItem.objects.filter(run__in=runs).delete()[0]
    deleted += runs.delete()[0]
    for model, q in (
        (LegalHold, Q(student__in=students) | Q(placed_by__in=users) | Q(released_by__in=users)),
        (AccessRequest, Q(student__in=students) | Q(created_by__in=users)),
        (Communication, Q(student__in=students) | Q(recorded_by__in=users)),
        (
            Incident,
            Q(subject_user__in=users) | Q(created_by__in=users) | Q(centre__in=_centres(students, users)),
        ),
    ):
        deleted += model.objects.filter(q).delete()[0]
    return deleted


def _centres(students: Any, users: Any) -> Any:
    return ServiceCentre.objects.filter(Q(schools__students__in=students) | Q(staff__in=users)).values("pk")
