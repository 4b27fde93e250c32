"""Record pages: the triad on each (anonymous → login, wrong person → 404/403, right person → page), the
reads audited with their reason, the forms' round trips in French, the 360 section and query counts."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from records.models import Entry, ProfessionalRecord
from records.tests.core_helpers import (
    NOTE,
    break_glass,
    colleague,
    draft,
    give_consent,
    open_alice,
    share_with,
    signed,
)
from students.models import Caseload, Student

LOGIN = reverse("account_login")


@pytest.fixture
def setup(cast):
    record = open_alice(cast)
    note = signed(cast, record)
    brouillon = draft(cast, record, text="Brouillon à relire")
    urls = {
        "mine": reverse("records:mine"),
        "open": reverse("records:open", args=[cast.alice.pk]),
        "detail": reverse("records:detail", args=[record.pk]),
        "entry_create": reverse("records:entry_create", args=[record.pk]),
        "close": reverse("records:close", args=[record.pk]),
        "entry_edit": reverse("records:entry_edit", args=[brouillon.pk]),
        "entry_sign": reverse("records:entry_sign", args=[brouillon.pk]),
        "entry_correct": reverse("records:entry_correct", args=[note.pk]),
    }
    return record, note, brouillon, urls


def test_anonymous_visitors_are_sent_to_the_login(client, setup):
    *_rest, urls = setup
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN), name
    for name in ("records:entry_delete", "records:attachment_add"):
        response = client.post(reverse(name, args=[1]))
        assert response.status_code == 302 and response["Location"].startswith(LOGIN), name


def test_the_owner_gets_every_page(client, cast, setup):
    *_rest, urls = setup
    client.force_login(cast.psychologist)
    for name, url in urls.items():
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize(
    "person",
    [
        "principal",
        "teacher",
        "coordinator",
        "manager",
        "privacy_officer",
        "parent",
        "student15",
        "speech_therapist",
        "outsider",
    ],
)
def test_everyone_else_gets_404_on_the_record_pages_as_if_nothing_existed(client, cast, setup, person):
    *_rest, urls = setup
    client.force_login(getattr(cast, person))
    for name in ("detail", "entry_create", "close", "entry_edit", "entry_sign", "entry_correct"):
        assert client.get(urls[name]).status_code == 404, name


def test_the_list_is_for_professionals_and_opening_for_those_who_serve_the_student(client, cast, setup):
    *_rest, urls = setup
    client.force_login(cast.principal)
    assert client.get(urls["mine"]).status_code == 403
    assert client.get(urls["open"]).status_code == 403  # sees Alice's file, may not open a record
    client.force_login(cast.speech_therapist)
    assert client.get(urls["mine"]).status_code == 200
    assert client.get(urls["open"]).status_code == 404  # does not see Alice's file at all


def test_a_shared_reader_sees_the_record_but_writes_nothing(client, cast, setup):
    record, _note, _draft, urls = setup
    lea = colleague(cast)
    share_with(cast, record, lea)
    client.force_login(lea)
    response = client.get(urls["detail"])
    assert response.status_code == 200
    assert NOTE in response.content.decode() and "Brouillon à relire" not in response.content.decode()
    assert "communiqué" in response.content.decode()
    assert client.get(urls["entry_create"]).status_code == 403
    assert client.get(urls["close"]).status_code == 403
    assert client.get(urls["entry_correct"]).status_code == 403
    assert client.get(urls["entry_edit"]).status_code == 404  # a draft does not exist for her
    assert record.pk in {r.pk for r in client.get(urls["mine"]).context["others"]}


def test_each_read_of_the_record_is_audited_with_its_reason(client, cast, setup):
    record, *_rest, urls = setup
    omar = colleague(cast, "omar.urgence", school=cast.laurent, profession="psychologist")
    break_glass(omar, cast.alice)
    for user, _reason in ((cast.psychologist, "owner"), (omar, "break_glass"), (cast.psychologist, "owner")):
        client.force_login(user)
        client.get(urls["detail"])
    reads = LogEntry.objects.get_for_object(record).filter(action=LogEntry.Action.ACCESS).order_by("pk")
    assert [(r.actor.username, r.additional_data["reason"]) for r in reads] == [
        ("marie.psy", "owner"),
        ("omar.urgence", "break_glass"),
        ("marie.psy", "owner"),
    ]
    assert all(r.additional_data["view"] == "records:detail" for r in reads)
    client.force_login(cast.principal)
    client.get(urls["detail"])
    assert reads.count() == 3  # a refused read writes no access row


def test_the_owner_writes_signs_and_corrects_through_the_pages(client, cast):
    record = open_alice(cast)
    client.force_login(cast.psychologist)
    create = reverse("records:entry_create", args=[record.pk])
    response = client.post(create, {"kind": "progress_note", "service_date": "", "text": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Indiquez la date du service." in page and "Le texte de l&#x27;entrée est vide." in page
    today = timezone.localdate().isoformat()
    response = client.post(
        create, {"kind": "progress_note", "service_date": today, "text": "Première rencontre."}
    )
    entry = Entry.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "records:entry_edit", args=[entry.pk]
    )
    sign = reverse("records:entry_sign", args=[entry.pk])
    assert "ne pourra plus jamais être modifiée" in client.get(sign).content.decode()
    assert client.post(sign, {}).status_code == 200  # the box must be ticked
    response = client.post(sign, {"understood": "on"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_signed
    assert client.get(reverse("records:entry_edit", args=[entry.pk])).status_code == 403  # never edited
    correct = reverse("records:entry_correct", args=[entry.pk])
    response = client.post(correct, {"text": "Première rencontre, en présence de la mère."})
    correction = Entry.objects.get(corrects=entry)
    assert response["Location"] == reverse("records:entry_sign", args=[correction.pk])
    client.post(reverse("records:entry_sign", args=[correction.pk]), {"understood": "on"})
    page = client.get(reverse("records:detail", args=[record.pk])).content.decode()
    assert (
        page.index("Première rencontre.")
        < page.index("Correction de l'entrée nº")
        < page.index("en présence de la mère")
    )
    assert "Corrigée" in page


def test_opening_through_the_page_shows_the_orders_rules_and_french_errors(client, cast):
    client.force_login(cast.psychologist)
    url = reverse("records:open", args=[cast.alice.pk])
    page = client.get(url).content.decode()
    assert "Ordre des psychologues du Québec — C-26, r. 221" in page
    response = client.post(url, {"mandate_origin": "school", "reasons": "Anxiété"})
    assert response.status_code == 200 and "manquants pour Alice" in response.content.decode()
    give_consent(cast)
    response = client.post(url, {"mandate_origin": "school", "reasons": "Anxiété"})
    record = ProfessionalRecord.objects.get()
    assert response["Location"] == reverse("records:detail", args=[record.pk])
    response = client.post(url, {"mandate_origin": "school", "reasons": "Encore"})
    assert f"dossier nº {record.pk}" in response.content.decode()


def test_closing_through_the_page_lists_the_drafts_first(client, cast, setup):
    record, _note, brouillon, urls = setup
    client.force_login(cast.psychologist)
    response = client.post(urls["close"], {"closing_note": "Fin du suivi."})
    assert response.status_code == 200 and str(brouillon) in response.content.decode()
    client.post(reverse("records:entry_delete", args=[brouillon.pk]))
    response = client.post(urls["close"], {"closing_note": "Fin du suivi."})
    assert response.status_code == 302
    record.refresh_from_db()
    assert not record.is_open and record.retention_until is not None


def test_the_360_section_is_for_professionals_who_own_or_may_read_a_record(client, cast, setup):
    record, *_rest = setup
    url = reverse("students:detail", args=[cast.alice.pk])
    client.force_login(cast.psychologist)
    page = client.get(url).content.decode()
    assert "Dossiers professionnels" in page and reverse("records:detail", args=[record.pk]) in page
    for person in ("principal", "teacher", "parent", "student15"):
        client.force_login(getattr(cast, person))
        page = client.get(url).content.decode()
        assert "Dossiers professionnels" not in page and "/dossiers/" not in page, person
    omar = colleague(cast, "omar.urgence", school=cast.laurent, profession="psychologist")
    break_glass(omar, cast.alice)
    client.force_login(omar)
    page = client.get(url).content.decode()
    assert reverse("records:detail", args=[record.pk]) in page and "Ouvrir un dossier" not in page


def test_the_360_section_offers_to_open_a_record_to_the_professional_serving_the_student(client, cast):
    client.force_login(cast.psychologist)
    page = client.get(reverse("students:detail", args=[cast.alice.pk])).content.decode()
    assert "Ouvrir un dossier" in page


def _more_records(cast, count: int, start: int = 0) -> None:
    for index in range(start, start + count):
        student = Student.objects.create(
            code_permanent=f"TEST{index:08d}",
            last_name=f"Élève{index}",
            first_name="Test",
            birth_date=cast.alice.birth_date,
            sex="F",
            school=cast.sources,
            grade_level="S3",
        )
        Caseload.objects.create(professional=cast.psychologist, student=student)
        give_consent(cast, student)
        from records import actions

        record = actions.open_record(cast.psychologist, student, mandate_origin="school", reasons="Motif")
        signed(cast, record)
        draft(cast, record)


def test_my_records_page_does_not_grow_with_the_number_of_records(
    client, cast, django_assert_max_num_queries
):
    _more_records(cast, 1)
    client.force_login(cast.psychologist)
    url = reverse("records:mine")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _more_records(cast, 5, start=1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["records"]) == 6 and all(r.drafts == 1 for r in response.context["records"])


def test_the_record_page_does_not_grow_with_the_number_of_entries(
    client, cast, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from records import attachments

    record = open_alice(cast)
    signed(cast, record)
    client.force_login(cast.psychologist)
    url = reverse("records:detail", args=[record.pk])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for index in range(8):
        entry = draft(cast, record, text=f"Note {index}")
        attachments.add_attachment(cast.psychologist, entry, filename="n.txt", data=b"brut")
        if index % 2:
            from records import actions

            entry = actions.sign_entry(cast.psychologist, entry)
            actions.correct_entry(cast.psychologist, entry, text="Correction")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200 and len(response.context["tree"]) == 9


def test_opening_from_an_episode_through_the_page_links_the_request(client, cast):
    from core.models import ServiceDomain
    from intake.models import ServiceEpisode, ServiceRequest

    request = ServiceRequest.objects.create(
        student=cast.alice,
        domain=ServiceDomain.objects.get(code="psychologie"),
        network=cast.nord,
        requested_by=cast.parent,
        mandate_origin="family",
        status="assigned",
        assigned_to=cast.psychologist,
    )
    episode = ServiceEpisode.objects.create(request=request, professional=cast.psychologist)
    give_consent(cast)
    client.force_login(cast.psychologist)
    page = client.get(reverse("students:detail", args=[cast.alice.pk])).content.decode()
    assert f"?episode={episode.pk}" in page and f"demande nº {request.pk}" in page
    url = reverse("records:open", args=[cast.alice.pk]) + f"?episode={episode.pk}"
    response = client.post(url, {"reasons": "Demande de la mère."})
    record = ProfessionalRecord.objects.get()
    assert response.status_code == 302 and record.episode == episode and record.mandate_origin == "family"
    assert client.get(url).status_code == 404  # the episode has its record now
    assert client.get(reverse("records:open", args=[cast.alice.pk]) + "?episode=abc").status_code == 404
