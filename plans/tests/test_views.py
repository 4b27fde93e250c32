"""Plan pages: the triad on each (anonymous → login, wrong person → 404/403, right person → page), the
forms' round trips in French, the audited reads, the 360 section, the copy and the list's query count."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans import actions
from plans.models import InterventionPlan, Objective, ParentContact
from plans.tests.helpers import active, filled, opened, refresh

LOGIN = reverse("account_login")


def plan_urls(plan):
    objective = plan.objectives.first()
    need = plan.needs.first()
    means = plan.means.first()
    participant = plan.participants.first()
    p = plan.pk
    return {
        "detail": reverse("plans:detail", args=[p]),
        "analysis": reverse("plans:analysis", args=[p]),
        "need_add": reverse("plans:need_add", args=[p]),
        "need_edit": reverse("plans:need_edit", args=[p, need.pk]),
        "objective_add": reverse("plans:objective_add", args=[p]),
        "objective_edit": reverse("plans:objective_edit", args=[p, objective.pk]),
        "means_add": reverse("plans:means_add", args=[p]),
        "means_edit": reverse("plans:means_edit", args=[p, means.pk]),
        "participant_add": reverse("plans:participant_add", args=[p]),
        "participant_edit": reverse("plans:participant_edit", args=[p, participant.pk]),
        "follow_up": reverse("plans:follow_up", args=[p]),
        "review": reverse("plans:review", args=[p]),
        "close": reverse("plans:close", args=[p]),
        "contact": reverse("plans:contact", args=[p]),
        "paper_signature": reverse("plans:paper_signature", args=[p]),
        "portal_plan": reverse("plans:portal_plan", args=[p]),
    }


POSTS = {
    "advance": "plans:advance",
    "activate": "plans:activate",
    "request_signatures": "plans:request_signatures",
}
RUN_PAGES = (
    "analysis",
    "need_add",
    "need_edit",
    "objective_add",
    "objective_edit",
    "means_add",
    "means_edit",
    "participant_add",
    "participant_edit",
    "follow_up",
    "review",
    "close",
    "paper_signature",
)


@pytest.fixture
def plan(cast):
    return active(cast)


def test_anonymous_visitors_are_sent_to_the_login(client, cast, plan):
    urls = {
        **plan_urls(plan),
        "list": reverse("plans:list"),
        "portal": reverse("plans:portal"),
        "export": reverse("plans:export"),
        "open": reverse("plans:open", args=[cast.alice.pk]),
    }
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN), name
    for name in POSTS.values():
        response = client.post(reverse(name, args=[plan.pk]))
        assert response["Location"].startswith(LOGIN), name


def test_people_who_do_not_see_the_plan_get_404_everywhere(client, cast, plan):
    urls = plan_urls(plan)
    for user in (cast.outsider, cast.manager, cast.coordinator, cast.privacy_officer, cast.speech_therapist):
        client.force_login(user)
        for name, url in urls.items():
            if name == "portal_plan":
                continue
            assert client.get(url).status_code == 404, (user.username, name)
        for name in POSTS.values():
            assert client.post(reverse(name, args=[plan.pk])).status_code == 404, (user.username, name)
    client.force_login(cast.outsider)
    assert client.get(reverse("plans:open", args=[cast.alice.pk])).status_code == 404


def test_readers_who_do_not_run_the_plan_get_403_on_its_forms(client, cast, plan):
    urls = plan_urls(plan)
    for user in (cast.teacher, cast.psychologist):
        client.force_login(user)
        assert client.get(urls["detail"]).status_code == 200
        for name in RUN_PAGES:
            assert client.get(urls[name]).status_code == 403, (user.username, name)
        for name in POSTS.values():
            assert client.post(reverse(name, args=[plan.pk])).status_code == 403, (user.username, name)
        assert client.get(urls["contact"]).status_code == 200  # they log parent contacts
        assert client.get(urls["portal_plan"]).status_code == 403  # the portal is the family's
        assert client.get(reverse("plans:open", args=[cast.alice.pk])).status_code == 403


def test_the_family_reads_in_the_portal_and_nothing_else(client, cast, plan):
    urls = plan_urls(plan)
    for user in (cast.parent, cast.student15):
        client.force_login(user)
        assert client.get(urls["portal_plan"]).status_code == 200
        assert client.get(urls["detail"])["Location"] == urls["portal_plan"]
        assert client.get(reverse("plans:list"))["Location"] == reverse("plans:portal")
        for name in (*RUN_PAGES, "contact"):
            assert client.get(urls[name]).status_code == 403, (user.username, name)
        assert client.get(reverse("plans:export")).status_code == 403


def test_the_principal_gets_every_page(client, cast, plan):
    client.force_login(cast.principal)
    for name, url in plan_urls(plan).items():
        expected = 403 if name == "portal_plan" else 200
        assert client.get(url).status_code == expected, name
    assert client.get(reverse("plans:list")).status_code == 200
    assert client.get(reverse("plans:export")).status_code == 200
    assert client.get(reverse("plans:open", args=[cast.bruno.pk])).status_code == 200


def test_every_read_of_a_plan_is_audited_with_its_reason(client, cast, plan):
    expected = {cast.principal: "school", cast.teacher: "group", cast.psychologist: "caseload"}
    for user, reason in expected.items():
        client.force_login(user)
        client.get(reverse("plans:detail", args=[plan.pk]))
        entry = LogEntry.objects.filter(
            actor=user, action=LogEntry.Action.ACCESS, content_type__model="interventionplan"
        ).latest("pk")
        assert entry.additional_data["reason"] == reason and entry.additional_data["view"] == "plans:detail"
    client.force_login(cast.parent)
    client.get(reverse("plans:portal_plan", args=[plan.pk]))
    entry = LogEntry.objects.filter(actor=cast.parent, action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.additional_data["reason"] == "guardian"
    assert "Lecture lente" not in str(entry.additional_data) + str(entry.changes)


def test_the_principal_opens_a_plan_from_the_form(client, cast):
    client.force_login(cast.principal)
    url = reverse("plans:open", args=[cast.bruno.pk])
    response = client.post(url, {"school_year": cast.year.pk})
    plan = InterventionPlan.objects.get(student=cast.bruno)
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    response = client.post(url, {"school_year": cast.year.pk})
    assert response.status_code == 200 and "déjà ouvert" in response.content.decode()


def test_a_bad_objective_keeps_what_was_typed_and_says_why_in_french(client, cast):
    plan = opened(cast)
    client.force_login(cast.principal)
    url = reverse("plans:objective_add", args=[plan.pk])
    response = client.post(
        url,
        {
            "text": "Lire 150 mots",
            "indicator": "",
            "target": "75",
            "due_on": "pas une date",
            "status": "in_progress",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lire 150 mots" in body and "Entrez une date valide" in body and "indicateur" in body
    assert not Objective.objects.exists()
    due = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    response = client.post(
        url,
        {"text": "Lire 150 mots", "indicator": "MPM", "target": "75", "due_on": due, "status": "in_progress"},
    )
    assert response.status_code == 302 and Objective.objects.get().text == "Lire 150 mots"


def test_the_means_form_needs_someone_responsible(client, cast):
    plan = filled(cast)
    client.force_login(cast.principal)
    objective = plan.objectives.get()
    url = reverse("plans:means_add", args=[plan.pk])
    response = client.post(
        url, {"objective": objective.pk, "what": "Tutorat", "responsible": "", "responsible_text": ""}
    )
    assert response.status_code == 200 and "Indiquez qui met le moyen" in response.content.decode()
    response = client.post(
        url, {"objective": objective.pk, "what": "Tutorat", "responsible": cast.outsider.pk}
    )
    assert response.status_code == 200 and "Choisissez une personne de la liste" in response.content.decode()


def test_a_phase_that_is_not_ready_gives_a_message_not_a_crash(client, cast):
    plan = opened(cast)
    client.force_login(cast.principal)
    response = client.post(reverse("plans:advance", args=[plan.pk]), follow=True)
    assert "forces ou les difficultés" in response.content.decode()
    assert refresh(plan).phase == "collect"


def test_staff_log_a_contact_and_the_due_flag_shows(client, cast, plan):
    InterventionPlan.objects.filter(pk=plan.pk).update(opened_at=timezone.now() - dt.timedelta(days=45))
    client.force_login(cast.teacher)
    detail = reverse("plans:detail", args=[plan.pk])
    assert "Contact avec les parents dû" in client.get(detail).content.decode()
    client.force_login(cast.principal)
    assert "Contact avec les parents dû" in client.get(reverse("plans:list")).content.decode()
    client.force_login(cast.teacher)
    response = client.post(
        reverse("plans:contact", args=[plan.pk]),
        {"contacted_on": timezone.localdate().isoformat(), "mode": "phone", "note": "Appel à la mère."},
    )
    assert response.status_code == 302
    assert ParentContact.objects.get().by == cast.teacher
    assert "Contact avec les parents dû" not in client.get(detail).content.decode()


def test_the_teacher_sees_own_means_and_the_parent_all_but_no_contact_notes(client, cast, plan):
    actions.log_parent_contact(
        cast.principal, plan, contacted_on=timezone.localdate(), mode="phone", note="Note du personnel."
    )
    client.force_login(cast.teacher)
    body = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Lecture répétée" in body and "Lecture du soir" not in body and "Note du personnel." in body
    client.force_login(cast.psychologist)
    body = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Lecture répétée" not in body and "Lecture du soir" not in body
    client.force_login(cast.parent)
    body = client.get(reverse("plans:portal_plan", args=[plan.pk])).content.decode()
    assert "Lecture répétée" in body and "Lecture du soir" in body and "Note du personnel." not in body


def test_the_parent_signs_in_the_portal(client, cast, plan):
    from plans import signing
    from plans.models import GuardianSignature

    client.force_login(cast.parent)
    url = reverse("plans:portal_plan", args=[plan.pk])
    assert client.get(reverse("plans:portal")).status_code == 200
    response = client.post(url, {"digest": signing.digest_of(refresh(plan))})
    assert response.status_code == 200 and "Cochez" in response.content.decode()
    response = client.post(url, {"digest": "0" * 64, "agreed": "on"})
    assert "a changé" in response.content.decode()
    assert not GuardianSignature.objects.exists()
    response = client.post(url, {"digest": signing.digest_of(refresh(plan)), "agreed": "on"})
    assert response.status_code == 302
    assert GuardianSignature.objects.get().guardian == cast.parent.guardian_profile
    assert "déjà signé" in client.get(url).content.decode()


def test_the_360_section_shows_the_plan_and_the_open_button(client, cast, plan):
    client.force_login(cast.principal)
    body = client.get(reverse("students:detail", args=[cast.alice.pk])).content.decode()
    assert "section-plan-intervention" in body and reverse("plans:detail", args=[plan.pk]) in body
    body = client.get(reverse("students:detail", args=[cast.bruno.pk])).content.decode()
    assert reverse("plans:open", args=[cast.bruno.pk]) in body
    client.force_login(cast.teacher)
    body = client.get(reverse("students:detail", args=[cast.alice.pk])).content.decode()
    assert (
        reverse("plans:detail", args=[plan.pk]) in body
        and reverse("plans:open", args=[cast.alice.pk]) not in body
    )
    client.force_login(cast.parent)
    body = client.get(reverse("students:detail", args=[cast.alice.pk])).content.decode()
    assert reverse("plans:portal_plan", args=[plan.pk]) in body


def test_the_copy_of_the_family_holds_the_plan_without_staff_notes(cast, plan):
    from plans.copy import plans_part

    actions.log_parent_contact(
        cast.principal, plan, contacted_on=timezone.localdate(), mode="phone", note="Note du personnel."
    )
    part = plans_part(cast.parent, cast.alice)
    assert part is not None
    text = str([item.fields for item in part.items])
    assert "Lecture lente en classe." in text and "Lecture du soir" in text
    assert "Note du personnel." not in text and "Téléphone" in text
    assert plans_part(cast.parent, cast.bruno) is None


def test_the_list_does_not_grow_its_queries_with_the_plans(client, cast):
    from students.models import Student

    active(cast)
    client.force_login(cast.principal)
    url = reverse("plans:list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for index in range(5):
        student = Student.objects.create(
            code_permanent=f"TEST0000000{index}",
            last_name="Élève",
            first_name=f"N{index}",
            birth_date=dt.date(2012, 1, 1),
            sex="F",
            school=cast.sources,
            grade_level="S1",
            group=cast.g302,
        )
        active(cast, student)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("/plans/") >= 6
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
