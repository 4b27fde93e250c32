"""Documents of the demo centre (see demo/histories.py for the contract).

About one student in forty gets the report card of the first étape in the school file, shared with the
family (the student too from 14); students with an EHDAA code get, one in three, a support-file document
(a summary of the adaptations in class), not shared. One small PDF per kind is generated once and its
bytes reused: the content is still encrypted row by row. Written in bulk, no query per student.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.utils import timezone
from fpdf import FPDF

from core.models import Role, ServiceCentre, User
from demo import geography
from documents.models import Compartment, Document, DocumentContent, DocumentKind
from lib import consent as consent_logic
from lib.document_sharing import Audience
from students.models import Student

REPORT_CARD_SHARE = 1 / 40
SUPPORT_SHARE = 1 / 3
BATCH_SIZE = 2000
FONTS = "consents/fonts"


def _pdf(title: str, lines: tuple[str, ...]) -> bytes:
    from pathlib import Path

    from django.conf import settings

    pdf = FPDF()
    pdf.add_page()
    font = Path(settings.BASE_DIR) / FONTS / "DejaVuSans.ttf"
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_font("DejaVu", size=14)
    pdf.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=11)
    for line in lines:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def write_history(seed: int, log: Callable[[str], None]) -> dict[str, int]:
    centre = ServiceCentre.objects.filter(code=geography.CENTRE_CODE).first()
    if centre is None:
        return {}
    rng = random.Random(seed + 4_040)  # noqa: S311 — demo data, not secrets
    principals: dict[int, User] = {}
    for head in User.objects.filter(centre=centre, role=Role.PRINCIPAL).prefetch_related("schools"):
        for school in head.schools.all():
            principals.setdefault(school.pk, head)
    card = _pdf(
        "Bulletin — 1re étape",
        ("Document de démonstration.", "Résultats par matière et commentaires de l'enseignant·e."),
    )
    support = _pdf(
        "Mesures d'adaptation en classe",
        ("Document de démonstration.", "Résumé des mesures convenues au plan d'intervention."),
    )
    now = timezone.now()
    rows: list[tuple[Document, bytes]] = []
    students = Student.objects.filter(school__centre=centre).values_list(
        "pk", "school_id", "ehdaa_code", "birth_date"
    )
    solo_born_by = consent_logic.born_after_for_age(timezone.localdate(), consent_logic.SOLO_CONSENT_AGE)
    for student_id, school_id, ehdaa, birth_date in students.iterator(chunk_size=BATCH_SIZE):
        found = principals.get(school_id)
        if found is None:
            continue
        principal = found
        uploaded = now - dt.timedelta(days=rng.randint(5, 60), minutes=rng.randint(0, 600))
        if rng.random() < REPORT_CARD_SHARE:
            rows.append(
                (
                    _document(
                        student_id,
                        principal,
                        Compartment.SCHOOL,
                        DocumentKind.REPORT_CARD,
                        "Bulletin de la 1re étape",
                        "bulletin-etape-1.pdf",
                        card,
                        uploaded,
                        Audience(guardians=True, student=birth_date <= solo_born_by),
                    ),
                    card,
                )
            )
        if ehdaa and rng.random() < SUPPORT_SHARE:
            rows.append(
                (
                    _document(
                        student_id,
                        principal,
                        Compartment.SUPPORT,
                        DocumentKind.OTHER,
                        "Mesures d'adaptation en classe",
                        "mesures-adaptation.pdf",
                        support,
                        uploaded,
                        Audience(),
                    ),
                    support,
                )
            )
    created = Document.objects.bulk_create([d for d, _data in rows], batch_size=BATCH_SIZE)
    DocumentContent.objects.bulk_create(
        [DocumentContent(document=d, content=data) for d, (_row, data) in zip(created, rows, strict=True)],
        batch_size=BATCH_SIZE,
    )
    log(f"  documents : {len(created)}")
    return {"documents": len(created)}


def _document(
    student_id: int,
    principal: User,
    compartment: str,
    kind: str,
    title: str,
    filename: str,
    data: bytes,
    uploaded: dt.datetime,
    reach: Audience,
) -> Document:
    return Document(
        student_id=student_id,
        compartment=compartment,
        kind=kind,
        title=title,
        filename=filename,
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=principal,
        uploaded_at=uploaded,
        shared_with_guardians=reach.guardians,
        shared_with_student=reach.student,
        shared_at=uploaded if reach.anyone else None,
        shared_by=principal if reach.anyone else None,
    )


def delete_for(students: Any, users: Any) -> int:
    documents = Document.objects.filter(
        Q(student__in=students)
        | Q(uploaded_by__in=users)
        | Q(shared_by__in=users)
        | Q(withdrawn_by__in=users)
    )
    deleted = DocumentContent.objects.filter(document__in=documents).delete()[0]
    return deleted + documents.delete()[0]
