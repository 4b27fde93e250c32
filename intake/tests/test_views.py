"""The guichet unique's pages: who may open which page, what each sees, and the forms' round trips."""

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from intake import actions
from intake.models import RequestEvent, ServiceEpisode, ServiceRequest, Status

FORM = {
    "reasons": ["emotional", "attendance"],
    "details": "Anxiété marquée avant les examens.",
    "already_tried": "Rencontres avec la TES.",
    "tried_weeks": "6",
    "tier": "2",
    "urgency": "moderate",
    "schooling_impact": "marked",
    "availability": "Mardi après-midi",
    "modality": "any",
    "mandate_origin": "school",
}


def file_one(cast, domain, data, user=None, student=None):
    return actions.file_request(user or cast.teacher, student or cast.alice, [domain], data)[0]


def accepted(cast, domain, data):
    request = file_one(cast, domain, data)
    actions.accept_request(
        cast.coordinator, request, request.version, urgency="high", schooling_impact="marked", tier=2
    )
    request.refresh_from_db()
    return request


def test_anonymous_is_sent_to_login(client, cast):
    for name in ["intake:list", "intake:waiting_lists", "intake:indicators", "intake:export"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_teacher_files_a_request_from_the_form(client, cast, psychology, speech):
    client.force_login(cast.teacher)
    url = reverse("intake:create", args=[cast.alice.pk])
    page = client.get(url).content.decode()
    assert "Consentements requis" in page and "14 ans ou plus" in page  # alice is 15: she consents herself
    response = client.post(url, {**FORM, "domains": [psychology.pk, speech.pk]})
    created = ServiceRequest.objects.order_by("pk")
    assert {r.domain for r in created} == {psychology, speech}
    assert response.status_code == 302 and response["Location"] == reverse(
        "intake:detail", args=[created[0].pk]
    )
    assert (
        created[0].details == "Anxiété marquée avant les examens." and created[0].requested_by == cast.teacher
    )


def test_the_form_reports_missing_fields_in_french_and_keeps_what_was_typed(client, cast, psychology):
    client.force_login(cast.teacher)
    response = client.post(
        reverse("intake:create", args=[cast.alice.pk]), {**FORM, "domains": [], "details": "Texte gardé"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Choisissez au moins un service." in page and "Texte gardé" in page
    assert not ServiceRequest.objects.exists()


def test_a_duplicate_is_refused_with_a_link_to_the_first(client, cast, psychology, data):
    first = file_one(cast, psychology, data)
    client.force_login(cast.principal)
    response = client.post(
        reverse("intake:create", args=[cast.alice.pk]), {**FORM, "domains": [psychology.pk]}
    )
    page = response.content.decode()
    assert response.status_code == 200 and f"nº {first.pk}" in page
    assert reverse("intake:detail", args=[first.pk]) in page
    assert ServiceRequest.objects.count() == 1


def test_who_may_open_the_filing_form(client, cast):
    url = reverse("intake:create", args=[cast.alice.pk])
    for user in [cast.coordinator, cast.manager, cast.privacy_officer, cast.student15]:
        client.force_login(user)
        assert client.get(url).status_code in (403, 404), user.username
    client.force_login(cast.outsider)  # another school: as if alice did not exist
    assert client.get(url).status_code == 404
    client.force_login(cast.teacher)  # bruno is not in the teacher's group
    assert client.get(reverse("intake:create", args=[cast.bruno.pk])).status_code in (403, 404)


def test_the_coordinators_inbox_shows_new_requests_first(client, cast, psychology, speech, data):
    waiting = accepted(cast, psychology, data)
    new = file_one(cast, speech, data)
    client.force_login(cast.coordinator)
    page = client.get(reverse("intake:list")).content.decode()
    assert page.index(reverse("intake:detail", args=[new.pk])) < page.index(
        reverse("intake:detail", args=[waiting.pk])
    )


def test_each_role_lists_only_the_requests_it_may_see(client, cast, psychology, data):
    mine = file_one(cast, psychology, data)
    other = file_one(cast, psychology, data, user=cast.outsider, student=cast.zoe)
    for user, sees_mine, sees_other in [
        (cast.teacher, True, False),
        (cast.principal, True, False),
        (cast.outsider, False, True),
        (cast.parent, True, False),
        (cast.coordinator, True, True),
    ]:
        client.force_login(user)
        page = client.get(reverse("intake:list")).content.decode()
        assert (reverse("intake:detail", args=[mine.pk]) in page) == sees_mine, user.username
        assert (reverse("intake:detail", args=[other.pk]) in page) == sees_other, user.username
    client.force_login(cast.privacy_officer)
    assert client.get(reverse("intake:list")).status_code == 403


def test_reading_a_request_is_audited_and_an_outsider_gets_a_404(client, cast, psychology, data):
    request = file_one(cast, psychology, data)
    url = reverse("intake:detail", args=[request.pk])
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("intake:detail", args=[999999])).status_code == 404
    client.force_login(cast.coordinator)
    assert client.get(url).status_code == 200
    row = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=cast.coordinator).latest("timestamp")
    assert row.object_pk == str(request.pk) and row.additional_data["reason"] == "coordinator"


def test_the_family_sees_the_status_but_not_the_schools_free_text(client, cast, psychology, data):
    request = accepted(cast, psychology, data)
    client.force_login(cast.parent)
    page = client.get(reverse("intake:detail", args=[request.pk])).content.decode()
    assert "En liste d&#x27;attente" in page or "En liste d'attente" in page
    assert "Anxiété" not in page and "Rencontres avec la TES" not in page
    client.force_login(cast.principal)
    assert "Anxiété" in client.get(reverse("intake:detail", args=[request.pk])).content.decode()


def test_the_coordinator_triages_accepts_and_assigns_through_the_pages(
    client, cast, psychology, data, mailoutbox, django_capture_on_commit_callbacks
):
    request = file_one(cast, psychology, data)
    client.force_login(cast.coordinator)
    detail = reverse("intake:detail", args=[request.pk])
    page = client.get(detail).content.decode()
    assert "Urgence et sécurité" in page  # the priority is shown with its parts
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("intake:action", args=[request.pk, "accepter"]),
            {
                "version": request.version,
                "urgency": "high",
                "schooling_impact": "marked",
                "tier": "2",
                "note": "",
            },
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.WAITING and request.priority > 0
    assert any(cast.teacher.email in m.to for m in mailoutbox)
    page = client.get(detail).content.decode()
    assert cast.psychologist.last_name in page  # suggested: serves des Sources in psychology
    client.post(
        reverse("intake:action", args=[request.pk, "assigner"]),
        {"version": request.version, "professional": cast.psychologist.pk},
    )
    request.refresh_from_db()
    assert request.status == Status.ASSIGNED and request.assigned_to == cast.psychologist
    assert ServiceEpisode.objects.filter(request=request, professional=cast.psychologist).exists()


def test_assigning_someone_who_does_not_serve_the_network_is_refused(client, cast, psychology, data):
    request = accepted(cast, psychology, data)
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("intake:action", args=[request.pk, "assigner"]),
        {"version": request.version, "professional": cast.teacher.pk},
        follow=True,
    )
    assert "Choisissez une personne qui offre ce service" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.WAITING


def test_a_stale_form_gets_a_conflict_message_and_changes_nothing(client, cast, psychology, data):
    request = file_one(cast, psychology, data)
    stale = request.version
    actions.ask_for_information(cast.coordinator, request, stale, "Depuis quand?")
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("intake:action", args=[request.pk, "refuser"]),
        {"version": stale, "reason": "Hors mandat"},
        follow=True,
    )
    assert "modifiée" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.INFO_REQUESTED


def test_only_the_coordinator_may_triage(client, cast, psychology, data):
    request = file_one(cast, psychology, data)
    for user in [cast.teacher, cast.principal, cast.psychologist, cast.parent]:
        client.force_login(user)
        client.post(
            reverse("intake:action", args=[request.pk, "accepter"]),
            {"version": request.version, "urgency": "high", "schooling_impact": "marked", "tier": "2"},
        )
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED
    assert not RequestEvent.objects.filter(request=request, to_status=Status.WAITING).exists()


def test_get_on_an_action_is_refused(client, cast, psychology, data):
    request = file_one(cast, psychology, data)
    client.force_login(cast.coordinator)
    assert client.get(reverse("intake:action", args=[request.pk, "accepter"])).status_code == 405


def test_the_waiting_list_page_shows_position_and_estimated_wait(client, cast, psychology, data):
    request = accepted(cast, psychology, data)
    client.force_login(cast.coordinator)
    lists = client.get(reverse("intake:waiting_lists")).content.decode()
    url = reverse("intake:waiting_list", args=[psychology.pk, cast.nord.pk])
    assert url in lists
    page = client.get(url).content.decode()
    assert reverse("intake:detail", args=[request.pk]) in page and "Alice" in page
    for user in [cast.teacher, cast.parent, cast.privacy_officer]:
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_the_indicators_page_counts_requests_by_status(client, cast, psychology, speech, data):
    accepted(cast, psychology, data)
    file_one(cast, speech, data)
    client.force_login(cast.manager)
    response = client.get(reverse("intake:indicators"))
    assert response.status_code == 200
    table = response.context["by_status"]
    assert table["total"] == 2
    assert {line["domain"]: line["total"] for line in table["lines"]} == {"Psychologie": 1, "Orthophonie": 1}
    client.force_login(cast.teacher)
    assert client.get(reverse("intake:indicators")).status_code == 403


def test_the_csv_export_holds_no_free_text_and_is_audited(client, cast, psychology, data):
    file_one(cast, psychology, data)
    client.force_login(cast.coordinator)
    response = client.get(reverse("intake:export"))
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert len(rows) == 2 and "Anxiété" not in body
    assert LogEntry.objects.filter(actor=cast.coordinator, additional_data__event="intake_export").exists()
    client.force_login(cast.parent)
    assert client.get(reverse("intake:export")).status_code == 403


@pytest.mark.parametrize("role", ["parent", "student15"])
def test_the_360_page_shows_the_family_the_status_of_the_requests(client, cast, psychology, data, role):
    request = accepted(cast, psychology, data)
    client.force_login(getattr(cast, role))
    page = client.get(reverse("students:detail", args=[cast.alice.pk])).content.decode()
    assert "Demandes de service" in page and reverse("intake:detail", args=[request.pk]) in page


def test_the_filing_form_says_which_consents_are_on_file_but_not_to_the_parent_of_a_student_of_14(
    client, cast, psychology
):
    from consents.tests.helpers import ask, sign

    sign(cast.student15, ask(cast, cast.alice, scope="services"))
    client.force_login(cast.teacher)
    page = client.get(reverse("intake:create", args=[cast.alice.pk])).content.decode()
    assert page.count("Au dossier") == 1 and page.count("Manquant") == 2  # services; evaluation, telepractice
    client.force_login(cast.parent)
    page = client.get(reverse("intake:create", args=[cast.alice.pk])).content.decode()
    assert "Au dossier" not in page and "Manquant" not in page and "14 ans ou plus" in page
