"""What the consent tests add to the shared cast: Léo, Alice's little brother (12)."""

from __future__ import annotations

import pytest

from consents.tests.helpers import years_ago
from core.models import ServiceDomain


@pytest.fixture
def leo(cast):
    """12 years old, group 301 at des Sources, son of `parent` (parental authority), served by the
    psychologist."""
    from students.models import Caseload, GuardianLink, Student

    student = Student.objects.create(
        code_permanent="TREL14051401",
        last_name="Tremblay",
        first_name="Léo",
        birth_date=years_ago(12, days=30),
        sex="M",
        school=cast.sources,
        grade_level="S1",
        group=cast.g301,
    )
    GuardianLink.objects.create(guardian=cast.parent.guardian_profile, student=student, relationship="mother")
    Caseload.objects.create(professional=cast.psychologist, student=student)
    return student


@pytest.fixture
def psychology(db):
    return ServiceDomain.objects.get(code="psychologie")


@pytest.fixture
def speech(db):
    return ServiceDomain.objects.get(code="orthophonie")
