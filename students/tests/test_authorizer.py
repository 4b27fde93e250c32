"""The authorizer and visible_to agree, and each relationship opens exactly what the domain notes say."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from students.authorizer import Reason, access_reason
from students.models import BreakGlassAccess, Caseload, GuardianLink, Student


def visible(user):
    return set(Student.objects.visible_to(user).values_list("pk", flat=True))


def test_each_role_sees_exactly_the_students_the_domain_notes_allow(cast):
    expected = {
        "psychologist": {cast.alice.pk},  # caseload only
        "speech_therapist": set(),  # a professional without caseload sees nobody
        "principal": {cast.alice.pk, cast.bruno.pk},  # own school
        "teacher": {cast.alice.pk},  # own group 301 only
        "outsider": {cast.zoe.pk},  # principal of the other school
        "parent": {cast.alice.pk},  # own child
        "student15": {cast.alice.pk},  # self
        "manager": set(),
        "coordinator": set(),
        "privacy_officer": set(),
    }
    for name, pks in expected.items():
        assert visible(getattr(cast, name)) == pks, name


def test_the_authorizer_gives_the_reason(cast):
    assert access_reason(cast.psychologist, cast.alice) == Reason.CASELOAD
    assert access_reason(cast.principal, cast.alice) == Reason.SCHOOL
    assert access_reason(cast.teacher, cast.alice) == Reason.GROUP
    assert access_reason(cast.parent, cast.alice) == Reason.GUARDIAN
    assert access_reason(cast.student15, cast.alice) == Reason.SELF


def test_the_authorizer_denies_by_default(cast, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert access_reason(AnonymousUser(), cast.alice) is None
    assert access_reason(cast.teacher, cast.bruno) is None
    assert access_reason(cast.outsider, cast.alice) is None
    assert access_reason(cast.manager, cast.alice) is None
    no_role = django_user_model.objects.create_user("sans.role", password="x")
    assert access_reason(no_role, cast.alice) is None
    assert visible(no_role) == set()


def test_an_inactive_account_sees_nothing(cast):
    cast.principal.is_active = False
    assert access_reason(cast.principal, cast.alice) is None
    assert visible(cast.principal) == set()


def test_an_ended_caseload_closes_the_file(cast):
    Caseload.objects.filter(professional=cast.psychologist).update(ended_on=dt.date.today())
    assert access_reason(cast.psychologist, cast.alice) is None
    assert visible(cast.psychologist) == set()


def test_break_glass_opens_one_file_until_it_expires(cast):
    now = timezone.now()
    access = BreakGlassAccess.objects.create(
        user=cast.speech_therapist, student=cast.zoe, reason="Urgence", expires_at=now + dt.timedelta(hours=1)
    )
    assert access_reason(cast.speech_therapist, cast.zoe) == Reason.BREAK_GLASS
    assert visible(cast.speech_therapist) == {cast.zoe.pk}
    access.expires_at = now - dt.timedelta(seconds=1)
    access.save()
    assert access_reason(cast.speech_therapist, cast.zoe) is None
    assert visible(cast.speech_therapist) == set()


def test_a_principal_serving_a_network_sees_its_schools(cast):
    cast.outsider.networks.add(cast.nord)
    assert visible(cast.outsider) == {cast.alice.pk, cast.bruno.pk, cast.zoe.pk}
    assert access_reason(cast.outsider, cast.bruno) == Reason.SCHOOL


relationships = st.fixed_dictionaries(
    {
        "caseload": st.sets(
            st.tuples(
                st.sampled_from(["psychologist", "speech_therapist"]),
                st.sampled_from(["alice", "bruno", "zoe"]),
                st.booleans(),
            )
        ),
        "teaches": st.sets(st.sampled_from(["g301", "g302"])),
        "principal_schools": st.sets(st.sampled_from(["sources", "laurent"])),
        "principal_networks": st.sets(st.sampled_from(["nord", "sud"])),
        "guardian_of": st.sets(st.sampled_from(["alice", "bruno", "zoe"])),
        "glass": st.sets(st.tuples(st.sampled_from(["alice", "bruno", "zoe"]), st.booleans())),
    }
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rel=relationships)
def test_the_authorizer_and_visible_to_always_agree(cast, rel):
    """Whatever relationships exist, a student is listed if and only if the authorizer grants access."""
    from students.models import Guardian

    with transaction.atomic():
        sid = transaction.savepoint()
        Caseload.objects.all().delete()
        for prof, student, active in rel["caseload"]:
            Caseload.objects.create(
                professional=getattr(cast, prof),
                student=getattr(cast, student),
                ended_on=None if active else dt.date.today(),
            )
        cast.teacher.taught_groups.set([getattr(cast, g) for g in rel["teaches"]])
        cast.principal.schools.set([getattr(cast, s) for s in rel["principal_schools"]])
        cast.principal.networks.set([getattr(cast, n) for n in rel["principal_networks"]])
        GuardianLink.objects.filter(guardian__user=cast.parent).delete()
        mother = Guardian.objects.get(user=cast.parent)
        for name in rel["guardian_of"]:
            GuardianLink.objects.create(guardian=mother, student=getattr(cast, name), relationship="mother")
        now = timezone.now()
        for name, active in rel["glass"]:
            BreakGlassAccess.objects.create(
                user=cast.speech_therapist,
                student=getattr(cast, name),
                reason="x",
                expires_at=now + dt.timedelta(hours=1 if active else -1),
            )
        for user in cast.users:
            listed = visible(user)
            for student in Student.objects.all():
                granted = access_reason(user, student) is not None
                assert granted == (student.pk in listed), (user.username, student.code_permanent, rel)
        transaction.savepoint_rollback(sid)
