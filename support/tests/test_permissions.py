"""The querysets and the rules agree, and each relationship opens what docs/paliers.md says."""

from __future__ import annotations

from support.models import ProgressPoint
from support.queries import (
    decisions_visible_to,
    interventions_visible_to,
    points_visible_to,
    tier_decisions_visible_to,
)


def ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_the_querysets_and_the_rules_agree_for_every_person_and_object(cast, support):
    interventions = [support.reading, support.coping, support.bruno, support.zoe]
    for user in cast.users:
        for intervention in interventions:
            listed = interventions_visible_to(user).filter(pk=intervention.pk).exists()
            assert listed == user.has_perm("support.read", intervention), (user.username, intervention.pk)
        for decision in (support.alice_tier, support.bruno_tier, support.zoe_tier):
            listed = tier_decisions_visible_to(user).filter(pk=decision.pk).exists()
            assert listed == user.has_perm("support.view_tiers", decision.student), (
                user.username,
                decision.pk,
            )


def test_each_person_sees_the_interventions_the_relationship_opens(cast, support):
    s = support
    expected = {
        "principal": {s.reading.pk, s.coping.pk, s.bruno.pk},
        "teacher": {s.reading.pk},  # Alice's group, and only the one the teacher is responsible for
        "psychologist": {s.reading.pk, s.coping.pk},  # caseload: every intervention of Alice
        "speech_therapist": set(),
        "outsider": {s.zoe.pk},
        "parent": {s.reading.pk, s.coping.pk},
        "student15": {s.reading.pk, s.coping.pk},
        "manager": set(),
        "coordinator": set(),
        "privacy_officer": set(),
    }
    for name, want in expected.items():
        user = getattr(cast, name)
        assert ids(interventions_visible_to(user)) == want, name
        assert ids(points_visible_to(user)) == ids(ProgressPoint.objects.filter(intervention__in=want)), name


def test_the_family_sees_no_tier_and_no_review_decision(cast, support):
    for user in (cast.parent, cast.student15):
        assert not tier_decisions_visible_to(user).exists()
        assert not decisions_visible_to(user).exists()
        assert user.has_perm("support.read", support.reading)
        assert not user.has_perm("support.see_notes", support.reading)
    assert ids(decisions_visible_to(cast.principal)) == {support.bruno_decision.pk}
    assert ids(decisions_visible_to(cast.outsider)) == {support.zoe_decision.pk}
    assert ids(tier_decisions_visible_to(cast.teacher)) == {support.alice_tier.pk}


def test_a_student_under_fourteen_does_not_read_their_interventions(cast, support):
    from students.models import Student
    from support.tests.helpers import days_ago

    Student.objects.filter(pk=cast.alice.pk).update(birth_date=days_ago(13 * 365))
    assert not interventions_visible_to(cast.student15).exists()
    assert not cast.student15.has_perm("support.read", support.reading)
    assert interventions_visible_to(cast.parent).exists()


def test_an_emergency_access_opens_no_support_data(cast, support):
    import datetime as dt

    from django.utils import timezone

    from students.models import BreakGlassAccess

    BreakGlassAccess.objects.create(
        user=cast.speech_therapist,
        student=cast.bruno,
        reason="Détresse signalée par l'enseignante.",
        expires_at=timezone.now() + dt.timedelta(hours=4),
    )
    assert not interventions_visible_to(cast.speech_therapist).exists()
    assert not cast.speech_therapist.has_perm("support.read", support.bruno)
    assert not cast.speech_therapist.has_perm("support.view_tiers", cast.bruno)
