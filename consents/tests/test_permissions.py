"""Who sees which consent and request; the predicates agree with the querysets."""

import pytest

from consents import actions
from consents.queries import consents_visible_to, requests_visible_to
from consents.tests.helpers import ask, paper, sign


@pytest.fixture
def signed(cast, leo):
    """Léo's consent signed by his mother; Alice's given alone (15); one by Alice's mother before she
    was 14 (on paper, dated two years ago); Zoé's (other school) on paper."""
    import datetime as dt

    from django.utils import timezone

    from students.models import GuardianLink

    by_parent = sign(cast.parent, ask(cast, leo))
    solo = sign(cast.student15, ask(cast, cast.alice))
    two_years_ago = timezone.localdate() - dt.timedelta(days=2 * 365 + 1)
    old = actions.record_paper_consent(
        cast.psychologist, cast.alice, paper(cast, cast.alice, signed_on=two_years_ago, scope="evaluation")
    )
    zoe_mother = _guardian("Roy", "Chantal")
    GuardianLink.objects.create(guardian=zoe_mother, student=cast.zoe, relationship="mother")
    zoe = actions.record_paper_consent(cast.outsider, cast.zoe, paper(cast, cast.zoe, guardian=zoe_mother))
    return {"leo": by_parent, "alice_solo": solo, "alice_by_parent": old, "zoe": zoe}


def _guardian(last, first):
    from students.models import Guardian

    return Guardian.objects.create(last_name=last, first_name=first)


def visible(user, signed):
    ids = set(consents_visible_to(user).values_list("pk", flat=True))
    return {name for name, consent in signed.items() if consent.pk in ids}


def test_each_person_sees_only_the_consents_within_reach(cast, signed):
    expected = {
        cast.psychologist: {"leo", "alice_solo", "alice_by_parent"},  # caseload: Léo and Alice
        cast.principal: {"leo", "alice_solo", "alice_by_parent"},  # school des Sources
        cast.teacher: {"leo", "alice_solo", "alice_by_parent"},  # group 301: status only
        cast.outsider: {"zoe"},
        cast.speech_therapist: set(),
        cast.coordinator: set(),
        cast.manager: set(),
        cast.privacy_officer: set(),
        # the mother: Léo's, and the one she signed for Alice before 14, never Alice's own
        cast.parent: {"leo", "alice_by_parent"},
        cast.student15: {"alice_solo", "alice_by_parent"},
    }
    for user, names in expected.items():
        assert visible(user, signed) == names, user.username


def test_a_guardian_cannot_see_a_consent_a_student_of_14_gave_alone(cast, signed):
    assert not consents_visible_to(cast.parent).filter(pk=signed["alice_solo"].pk).exists()
    assert not cast.parent.has_perm("consents.read_content", signed["alice_solo"])


def test_reading_the_content_is_narrower_than_seeing_the_status(cast, signed):
    leo = signed["leo"]
    for user in [cast.psychologist, cast.parent]:
        assert cast.parent.has_perm("consents.read_content", leo) and user.has_perm(
            "consents.read_content", leo
        )
    for user in [cast.teacher, cast.principal, cast.outsider, cast.coordinator, cast.student15]:
        assert not user.has_perm("consents.read_content", leo), user.username
    # whoever recorded a paper form may read it back
    assert cast.outsider.has_perm("consents.read_content", signed["zoe"])


def test_the_predicates_never_open_a_consent_the_queryset_hides(cast, signed):
    for user in cast.users:
        ids = set(consents_visible_to(user).values_list("pk", flat=True))
        for consent in signed.values():
            for perm in ("consents.read_content", "consents.revoke"):
                if user.has_perm(perm, consent):
                    assert consent.pk in ids, (user.username, perm, consent.pk)


def test_pending_requests_reach_the_person_who_signs(cast, leo):
    for_leo = ask(cast, leo)
    for_alice = ask(cast, cast.alice)

    def seen(user):
        return set(requests_visible_to(user).values_list("pk", flat=True))

    assert seen(cast.parent) == {for_leo.pk}  # Alice is 15: the request is hers, not her mother's
    assert seen(cast.student15) == {for_alice.pk}
    assert seen(cast.teacher) == {for_leo.pk, for_alice.pk}
    for user in [cast.outsider, cast.coordinator, cast.manager, cast.privacy_officer]:
        assert seen(user) == set(), user.username
    assert cast.parent.has_perm("consents.sign", for_leo)
    assert not cast.parent.has_perm("consents.sign", for_alice)
    assert cast.student15.has_perm("consents.sign", for_alice)
    assert not cast.psychologist.has_perm("consents.sign", for_leo)


def test_a_guardian_without_parental_authority_neither_receives_nor_signs(cast, leo):
    from students.models import GuardianLink

    GuardianLink.objects.filter(student=leo).update(has_parental_authority=False)
    request = ask(cast, leo)
    assert not requests_visible_to(cast.parent).filter(pk=request.pk).exists()
    assert not cast.parent.has_perm("consents.sign", request)


@pytest.mark.parametrize(
    ("who", "student", "allowed"),
    [
        ("psychologist", "alice", True),
        ("psychologist", "bruno", False),
        ("principal", "bruno", True),
        ("teacher", "alice", False),
        ("outsider", "alice", False),
        ("outsider", "zoe", True),
        ("speech_therapist", "alice", False),
        ("coordinator", "alice", False),
        ("parent", "alice", False),
        ("student15", "alice", False),
    ],
)
def test_who_prepares_requests_and_records_paper(cast, who, student, allowed):
    assert getattr(cast, who).has_perm("consents.prepare", getattr(cast, student)) is allowed
