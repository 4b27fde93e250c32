"""The named test cast shared by every test (style.md §6)."""

from __future__ import annotations

import datetime as dt
import os
from types import SimpleNamespace

import pytest

os.environ.setdefault("ELEVE360_ENV", "test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# No outbound connection at run time: only loopback (database, cache, mail, live server) is reachable.
from security import netguard

netguard.install()

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "mot-de-passe-de-test-2026"


def make_user(username: str, role: str, *, profession: str = "", centre=None, schools=(), email: str = ""):
    from allauth.mfa.totp.internal.auth import TOTP

    from core.models import STAFF_ROLES, User

    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=email or f"{username}@exemple.qc.ca",
        first_name=username.split(".")[0].capitalize(),
        last_name="Test",
        role=role,
        profession=profession,
        centre=centre,
    )
    if schools:
        user.schools.set(schools)
    if role in STAFF_ROLES:
        TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def cast(db):
    """A small service centre and its people.

    École secondaire des Sources (network Nord): group 301 taught by `teacher`; `alice` (15, group 301,
    has her own account `student15`), `bruno` (group 302). École Saint-Laurent (network Sud): `zoe`.
    `psychologist` serves alice; `speech_therapist` serves nobody; `principal` runs des Sources;
    `outsider` is the principal of Saint-Laurent; `parent` is alice's mother.
    """
    from core.domains import ensure_default_domains
    from core.models import Network, Role, School, SchoolYear, ServiceCentre, ServiceDomain
    from students.models import Caseload, Group, Guardian, GuardianLink, Student

    # A data migration creates the service domains; a live-server test flushes the tables after it,
    # so the next test puts them back (a no-op when they are there).
    ensure_default_domains(ServiceDomain)

    centre = ServiceCentre.objects.create(name="CSS des Rivières", code="CSS-TEST", region="Mauricie")
    nord = Network.objects.create(centre=centre, name="Réseau Nord")
    sud = Network.objects.create(centre=centre, name="Réseau Sud")
    sources = School.objects.create(
        centre=centre,
        network=nord,
        ministry_code="751001",
        name="École secondaire des Sources",
        address="1200, rue des Sources",
        city="Trois-Rivières",
        region="Mauricie",
        level="secondary",
        imse_decile=8,
        sfr_decile=7,
    )
    laurent = School.objects.create(
        centre=centre,
        network=sud,
        ministry_code="751002",
        name="École Saint-Laurent",
        address="45, rue Notre-Dame",
        city="Shawinigan",
        region="Mauricie",
        level="primary",
        imse_decile=4,
    )
    year = SchoolYear.objects.create(
        centre=centre, label="2026-2027", start=dt.date(2026, 7, 1), end=dt.date(2027, 6, 30), is_current=True
    )
    g301 = Group.objects.create(school=sources, school_year=year, code="301")
    g302 = Group.objects.create(school=sources, school_year=year, code="302")
    glaurent = Group.objects.create(school=laurent, school_year=year, code="501")

    people = SimpleNamespace(
        centre=centre, nord=nord, sud=sud, sources=sources, laurent=laurent, year=year, g301=g301, g302=g302
    )
    people.psychologist = make_user(
        "marie.psy", Role.PROFESSIONAL, profession="psychologist", centre=centre, schools=[sources]
    )
    people.speech_therapist = make_user(
        "luc.ortho", Role.PROFESSIONAL, profession="speech_therapist", centre=centre, schools=[sources]
    )
    people.principal = make_user("sophie.direction", Role.PRINCIPAL, centre=centre, schools=[sources])
    people.teacher = make_user("paul.enseignant", Role.TEACHER, centre=centre, schools=[sources])
    people.outsider = make_user("jean.ailleurs", Role.PRINCIPAL, centre=centre, schools=[laurent])
    people.privacy_officer = make_user("nadia.prp", Role.PRIVACY_OFFICER, centre=centre)
    people.manager = make_user("julie.gestion", Role.MANAGER, centre=centre)
    people.coordinator = make_user("marc.guichet", Role.COORDINATOR, centre=centre)
    people.parent = make_user("isabelle.parent", Role.GUARDIAN)
    people.student15 = make_user("alice.eleve", Role.STUDENT)
    g301.teachers.add(people.teacher)

    today = dt.date.today()
    people.alice = Student.objects.create(
        code_permanent="TREA11561101",
        last_name="Tremblay",
        first_name="Alice",
        birth_date=dt.date(today.year - 15, 1, 15),
        sex="F",
        school=sources,
        grade_level="S3",
        group=g301,
        user=people.student15,
        health_alert="Allergie sévère aux arachides — auto-injecteur dans le sac",
    )
    people.bruno = Student.objects.create(
        code_permanent="GAGB12071102",
        last_name="Gagnon",
        first_name="Bruno",
        birth_date=dt.date(today.year - 14, 7, 12),
        sex="M",
        school=sources,
        grade_level="S3",
        group=g302,
    )
    people.zoe = Student.objects.create(
        code_permanent="ROYZ55031503",
        last_name="Roy",
        first_name="Zoé",
        birth_date=dt.date(today.year - 10, 3, 15),
        sex="F",
        school=laurent,
        grade_level="P5",
        group=glaurent,
    )
    mother = Guardian.objects.create(
        last_name="Tremblay", first_name="Isabelle", email="isabelle@exemple.qc.ca", user=people.parent
    )
    GuardianLink.objects.create(guardian=mother, student=people.alice, relationship="mother")
    Caseload.objects.create(professional=people.psychologist, student=people.alice)
    people.students = [people.alice, people.bruno, people.zoe]
    people.users = [
        people.psychologist,
        people.speech_therapist,
        people.principal,
        people.teacher,
        people.outsider,
        people.privacy_officer,
        people.manager,
        people.coordinator,
        people.parent,
        people.student15,
    ]
    return people


@pytest.fixture
def leo(cast):
    """Léo, Alice's little brother: 12, group 301 at des Sources, son of `parent` (parental authority),
    served by the psychologist. Before 14, his mother consents for him."""
    from consents.tests.helpers import years_ago
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
