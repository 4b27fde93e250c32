"""The professional records of the demo centre (see demo/histories.py for the contract).

Every service episode with a first service gets the record of its professional (the mandate of its
request), opened at the first service: a few signed progress notes after it, in bland French with no
clinical detail; a draft now and then on open records; a signed correction now and then; closed records
for closed episodes (closing note, retention date from `lib.retention`); a publication into the dossier
d'aide particulière for about a third. Signatures are the SHA-256 of the canonical form the real signing
computes (`records.entry_actions.canonical_form`).

It writes what the named actions would have stored, without calling them (no audit row, no e-mail): a
few queries, then `bulk_create` (the encrypted fields encrypt in bulk too: `core.fields` encrypts in
`get_db_prep_value`, which bulk inserts call; `records/tests/test_demo.py` checks the stored bytes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable
from typing import Any, NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.models import ServiceCentre
from lib import retention
from records.models import (
    Entry,
    EntryKind,
    EntryModality,
    EntryStatus,
    ProfessionalRecord,
    Publication,
    PublicationKind,
    RecordShare,
    RecordStatus,
    RecordTransfer,
)

BATCH_SIZE = 2000
CHUNK = 5000
PUBLISHED_SHARE = 0.33
DRAFT_SHARE = 0.3
CORRECTION_SHARE = 0.1

REASONS = (
    "Demande de l'école : soutien à l'organisation du travail scolaire.",
    "Demande des parents : mieux comprendre les besoins de leur enfant en classe.",
    "Référence de l'équipe-école à la suite d'une rencontre du plan d'intervention.",
    "Soutien demandé pour faciliter la participation en classe.",
    "Évaluation des besoins de soutien à l'apprentissage.",
)
NOTES = (
    "Rencontre individuelle. L'élève a participé activement aux activités proposées.",
    "Rencontre de suivi : révision des objectifs convenus et des moyens mis en place.",
    "Séance de travail sur les stratégies convenues; progrès notés par l'élève.",
    "Échange avec l'élève sur la semaine écoulée; objectifs maintenus.",
    "Activités de pratique des stratégies vues à la rencontre précédente.",
    "Bilan intermédiaire avec l'élève; ajustement de la fréquence des rencontres.",
)
INDIRECT = (
    "Appel aux parents pour faire le point sur le suivi.",
    "Rencontre avec l'enseignant·e pour harmoniser les moyens en classe.",
)
DRAFTS = ("Notes à compléter après la rencontre.", "Brouillon : préparer le bilan de l'étape.")
CORRECTIONS = (
    "Correction : la rencontre a eu lieu en après-midi et non en avant-midi.",
    "Correction : la durée de la séance était de 45 minutes.",
)
CLOSING = (
    "Fin du suivi : objectifs atteints, relais assuré auprès de l'équipe-école.",
    "Fin du suivi à la demande de la famille; recommandations transmises.",
    "Fin de l'année scolaire : suivi terminé, dossier fermé.",
)
CONCLUSIONS = (
    "Les observations montrent des progrès dans l'organisation du travail; poursuivre les moyens en place.",
    "L'élève bénéficie d'un encadrement régulier; les moyens convenus sont adaptés à ses besoins.",
)
RECOMMENDATIONS = (
    "Prévoir du temps supplémentaire lors des évaluations et un rappel visuel des étapes de la tâche.",
    "Offrir un coin calme en classe au besoin et des consignes données une à la fois.",
    "Maintenir une communication hebdomadaire entre l'école et la famille.",
)


class Episode(NamedTuple):
    pk: int
    student: int
    professional: int
    profession: str
    mandate: str
    first: dt.datetime
    closed: dt.datetime | None


def snapshot(centre: ServiceCentre) -> list[Episode]:
    from intake.models import ServiceEpisode

    rows = (
        ServiceEpisode.objects.filter(request__student__school__centre=centre, first_service_at__isnull=False)
        .exclude(professional__profession="")
        .order_by("pk")
        .values_list(
            "pk",
            "request__student_id",
            "professional_id",
            "professional__profession",
            "request__mandate_origin",
            "first_service_at",
            "closed_at",
        )
    )
    return [
        Episode(pk, student, professional, profession, mandate, first, closed)
        for pk, student, professional, profession, mandate, first, closed in rows
        if first is not None
    ]


def guardian_names(student_ids: list[int]) -> dict[int, str]:
    from students.models import GuardianLink

    names: dict[int, str] = {}
    for start in range(0, len(student_ids), CHUNK):
        links = GuardianLink.objects.filter(
            student__in=student_ids[start : start + CHUNK], has_parental_authority=True
        ).order_by("guardian_id", "pk")
        for student, first, last in links.values_list(
            "student_id", "guardian__first_name", "guardian__last_name"
        ):
            names.setdefault(student, f"{first} {last}")
    return names


def signature(entry: Entry) -> str:
    from records.entry_actions import canonical_form

    return hashlib.sha256(canonical_form(entry, [])).hexdigest()


class Planner:
    def __init__(self, episodes: list[Episode], parents: dict[int, str], seed: int, today: dt.date) -> None:
        self.episodes = episodes
        self.parents = parents
        self.rng = random.Random(f"eleve360-demo:{seed}:records")  # noqa: S311 — fiction, not secrets
        self.today = today
        self.now = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=1), dt.time(16, 0)))
        self.records: list[ProfessionalRecord] = []
        self.entries: list[list[Entry]] = []  # per record, in order
        self.closing: list[Entry | None] = []

    def build(self) -> None:
        seen: set[tuple[int, int, str]] = set()
        for ep in self.episodes:
            key = (ep.professional, ep.student, ep.mandate)
            if ep.closed is None and key in seen:
                continue  # one open record per professional, student and mandate
            if ep.closed is None:
                seen.add(key)
            self.plan(ep)

    def plan(self, ep: Episode) -> None:
        rng = self.rng
        end = min(ep.closed or self.now, self.now)
        opened = ep.first - dt.timedelta(minutes=rng.randint(5, 90))
        record = ProfessionalRecord(
            professional_id=ep.professional,
            student_id=ep.student,
            profession=ep.profession,
            mandate_origin=ep.mandate,
            episode_id=ep.pk,
            opened_at=opened,
            opened_by_id=ep.professional,
            reasons=rng.choice(REASONS),
            parent_name=self.parents.get(ep.student, "") if ep.profession == "speech_therapist" else "",
        )
        entries: list[Entry] = []
        moment = ep.first
        count = rng.randint(2, 6)
        while len(entries) < count and moment <= end:
            kind = EntryKind.INDIRECT_SERVICE if rng.random() < 0.15 else EntryKind.PROGRESS_NOTE
            entry = Entry(
                kind=kind,
                service_date=timezone.localtime(moment).date(),
                duration_minutes=rng.choice((30, 45, 60)) if kind == EntryKind.PROGRESS_NOTE else 15,
                modality=EntryModality.IN_PERSON if kind == EntryKind.PROGRESS_NOTE else EntryModality.PHONE,
                text=rng.choice(NOTES if kind == EntryKind.PROGRESS_NOTE else INDIRECT),
                status=EntryStatus.SIGNED,
                author_id=ep.professional,
                created_at=moment,
                updated_at=moment + dt.timedelta(hours=2),
                signed_at=moment + dt.timedelta(hours=2),
            )
            entry.signature_sha256 = signature(entry)
            entries.append(entry)
            moment += dt.timedelta(days=rng.randint(6, 15))
        direct = [e.service_date for e in entries if e.kind == EntryKind.PROGRESS_NOTE]
        record.last_service_on = max(direct) if direct else None
        if ep.closed is not None:
            record.status = RecordStatus.CLOSED
            record.closed_at = max(ep.closed, opened + dt.timedelta(hours=1))
            record.closed_by_id = ep.professional
            record.closing_note = rng.choice(CLOSING)
            last = record.last_service_on or timezone.localtime(record.closed_at).date()
            record.retention_until = retention.retention_for(
                ep.profession,
                last,
                settings.RECORD_RETENTION_BY_PROFESSION,
                settings.RECORD_RETENTION_YEARS,
            )
        elif rng.random() < DRAFT_SHARE:
            day = min(self.today, timezone.localtime(moment).date())
            entries.append(
                Entry(
                    kind=EntryKind.PROGRESS_NOTE,
                    service_date=day,
                    modality=EntryModality.IN_PERSON,
                    duration_minutes=45,
                    text=rng.choice(DRAFTS),
                    status=EntryStatus.DRAFT,
                    author_id=ep.professional,
                    created_at=self.now,
                    updated_at=self.now,
                )
            )
        self.records.append(record)
        self.entries.append(entries)

    def corrections(self, saved: list[list[Entry]]) -> list[Entry]:
        """Signed corrections of some signed entries (their pks are known once saved)."""
        result = []
        for record, entries in zip(self.records, saved, strict=True):
            signed = [
                e for e in entries if e.status == EntryStatus.SIGNED and e.kind == EntryKind.PROGRESS_NOTE
            ]
            if not signed or self.rng.random() >= CORRECTION_SHARE:
                continue
            original = self.rng.choice(signed)
            at = min((original.signed_at or self.now) + dt.timedelta(days=1), self.now)
            correction = Entry(
                record_id=record.pk,
                kind=original.kind,
                service_date=original.service_date,
                duration_minutes=original.duration_minutes,
                modality=original.modality,
                text=self.rng.choice(CORRECTIONS),
                status=EntryStatus.SIGNED,
                author_id=record.professional_id,
                created_at=at,
                updated_at=at,
                signed_at=at,
                corrects_id=original.pk,
            )
            correction.signature_sha256 = signature(correction)
            result.append(correction)
        return result

    def publications(self, saved: list[list[Entry]]) -> list[Publication]:
        result = []
        pairs = list(zip(self.records, saved, strict=True))
        eligible = [
            i for i, (_r, entries) in enumerate(pairs) if any(e.status == EntryStatus.SIGNED for e in entries)
        ]
        # a fixed share of the records publishes (not a coin per record): small demos show it too
        chosen = set(self.rng.sample(eligible, min(len(eligible), round(len(pairs) * PUBLISHED_SHARE))))
        for index, (record, entries) in enumerate(pairs):
            signed = [e for e in entries if e.status == EntryStatus.SIGNED]
            if index not in chosen:
                continue
            kind = self.rng.choice((PublicationKind.CONCLUSION, PublicationKind.RECOMMENDATIONS))
            text = self.rng.choice(CONCLUSIONS if kind == PublicationKind.CONCLUSION else RECOMMENDATIONS)
            at = min((signed[-1].signed_at or self.now) + dt.timedelta(hours=1), self.now)
            result.append(
                Publication(
                    record_id=record.pk,
                    kind=kind,
                    text=text,
                    published_at=at,
                    published_by_id=record.professional_id,
                )
            )
        return result


def write_history(seed: int, log: Callable[[str], None], today: dt.date | None = None) -> dict[str, int]:
    """Plan and bulk-write the professional records of the demo centre; returns the counts to print."""
    from demo import geography

    centre = ServiceCentre.objects.filter(code=geography.CENTRE_CODE).first()
    if centre is None:
        return {}
    episodes = snapshot(centre)
    speech = sorted({e.student for e in episodes if e.profession == "speech_therapist"})
    planner = Planner(episodes, guardian_names(speech), seed, today or timezone.localdate())
    planner.build()
    with transaction.atomic():
        ProfessionalRecord.objects.bulk_create(planner.records, batch_size=BATCH_SIZE)
        flat = []
        for record, entries in zip(planner.records, planner.entries, strict=True):
            for entry in entries:
                entry.record_id = record.pk
                flat.append(entry)
        Entry.objects.bulk_create(flat, batch_size=BATCH_SIZE)
        corrections = planner.corrections(planner.entries)
        Entry.objects.bulk_create(corrections, batch_size=BATCH_SIZE)
        publications = planner.publications(planner.entries)
        Publication.objects.bulk_create(publications, batch_size=BATCH_SIZE)
    closed = sum(1 for r in planner.records if r.status == RecordStatus.CLOSED)
    log(
        f"  {len(planner.records)} dossiers professionnels ({closed} fermés), "
        f"{len(flat) + len(corrections)} entrées, {len(publications)} publications"
    )
    return {
        "dossiers professionnels": len(planner.records),
        "entrées de dossier": len(flat) + len(corrections),
        "publications au dossier d'aide particulière": len(publications),
    }


def delete_for(students: Any, users: Any) -> int:
    """The records of these students or held, opened or closed by these users, and what hangs on them
    (publications, shares, transfers, corrections before the entries they correct)."""
    from demo.generator import _delete  # removes first what other apps' rows protect (lazy: no cycle)

    records = ProfessionalRecord.objects.filter(
        Q(student__in=students) | Q(professional__in=users) | Q(opened_by__in=users) | Q(closed_by__in=users)
    )
    ids = list(records.values_list("pk", flat=True))
    deleted = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        deleted += _delete(Publication.objects.filter(record__in=chunk))
        deleted += _delete(RecordShare.objects.filter(record__in=chunk))
        deleted += _delete(RecordTransfer.objects.filter(record__in=chunk))
        deleted += _delete(Entry.objects.filter(record__in=chunk, corrects__isnull=False))
        deleted += _delete(Entry.objects.filter(record__in=chunk))
        deleted += _delete(ProfessionalRecord.objects.filter(pk__in=chunk))
    return deleted
