"""Who sees a plan: the queryset and the rules agree for every person of the cast, and each denial holds."""

import datetime as dt

import pytest

from plans.queries import means_visible_to, plans_visible_to
from plans.rules import plan_reason
from plans.tests.helpers import active, opened
from students.models import Caseload


@pytest.fixture
def plans(cast):
    return {"alice": active(cast), "bruno_draft": opened(cast, cast.bruno), "zoe": _zoe(cast)}


def _zoe(cast):
    from plans import actions

    return actions.open_plan(cast.outsider, cast.zoe)  # the principal of Saint-Laurent


def test_the_queryset_and_the_rules_agree_for_everyone(cast, plans):
    for user in cast.users:
        visible = set(plans_visible_to(user).values_list("pk", flat=True))
        for plan in plans.values():
            assert (plan.pk in visible) == (plan_reason(user, plan) is not None), (user.username, plan.pk)


def test_the_principal_sees_the_plans_of_own_schools_only(cast, plans):
    visible = set(plans_visible_to(cast.principal))
    assert visible == {plans["alice"], plans["bruno_draft"]}
    assert set(plans_visible_to(cast.outsider)) == {plans["zoe"]}  # the principal of Saint-Laurent
    assert plan_reason(cast.principal, plans["zoe"]) is None


def test_teachers_see_their_groups_plans_and_professionals_their_caseload(cast, plans):
    assert set(plans_visible_to(cast.teacher)) == {plans["alice"]}
    assert set(plans_visible_to(cast.psychologist)) == {plans["alice"]}
    assert set(plans_visible_to(cast.speech_therapist)) == set()


def test_an_ended_caseload_or_an_emergency_access_gives_no_plan(cast, plans):
    from django.utils import timezone

    from students.models import BreakGlassAccess

    Caseload.objects.filter(professional=cast.psychologist).update(ended_on=timezone.localdate())
    assert not plans_visible_to(cast.psychologist).exists()
    BreakGlassAccess.objects.create(
        user=cast.speech_therapist,
        student=cast.alice,
        reason="Urgence",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    assert not plans_visible_to(cast.speech_therapist).exists()
    assert plan_reason(cast.speech_therapist, plans["alice"]) is None


def test_the_family_sees_a_plan_once_it_is_shown_to_them(cast, plans):
    assert set(plans_visible_to(cast.parent)) == {plans["alice"]}
    assert set(plans_visible_to(cast.student15)) == {plans["alice"]}
    from plans.models import InterventionPlan

    InterventionPlan.objects.filter(pk=plans["alice"].pk).update(shared_at=None)
    assert not plans_visible_to(cast.parent).exists()
    assert not plans_visible_to(cast.student15).exists()


def test_a_student_under_14_does_not_see_their_plan(cast, plans):
    from plans.tests.helpers import refresh

    cast.alice.birth_date = dt.date.today().replace(year=dt.date.today().year - 13)
    cast.alice.save()
    assert not plans_visible_to(cast.student15).exists()
    assert plan_reason(cast.student15, refresh(plans["alice"])) is None
    assert plans_visible_to(cast.parent).exists()  # the parents still do


def test_manager_coordinator_privacy_officer_and_outsider_see_no_plan_of_des_sources(cast, plans):
    for user in (cast.manager, cast.coordinator, cast.privacy_officer):
        assert not plans_visible_to(user).exists(), user.username
        assert all(plan_reason(user, p) is None for p in plans.values())
    assert plan_reason(cast.outsider, plans["alice"]) is None
    assert plan_reason(cast.outsider, plans["bruno_draft"]) is None


def test_teachers_and_professionals_see_only_the_means_that_concern_them(cast, plans):
    plan = plans["alice"]
    assert means_visible_to(cast.principal, plan).count() == 2
    assert means_visible_to(cast.parent, plan).count() == 2
    assert means_visible_to(cast.student15, plan).count() == 2
    mine = means_visible_to(cast.teacher, plan)
    assert [m.responsible for m in mine] == [cast.teacher]
    assert not means_visible_to(cast.psychologist, plan).exists()
    assert not means_visible_to(cast.outsider, plan).exists()


def test_only_staff_see_the_contacts_and_only_the_principal_runs_the_plan(cast, plans):
    plan = plans["alice"]
    for user in (cast.principal, cast.teacher, cast.psychologist):
        assert user.has_perm("plans.see_contacts", plan)
        assert user.has_perm("plans.log_contact", plan)
    for user in (cast.parent, cast.student15, cast.outsider, cast.manager):
        assert not user.has_perm("plans.see_contacts", plan)
    assert cast.principal.has_perm("plans.run", plan)
    for user in (cast.teacher, cast.psychologist, cast.parent, cast.outsider, cast.manager):
        assert not user.has_perm("plans.run", plan)


def test_only_principals_and_the_manager_export(cast):
    assert cast.principal.has_perm("plans.export") and cast.manager.has_perm("plans.export")
    for user in (
        cast.teacher,
        cast.psychologist,
        cast.coordinator,
        cast.privacy_officer,
        cast.parent,
        cast.student15,
    ):
        assert not user.has_perm("plans.export")
