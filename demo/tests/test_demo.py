"""The demo generator: deterministic, coherent demo accounts, a roster that looks like a Quebec one."""

from __future__ import annotations

import datetime as dt
import io
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone

from core.models import Network, ReportPeriod, Role, School, SchoolYear, ServiceCentre, ServiceDomain, User
from demo import catalogue, generator, geography, names
from lib.schoolyear import age_on, age_on_september_30
from students.models import BreakGlassAccess, Caseload, Group, Guardian, GuardianLink, Student

N = 300
EMAIL = r"[a-z0-9.-]+@(exemple\.qc\.ca|courriel\.test|famille\.test|exemple\.test)"


def roster() -> list[tuple[str, str, str, dt.date, str]]:
    return list(
        Student.objects.order_by("code_permanent").values_list(
            "code_permanent", "last_name", "first_name", "birth_date", "school__ministry_code"
        )
    )


@pytest.fixture
def demo(db):
    return generator.generate(N, 42)


def account(username: str) -> User:
    return User.objects.get(username=username)


# -- pure helpers ---------------------------------------------------------------------------------------


def test_apportion_keeps_the_total_and_the_minimum():
    assert generator.apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert generator.apportion(5, [100, 1, 1], minimum=1) == [3, 1, 1]
    assert sum(generator.apportion(1234, [0.3, 2.5, 7, 1.1])) == 1234


def test_etapes_have_plausible_dates_and_weights():
    periods = generator.etapes("2026-2027")
    assert [p[3] for p in periods] == [20, 20, 60]
    (_, s1, e1, _), (_, s2, e2, _), (_, s3, e3, _) = periods
    assert s1.month == 8 and e1.month == 11 and 7 <= e1.day <= 14
    assert e2.month == 3 and 6 <= e2.day <= 13
    assert e3.month == 6 and e3.day >= 19
    assert e1 < s2 < e2 < s3 < e3
    assert all(day.weekday() < 5 for period in periods for day in period[1:3])


def test_weighted_pick_follows_the_weights():
    import random

    rng = random.Random(1)
    picks = [names.SURNAMES.pick(rng) for _ in range(20000)]
    assert picks.count("Tremblay") > picks.count("Gagnon") > picks.count("Lampron")
    assert names.letters("St-Pierre") == "STPIERRE" and names.letters("Côté") == "COTE"


def test_totp_secret_is_base32_and_derived_from_the_seed():
    secret = generator.totp_secret(42, "psychologue")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert secret == generator.totp_secret(42, "psychologue")
    assert secret != generator.totp_secret(43, "psychologue") != generator.totp_secret(42, "direction")


# -- determinism ------------------------------------------------------------------------------------------


def test_same_seed_gives_the_same_centre_and_another_seed_another(db):
    generator.generate(N, 7)
    first = roster()
    schools = list(School.objects.order_by("ministry_code").values_list("ministry_code", "name", "address"))
    generator.generate(N, 7, reset=True)
    assert roster() == first
    assert list(School.objects.order_by("ministry_code").values_list("ministry_code", "name", "address")) == (
        schools
    )
    generator.generate(N, 8, reset=True)
    other = roster()
    assert other != first
    assert len(other) == len(first) == N


# -- the centre -----------------------------------------------------------------------------------------


def test_centre_networks_schools_and_years(demo):
    centre = ServiceCentre.objects.get()
    assert centre.region == geography.REGION == "Mauricie"
    assert 3 <= Network.objects.count() <= 6
    schools = list(School.objects.all())
    assert len(schools) == max(4, round(N / 350))
    assert any(s.level == "secondary" for s in schools) and any(s.level == "primary" for s in schools)
    assert all(re.fullmatch(r"\d{6}", s.ministry_code) for s in schools)
    south, west, north, east = geography.BOUNDING_BOX
    for school in schools:
        assert school.network_id is not None
        assert re.fullmatch(r"[A-Z]\d[A-Z] \d[A-Z]\d", school.postal_code)
        assert re.fullmatch(r"\d+, .+", school.address)
        assert school.latitude is not None and school.longitude is not None
        assert south <= float(school.latitude) <= north and west <= float(school.longitude) <= east
        imse, sfr = school.imse_decile, school.sfr_decile
        assert imse is not None and sfr is not None
        assert 1 <= imse <= 10 and 1 <= sfr <= 10 and abs(imse - sfr) <= 5
    current = SchoolYear.objects.get(is_current=True)
    assert (current.label, current.start, current.end) == (
        "2026-2027",
        dt.date(2026, 7, 1),
        dt.date(2027, 6, 30),
    )
    assert SchoolYear.objects.filter(label="2025-2026", is_current=False).exists()
    for year in SchoolYear.objects.all():
        periods = list(ReportPeriod.objects.filter(school_year=year).order_by("number"))
        assert [p.weight for p in periods] == [20, 20, 60]
        assert year.start <= periods[0].start and periods[-1].end <= year.end
    assert ServiceDomain.objects.count() == 8
    assert ServiceDomain.objects.get(code="psychologie").professions == ["psychologist"]


def test_students_are_consistent_with_their_grade_group_and_school(demo):
    students = list(Student.objects.select_related("group", "school"))
    assert len(students) == N
    codes = [s.code_permanent for s in students]
    assert len(set(codes)) == N
    for student in students:
        grade = catalogue.GRADE_BY_CODE[student.grade_level]
        assert age_on_september_30(student.birth_date, "2026-2027") == grade.age + student.years_repeated
        assert student.years_repeated in (0, 1)
        assert (student.school.level == "secondary") == grade.secondary
        assert student.group is not None and student.group.school_id == student.school_id
        assert student.group.code.startswith(grade.code if not grade.secondary else grade.code[1])
        code = student.code_permanent
        assert re.fullmatch(r"[A-Z]{4}\d{8}", code)
        assert code[:3] == (names.letters(student.last_name) + "XXX")[:3]
        month = int(code[6:8])
        assert month == student.birth_date.month + (50 if student.sex == "F" else 0)
        assert code[4:6] == f"{student.birth_date.day:02d}"
        assert code[8:10] == student.birth_date.strftime("%y")
    assert 0.03 < sum(1 for s in students if s.ehdaa_code) / N < 0.25
    assert 0.02 < sum(1 for s in students if s.years_repeated) / N < 0.2
    assert Group.objects.annotate(n=Count("students")).filter(n=0).count() == 0
    assert all(g.teachers.count() == 1 for g in Group.objects.prefetch_related("teachers"))


def test_guardians_links_and_siblings(demo):
    per_student = Student.objects.annotate(n=Count("guardian_links")).values_list("n", flat=True)
    assert set(per_student) <= {1, 2}
    shared = Guardian.objects.annotate(n=Count("links")).filter(n__gt=1).count()
    assert shared > 0  # some siblings share their guardians
    for guardian in Guardian.objects.all():
        assert re.fullmatch(EMAIL, guardian.email), guardian.email
    assert set(GuardianLink.objects.values_list("relationship", flat=True)) <= {"mother", "father", "tutor"}


def test_staff_and_caseloads(demo):
    assert User.objects.filter(role=Role.PRINCIPAL).count() >= School.objects.count()
    assert User.objects.filter(role=Role.TEACHER).count() == Group.objects.count()
    assert User.objects.filter(role=Role.MANAGER).count() == 1
    assert 1 <= User.objects.filter(role=Role.COORDINATOR).count() <= 2
    assert User.objects.filter(role=Role.PRIVACY_OFFICER).count() == 1
    professions = set(User.objects.filter(role=Role.PROFESSIONAL).values_list("profession", flat=True))
    assert len(professions) == 8
    for professional in User.objects.filter(role=Role.PROFESSIONAL):
        served = professional.served_school_ids()
        assert served
        active = Caseload.objects.active().filter(professional=professional)
        assert 1 <= active.count() <= 40
        assert set(active.values_list("student__school_id", flat=True)) <= served
    # usable passwords and authenticators for the demo accounts only
    usable = sorted(u.username for u in User.objects.all() if u.has_usable_password())
    assert usable == sorted(generator.DEMO_USERNAMES)
    with_totp = sorted(Authenticator.objects.values_list("user__username", flat=True))
    assert with_totp == sorted(set(generator.DEMO_USERNAMES) - {"parent", "eleve"})


# -- demo accounts ---------------------------------------------------------------------------------------


def test_demo_accounts_see_what_their_role_allows(demo):
    psychologist, teacher, principal = account("psychologue"), account("enseignant"), account("direction")
    parent, eleve = account("parent"), account("eleve")
    own = Student.objects.get(user=eleve)
    assert own.age() >= 14
    children = Student.objects.visible_to(parent)
    assert own in children and children.count() >= 1
    assert Student.objects.visible_to(eleve).get() == own
    # the child is in the teacher's group, the principal's school, the psychologist's caseload
    assert own in Student.objects.visible_to(teacher)
    assert own in Student.objects.visible_to(principal)
    assert own in Student.objects.visible_to(psychologist)
    assert Student.objects.visible_to(psychologist).count() >= 15
    assert Student.objects.visible_to(account("orthophoniste")).count() >= 1
    group = teacher.taught_groups.get()
    assert set(Student.objects.visible_to(teacher)) == set(group.students.all())
    school = principal.schools.get()
    assert Student.objects.visible_to(principal).count() == school.students.count() > 0
    for username in ("gestion", "guichet", "prp"):
        assert Student.objects.visible_to(account(username)).count() == 0
    # a younger sibling in primary, served by the speech therapist
    sibling = children.exclude(pk=own.pk).get()
    assert sibling.grade_level.startswith("P")
    assert sibling in Student.objects.visible_to(account("orthophoniste"))


def test_demo_accounts_log_in_with_the_printed_password_and_totp(demo):
    rows = {row.username: row for row in demo.accounts}
    assert [row.username for row in demo.accounts] == list(generator.DEMO_USERNAMES)
    assert generator.existing_accounts() == demo.accounts
    for username in generator.DEMO_USERNAMES:
        user = account(username)
        assert user.check_password(generator.DEMO_PASSWORD)
        validate_password(generator.DEMO_PASSWORD, user)
        assert user.first_name and user.last_name and user.first_name != username.capitalize()
        if username in ("parent", "eleve"):
            assert rows[username].totp_secret == ""
            continue
        assert user.role in {r.value for r in Role} and user.is_staff_member
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        secret = rows[username].totp_secret
        assert secret == generator.totp_secret(42, username)
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        assert TOTP(authenticator).validate_code(code)


# -- command ------------------------------------------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_command_prints_the_accounts_and_if_empty_is_idempotent(db, settings):
    settings.MFA_TOTP_INSECURE_BYPASS_CODE = "000000"
    output = run("--students", str(N), "--seed", "3")
    for username in generator.DEMO_USERNAMES:
        assert re.search(rf"^\S.*\s{username}\s", output, re.MULTILINE), username
    assert generator.DEMO_PASSWORD in output
    assert "Code de deuxième facteur (démonstration) : 000000" in output
    before = roster()
    counts = (User.objects.count(), Caseload.objects.count(), Guardian.objects.count())
    again = run("--students", "500", "--seed", "9", "--if-empty")
    assert "existe déjà" in again and "psychologue" in again and generator.DEMO_PASSWORD in again
    assert roster() == before
    assert (User.objects.count(), Caseload.objects.count(), Guardian.objects.count()) == counts
    with pytest.raises(CommandError):
        run("--students", str(N), "--seed", "3")
    with pytest.raises(CommandError):
        run("--students", "10")


def test_reset_replaces_the_demo_and_keeps_superusers(db):
    admin = User.objects.create_superuser("admin", "admin@exemple.qc.ca", "un-mot-de-passe-solide")
    result = generator.generate(N, 5)
    student = Student.objects.order_by("pk").first()
    assert student is not None
    psychologist = account("psychologue")
    # rows that protect demo data must not stop the reset
    BreakGlassAccess.objects.create(
        user=psychologist, student=student, reason="urgence", expires_at=timezone.now(), reviewed_by=admin
    )
    counts = (Student.objects.count(), User.objects.count(), School.objects.count())
    run("--students", str(N), "--seed", "5", "--reset")
    assert (Student.objects.count(), User.objects.count(), School.objects.count()) == counts
    assert ServiceCentre.objects.count() == 1 and ServiceCentre.objects.get().pk != result.centre.pk
    assert User.objects.filter(username="admin", is_superuser=True).exists()
    generator.delete_demo()
    assert not Student.objects.exists() and not School.objects.exists() and not ServiceCentre.objects.exists()
    assert not Guardian.objects.exists() and not Group.objects.exists()
    assert list(User.objects.values_list("username", flat=True)) == ["admin"]


def test_generation_is_fast_enough(db):
    began = time.perf_counter()
    generator.generate(2000, 11)
    assert time.perf_counter() - began < 30
    assert Student.objects.count() == 2000


def test_birth_window_matches_age_on_september_30():
    start = dt.date(2026, 7, 1)
    for grade in catalogue.GRADES:
        for behind in (0, 1):
            first, days = catalogue.birth_window(grade, behind, start)
            last = first + dt.timedelta(days=days - 1)
            for day in (first, last):
                assert age_on_september_30(day, "2026-2027") == grade.age + behind
            assert age_on(first - dt.timedelta(days=1), dt.date(2026, 9, 30)) == grade.age + behind + 1
            assert age_on(last + dt.timedelta(days=1), dt.date(2026, 9, 30)) == grade.age + behind - 1
