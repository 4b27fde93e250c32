"""The permission triad of every portrait view: anonymous to the login page, the wrong person refused
(403 for the centre, the same 404 for a school or group one may not see as for a missing one), the right
person served. Observations: the group's teachers write, the student's staff read."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from insights import actions
from insights.models import Observation
from insights.queries import observations_visible_to

ALL = [
    "psychologist",
    "speech_therapist",
    "principal",
    "teacher",
    "outsider",
    "privacy_officer",
    "manager",
    "coordinator",
    "parent",
    "student15",
]


def urls(cast):
    return {
        "centre": (reverse("insights:centre"), {"manager"}, 403),
        "centre_csv": (reverse("insights:centre_export", args=["csv"]), {"manager"}, 403),
        "school": (reverse("insights:school", args=[cast.sources.pk]), {"principal"}, 404),
        "school_xlsx": (
            reverse("insights:school_export", args=[cast.sources.pk, "xlsx"]),
            {"principal"},
            404,
        ),
        "group": (reverse("insights:group", args=[cast.g301.pk]), {"teacher", "principal"}, 404),
        "group_csv": (
            reverse("insights:group_export", args=[cast.g301.pk, "csv"]),
            {"teacher", "principal"},
            404,
        ),
    }


@pytest.mark.parametrize("page", ["centre", "centre_csv", "school", "school_xlsx", "group", "group_csv"])
def test_each_portrait_admits_only_its_people(client, cast, page):
    url, allowed, refusal = urls(cast)[page]
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/comptes/" in anonymous.url
    for name in ALL:
        client.force_login(getattr(cast, name))
        status = client.get(url).status_code
        assert status == (200 if name in allowed else refusal), (page, name, status)


def test_a_missing_school_or_group_answers_like_a_forbidden_one(client, cast):
    client.force_login(cast.principal)
    assert client.get(reverse("insights:school", args=[999999])).status_code == 404
    assert client.get(reverse("insights:school", args=[cast.laurent.pk])).status_code == 404
    client.force_login(cast.teacher)
    assert client.get(reverse("insights:group", args=[cast.g302.pk])).status_code == 404


def test_the_index_sends_each_role_to_its_portrait(client, cast):
    client.force_login(cast.manager)
    assert client.get(reverse("insights:index")).url == reverse("insights:centre")
    client.force_login(cast.principal)
    assert client.get(reverse("insights:index")).url == reverse("insights:school", args=[cast.sources.pk])
    client.force_login(cast.teacher)
    assert client.get(reverse("insights:index")).url == reverse("insights:group", args=[cast.g301.pk])
    client.force_login(cast.coordinator)
    assert client.get(reverse("insights:index")).status_code == 403


def test_only_the_groups_teachers_write_an_observation(cast):
    assert cast.teacher.has_perm("insights.add_observation", cast.alice)
    for name in ALL:
        if name != "teacher":
            assert not getattr(cast, name).has_perm("insights.add_observation", cast.alice), name
    assert not cast.teacher.has_perm("insights.add_observation", cast.bruno)  # group 302
    with pytest.raises(PermissionDenied):
        actions.add_observation(
            cast.principal, cast.alice, observed_on=cast.year.start, domain="other", text="x"
        )


def test_the_students_staff_read_observations_and_the_rule_agrees_with_the_queryset(cast):
    observation = actions.add_observation(
        cast.teacher, cast.alice, observed_on=cast.year.start, domain="learning", text="Lit à voix haute."
    )
    readers = {"teacher", "principal", "psychologist"}
    for name in ALL:
        user = getattr(cast, name)
        visible = observations_visible_to(user).filter(pk=observation.pk).exists()
        allowed = user.has_perm("insights.read_observations", cast.alice)
        assert visible == allowed == (name in readers), name


def test_a_teacher_adds_an_observation_that_shows_on_the_360_page(client, cast):
    client.force_login(cast.teacher)
    url = reverse("insights:add_observation", args=[cast.g301.pk])
    response = client.post(
        url,
        {
            "student": cast.alice.pk,
            "observed_on": cast.year.start.isoformat(),
            "domain": "social",
            "text": "Aide un pair.",
        },
    )
    assert response.status_code == 302
    observation = Observation.objects.get()
    assert (observation.student, observation.author, observation.group) == (
        cast.alice,
        cast.teacher,
        cast.g301,
    )
    client.force_login(cast.psychologist)
    page = client.get(reverse("students:detail", args=[cast.alice.pk])).content.decode()
    assert "Aide un pair." in page and "Observations en classe" in page
    client.force_login(cast.parent)
    assert (
        "Aide un pair." not in client.get(reverse("students:detail", args=[cast.alice.pk])).content.decode()
    )


def test_a_bad_observation_is_refused_in_french_and_nothing_is_lost(client, cast):
    client.force_login(cast.teacher)
    url = reverse("insights:add_observation", args=[cast.g301.pk])
    response = client.post(
        url,
        {"student": cast.bruno.pk, "observed_on": "2026-13-45", "domain": "social", "text": "Texte gardé"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Texte gardé" in html and 'id="id_observed_on-error"' in html and 'id="id_student-error"' in html
    assert not Observation.objects.exists()


def test_the_class_portrait_audits_each_student_listed(client, cast):
    from auditlog.models import LogEntry

    client.force_login(cast.teacher)
    client.get(reverse("insights:group", args=[cast.g301.pk]))
    rows = LogEntry.objects.filter(
        actor=cast.teacher, action=LogEntry.Action.ACCESS, additional_data__view="insights:group"
    )
    assert {r.object_id for r in rows} == {cast.alice.pk}


def test_only_a_teacher_of_the_group_may_post_an_observation(client, cast):
    url = reverse("insights:add_observation", args=[cast.g301.pk])
    data = {
        "student": cast.alice.pk,
        "observed_on": cast.year.start.isoformat(),
        "domain": "other",
        "text": "Note",
    }
    anonymous = client.post(url, data)
    assert anonymous.status_code == 302 and "/comptes/" in anonymous.url
    for name in ALL:
        if name == "teacher":
            continue
        client.force_login(getattr(cast, name))
        assert client.post(url, data).status_code == 404, name
    client.force_login(cast.teacher)
    assert client.get(url).status_code == 405
    assert client.post(url, data).status_code == 302
    assert Observation.objects.count() == 1


def test_an_empty_observation_post_is_404_for_the_principal_before_any_form_error(client, cast):
    """Regression (security policy matrix): the principal reads the class portrait but never writes an
    observation; an invalid post used to answer the form (400) instead of refusing."""
    url = reverse("insights:add_observation", args=[cast.g301.pk])
    client.force_login(cast.principal)
    assert client.get(reverse("insights:group", args=[cast.g301.pk])).status_code == 200
    assert client.post(url, {}).status_code == 404
    client.force_login(cast.teacher)
    assert client.post(url, {}).status_code == 400


def test_the_readable_copy_holds_the_observations_of_the_student(cast):
    from students.copy import parts_for

    actions.add_observation(
        cast.teacher, cast.alice, observed_on=cast.year.start, domain="social", text="Aide un pair."
    )
    parts = {p.key: p for p in parts_for(cast.parent, cast.alice)}
    assert [item.fields["Observation"] for item in parts["observations"].items] == ["Aide un pair."]
    assert "observations" not in {p.key for p in parts_for(cast.parent, cast.bruno)}
