"""The authorization matrix of appointments, slots and feeds, generated: every person of the cast ×
object × action, over the pages and the permission layer.

The policy is written once, below, as a set {(role, relationship, object kind, action)} of what is
allowed; everything absent is denied. The relationship says how the person stands towards the object;
it is declared here from the fixture, not computed by the code under test. Each (person, object) is one
test that tries every action of that kind, reads first, then the changes: an allowed action must work, a
denied one must answer 403 or 404 (or leave the object out of a list) and change nothing.

Objects: `leo_school` (Léo, 12, at des Sources, room 204, the speech therapist's; his mother and the
teacher of group 301 invited), `leo_tele` (Léo, telepractice, his mother invited), `booked` (Léo, booked
by his mother on the speech therapist's slot), `alice` (Alice, 15, at des Sources, the psychologist's,
nobody invited), `zoe` (Zoé at Saint-Laurent, the psychologist's); slots `speech_slot` and `psy_slot`
(free, published); feeds `speech_feed` and `psy_feed`.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from scheduling import actions, booking_actions, feeds
from scheduling.models import Appointment, BookableSlot, CalendarFeed, Status
from scheduling.queries import appointments_visible_to, slots_visible_to
from scheduling.tests.conftest import consent, episode_for

ROLE = {
    "psychologist": "professional",
    "speech_therapist": "professional",
    "principal": "principal",
    "teacher": "teacher",
    "outsider": "principal",
    "parent": "guardian",
    "student15": "student",
    "coordinator": "coordinator",
    "manager": "manager",
    "privacy_officer": "privacy_officer",
}
NOBODY = ("coordinator", "manager", "privacy_officer")
RELATIONSHIP: dict[str, dict[str, str]] = {
    "leo_school": {
        "speech_therapist": "participant",
        "psychologist": "same_school",
        "principal": "place_school",
        "teacher": "invited",
        "outsider": "other_school",
        "parent": "invited_parent_of_under_14",
        "student15": "sibling",
    },
    "leo_tele": {
        "speech_therapist": "participant",
        "psychologist": "same_school",
        "principal": "student_school_remote",
        "teacher": "not_invited",
        "outsider": "other_school",
        "parent": "invited_parent_of_under_14",
        "student15": "sibling",
    },
    "booked": {
        "speech_therapist": "participant",
        "psychologist": "same_school",
        "principal": "student_school_remote",
        "teacher": "not_invited",
        "outsider": "other_school",
        "parent": "booking_parent_of_under_14",
        "student15": "sibling",
    },
    "alice": {
        "psychologist": "participant",
        "speech_therapist": "same_school",
        "principal": "place_school",
        "teacher": "not_invited",
        "outsider": "other_school",
        "parent": "parent_of_14_plus",
        "student15": "self_14_plus",
    },
    "zoe": {
        "psychologist": "participant",
        "speech_therapist": "other_school",
        "principal": "other_school",
        "teacher": "other_school",
        "outsider": "place_school",
        "parent": "none",
        "student15": "none",
    },
    "speech_slot": {
        "speech_therapist": "owner",
        "psychologist": "colleague",
        "parent": "parent_of_served_under_14",
        "student15": "not_served_by_owner",
    },
    "psy_slot": {
        "psychologist": "owner",
        "speech_therapist": "colleague",
        "parent": "parent_of_served_14_plus",
        "student15": "served_14_plus",
    },
    "speech_feed": {"speech_therapist": "owner", "psychologist": "colleague"},
    "psy_feed": {"psychologist": "owner", "speech_therapist": "colleague"},
}
KIND = {
    "leo_school": "appointment",
    "alice": "appointment",
    "zoe": "appointment",
    "leo_tele": "telepractice",
    "booked": "booked",
    "speech_slot": "slot",
    "psy_slot": "slot",
    "speech_feed": "feed",
    "psy_feed": "feed",
}
APPOINTMENT_ACTIONS = ("list", "read", "see_link", "manage")
ACTIONS = {
    "appointment": APPOINTMENT_ACTIONS,
    "telepractice": APPOINTMENT_ACTIONS,
    "booked": (*APPOINTMENT_ACTIONS, "family_change"),
    "slot": ("see", "book", "withdraw"),
    "feed": ("page", "revoke"),
}
READERS = {
    ("professional", "participant"),
    ("principal", "place_school"),
    ("teacher", "invited"),
    ("guardian", "invited_parent_of_under_14"),
    ("guardian", "booking_parent_of_under_14"),
    ("student", "self_14_plus"),
}
LINK = {
    ("professional", "participant"),
    ("guardian", "invited_parent_of_under_14"),
    ("guardian", "booking_parent_of_under_14"),
}
ALLOWED: set[tuple[str, str, str, str]] = {
    *{
        (r, rel, k, a)
        for r, rel in READERS
        for k in ("appointment", "telepractice", "booked")
        for a in ("list", "read")
    },
    *{(r, rel, k, "see_link") for r, rel in LINK for k in ("telepractice", "booked")},
    *{("professional", "participant", k, "manage") for k in ("appointment", "telepractice", "booked")},
    ("guardian", "booking_parent_of_under_14", "booked", "family_change"),
    ("professional", "owner", "slot", "see"),
    ("professional", "owner", "slot", "withdraw"),
    ("guardian", "parent_of_served_under_14", "slot", "see"),
    ("guardian", "parent_of_served_under_14", "slot", "book"),
    ("student", "served_14_plus", "slot", "see"),
    ("student", "served_14_plus", "slot", "book"),
    ("professional", "owner", "feed", "page"),
    ("professional", "owner", "feed", "revoke"),
}
CASES = [(p, o, a) for p, o in itertools.product(ROLE, RELATIONSHIP) for a in ACTIONS[KIND[o]]]


def relationship(person: str, name: str) -> str:
    return RELATIONSHIP[name].get(person, "none")


def expected(person: str, name: str, action: str) -> bool:
    return (ROLE[person], relationship(person, name), KIND[name], action) in ALLOWED


def test_the_matrix_covers_every_person_object_and_action():
    allowed = sum(expected(*case) for case in CASES)
    print(
        f"\nmatrice des rendez-vous : {len(CASES)} cas, {allowed} autorisés, {len(CASES) - allowed} refusés"
    )
    assert len(CASES) == len(ROLE) * sum(len(ACTIONS[KIND[o]]) for o in RELATIONSHIP)
    used = {relationship(p, o) for p, o in itertools.product(ROLE, RELATIONSHIP)}
    assert {rel for _r, rel, _k, _a in ALLOWED} <= used
    assert allowed > 30 and len(CASES) - allowed > 200


@pytest.fixture
def objects(cast, sched):
    monday = sched.monday
    consent(cast, sched.leo)
    alice_episode = sched.alice_episode
    zoe_episode = episode_for(cast, cast.psychologist, cast.zoe, domain="psychologie")

    def plan(user, episode, day, modality="school", **extra):
        data = {"kind": "session", "day": day, "at": dt.time(10), "minutes": 45, "modality": modality}
        (appointment,) = actions.plan_appointment(user, episode, actions.Plan(**(data | extra)))
        return appointment

    leo_school = plan(
        cast.speech_therapist,
        sched.leo_episode,
        monday,
        school=cast.sources,
        room=sched.room,
        guardians=[cast.parent.guardian_profile],
        teacher=cast.teacher,
    )
    leo_tele = plan(
        cast.speech_therapist,
        sched.leo_episode,
        monday + dt.timedelta(days=1),
        modality="telepractice",
        guardians=[cast.parent.guardian_profile],
    )
    alice = plan(cast.psychologist, alice_episode, monday, school=cast.sources, room=sched.other_room)
    zoe = plan(cast.psychologist, zoe_episode, monday + dt.timedelta(days=2), school=cast.laurent)
    day = timezone.localdate() + dt.timedelta(days=3)

    def slot(user, at):
        (made,) = booking_actions.publish_slots(
            user, kind="session", day=day, at=at, minutes=30, count=1, modality="telepractice"
        )
        return made

    booked_slot = slot(cast.speech_therapist, dt.time(8))
    booked = booking_actions.book_slot(cast.parent, booked_slot, sched.leo)
    consent(cast, cast.alice)
    return {
        "leo_school": leo_school,
        "leo_tele": leo_tele,
        "booked": booked,
        "alice": alice,
        "zoe": zoe,
        "speech_slot": slot(cast.speech_therapist, dt.time(15)),
        "psy_slot": slot(cast.psychologist, dt.time(15)),
        "speech_feed": feeds.create_or_rotate(cast.speech_therapist),
        "psy_feed": feeds.create_or_rotate(cast.psychologist),
    }


def _refused(response) -> bool:
    return response.status_code in (403, 404)


def _student_for(cast, sched, person):
    return cast.alice if person == "student15" else sched.leo


def run(client, cast, sched, user, person, name, obj, action, now_at) -> bool:
    """Try the action; True when it worked, False when it was refused and nothing changed."""
    if action == "list":
        return appointments_visible_to(user).filter(pk=obj.pk).exists()
    if action == "read":
        response = client.get(reverse("scheduling:detail", args=[obj.pk]))
        assert response.status_code == 200 or _refused(response), response.status_code
        return response.status_code == 200
    if action == "see_link":
        from scheduling import telepractice

        allowed = user.has_perm("scheduling.see_link", obj)
        assert allowed == telepractice.may_see_link(user, obj, now_at(obj))
        return allowed
    if action == "manage":
        response = client.post(reverse("scheduling:cancel", args=[obj.pk]))
        done = Appointment.objects.get(pk=obj.pk).status == Status.CANCELLED
        assert done or _refused(response), response.status_code
        return done
    if action == "family_change":
        response = client.post(reverse("scheduling:family_cancel", args=[obj.pk]))
        done = Appointment.objects.get(pk=obj.pk).status == Status.CANCELLED
        assert done or _refused(response), response.status_code
        return done
    if action == "see":
        return slots_visible_to(user).filter(pk=obj.pk).exists()
    if action == "book":
        student = _student_for(cast, sched, person)
        response = client.post(reverse("scheduling:book", args=[obj.pk]), {"student": student.pk})
        done = Appointment.objects.filter(slot=obj).exists()
        assert done or _refused(response), response.status_code
        return done
    if action == "withdraw":
        response = client.post(reverse("scheduling:withdraw", args=[obj.pk]))
        done = not BookableSlot.objects.get(pk=obj.pk).published
        assert done or _refused(response), response.status_code
        return done
    if action == "page":
        response = client.get(reverse("scheduling:feed"))
        assert response.status_code in (200, 403)
        return response.status_code == 200 and obj.secret in response.content.decode()
    if action == "revoke":
        response = client.post(reverse("scheduling:feed_revoke"))
        done = not CalendarFeed.objects.filter(pk=obj.pk).exists()
        assert done or response.status_code in (302, 403)
        return done
    raise AssertionError(action)


CHANGES = ("manage", "family_change", "book", "withdraw", "revoke")
READ_CASES = list(itertools.product(ROLE, RELATIONSHIP))
CHANGE_CASES = [(p, o, a) for p, o, a in CASES if a in CHANGES]


@pytest.mark.parametrize(("person", "name"), READ_CASES)
def test_each_person_reads_exactly_what_the_policy_allows(client, cast, sched, objects, person, name):
    user = getattr(cast, person)
    client.force_login(user)
    obj = objects[name]
    got = {
        action: run(client, cast, sched, user, person, name, obj, action, lambda a: a.starts_at)
        for action in ACTIONS[KIND[name]]
        if action not in CHANGES
    }
    want = {action: expected(person, name, action) for action in got}
    assert got == want, f"{person} × {name}"


@pytest.mark.parametrize(("person", "name", "action"), CHANGE_CASES)
def test_each_person_changes_exactly_what_the_policy_allows(
    client, cast, sched, objects, person, name, action
):
    user = getattr(cast, person)
    client.force_login(user)
    got = run(client, cast, sched, user, person, name, objects[name], action, lambda a: a.starts_at)
    assert got == expected(person, name, action), f"{person} × {name} × {action}"


def test_the_querysets_and_the_predicates_agree_for_every_person_and_appointment(cast, sched, objects):
    from scheduling.rules import appointment_reason

    for person, name in itertools.product(ROLE, ("leo_school", "leo_tele", "booked", "alice", "zoe")):
        user, obj = getattr(cast, person), objects[name]
        listed = appointments_visible_to(user).filter(pk=obj.pk).exists()
        assert listed == (appointment_reason(user, obj) is not None), (person, name)
