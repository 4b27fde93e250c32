"""Publishing into the dossier d'aide particulière: who publishes, who sees, the 14+ rule, the 360 section,
and that nothing else of the record leaks."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from records import publishing
from records.queries_sharing import publication_reason, publications_visible_to
from records.tests.test_sharing_support import (  # noqa: F401 — fixtures
    CONCLUSION,
    alice_record_fixture,
    open_for,
    publication,
    signed,
)
from students.models import Caseload, Student

SEES_ALICE = ("psychologist", "principal", "teacher", "student15")
BLIND_TO_ALICE = ("parent", "speech_therapist", "outsider", "coordinator", "manager", "privacy_officer")


def test_the_owner_publishes_a_conclusion_and_it_is_audited_without_its_text(cast, alice_record):
    pub = publication(alice_record)
    assert pub.published_by == cast.psychologist
    row = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(pub),
        object_pk=str(pub.pk),
        additional_data__event="publication_published",
    ).get()
    assert CONCLUSION not in str(row.additional_data) and CONCLUSION not in str(row.changes)


@pytest.mark.parametrize(
    "person", ["speech_therapist", "principal", "teacher", "coordinator", "parent", "student15"]
)
def test_nobody_but_the_owner_publishes(cast, alice_record, person):
    with pytest.raises(PermissionDenied):
        publishing.publish(getattr(cast, person), alice_record, "conclusion", "Texte")


def test_a_closed_record_can_still_publish(cast, alice_record):
    from records import actions

    actions.close_record(cast.psychologist, alice_record, "Fin du suivi : objectifs atteints.")
    alice_record.refresh_from_db()
    assert publication(alice_record).record == alice_record


def test_an_empty_text_or_unknown_kind_is_refused_in_french(cast, alice_record):
    with pytest.raises(ValidationError, match="Écrivez le texte"):
        publishing.publish(cast.psychologist, alice_record, "conclusion", "   ")
    with pytest.raises(ValidationError, match="type de publication"):
        publishing.publish(cast.psychologist, alice_record, "diagnostic", "Texte")


@pytest.mark.parametrize("person", SEES_ALICE)
def test_the_school_team_the_owner_and_alice_herself_see_the_publication(cast, alice_record, person):
    pub = publication(alice_record)
    user = getattr(cast, person)
    assert list(publications_visible_to(user)) == [pub]
    assert publication_reason(user, pub) is not None


@pytest.mark.parametrize("person", BLIND_TO_ALICE)
def test_others_do_not_see_alices_publication(cast, alice_record, person):
    pub = publication(alice_record)
    user = getattr(cast, person)
    assert not publications_visible_to(user).exists()
    assert publication_reason(user, pub) is None


def test_the_parent_of_alice_who_is_15_does_not_see_it_but_sees_leos_who_is_12(cast, alice_record, leo):
    publication(alice_record)
    leo_pub = publication(open_for(cast, leo))
    assert list(publications_visible_to(cast.parent)) == [leo_pub]
    assert publication_reason(cast.parent, leo_pub) == "guardian"


def test_another_professional_serving_the_student_sees_it(cast, alice_record):
    pub = publication(alice_record)
    Caseload.objects.create(professional=cast.speech_therapist, student=cast.alice)
    assert list(publications_visible_to(cast.speech_therapist)) == [pub]
    assert publication_reason(cast.speech_therapist, pub) == "caseload"


def test_a_break_glass_reader_does_not_see_publications(cast, alice_record):
    from records.tests.core_helpers import break_glass

    pub = publication(alice_record)
    break_glass(cast.speech_therapist, cast.alice)
    assert not publications_visible_to(cast.speech_therapist).exists()
    assert publication_reason(cast.speech_therapist, pub) is None


def test_a_withdrawn_publication_disappears_for_everyone(cast, alice_record):
    pub = publication(alice_record)
    publishing.withdraw_publication(cast.psychologist, pub)
    for person in SEES_ALICE:
        assert not publications_visible_to(getattr(cast, person)).exists()
    with pytest.raises(ValidationError, match="déjà retirée"):  # a second click, from a stale page
        publishing.withdraw_publication(cast.psychologist, pub)


def test_only_the_owner_withdraws(cast, alice_record):
    pub = publication(alice_record)
    for person in ("principal", "teacher", "speech_therapist", "coordinator"):
        with pytest.raises(PermissionDenied):
            publishing.withdraw_publication(getattr(cast, person), pub)


def test_queryset_and_reason_agree_for_every_person(cast, alice_record, leo):
    pubs = [publication(alice_record), publication(open_for(cast, leo))]
    for user in cast.users:
        visible = set(publications_visible_to(user))
        for pub in pubs:
            assert (pub in visible) == (publication_reason(user, pub) is not None), (user, pub)


# --- The 360 section ----------------------------------------------------------------------------


def page(client, user, student):
    client.force_login(user)
    return client.get(reverse("students:detail", args=[student.pk]))


def test_the_teacher_reads_the_publication_on_the_360_page_and_the_read_is_audited(
    client, cast, alice_record
):
    publication(alice_record)
    response = page(client, cast.teacher, cast.alice)
    html = response.content.decode()
    assert "Dossier d&#x27;aide particulière" in html or "Dossier d'aide particulière" in html
    assert CONCLUSION.replace("'", "&#x27;") in html
    rows = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        content_type=ContentType.objects.get_for_model(Student),
        additional_data__view="records:publications_section",
    )
    assert rows.count() == 1 and rows.get().additional_data["reason"] == "group"


def test_nothing_else_of_the_record_reaches_the_school_team(client, cast, alice_record):
    signed(cast, alice_record, "Note évolutive très confidentielle sur la famille.")
    publication(alice_record)
    html = page(client, cast.principal, cast.alice).content.decode()
    assert "très confidentielle" not in html
    assert "Anxiété de performance signalée" not in html  # the record's reasons
    assert reverse("records:detail", args=[alice_record.pk]) not in html


def test_the_parent_of_a_15_year_old_is_told_why_nothing_is_shown(client, cast, alice_record):
    publication(alice_record)
    html = page(client, cast.parent, cast.alice).content.decode()
    assert "14 ans ou plus" in html
    assert "anxiété de performance" not in html


def test_the_owner_gets_publish_and_sharing_links(client, cast, alice_record):
    html = page(client, cast.psychologist, cast.alice).content.decode()
    assert reverse("records:publish", args=[alice_record.pk]) in html
    assert reverse("records:sharing", args=[alice_record.pk]) in html


def test_the_publish_page_publishes_and_withdraws(client, cast, alice_record):
    client.force_login(cast.psychologist)
    url = reverse("records:publish", args=[alice_record.pk])
    response = client.post(url, {"kind": "recommendations", "text": "Prévoir du temps supplémentaire."})
    assert response.status_code == 302
    pub = alice_record.publications.get()
    assert pub.kind == "recommendations"
    client.post(reverse("records:publication_withdraw", args=[pub.pk]))
    pub.refresh_from_db()
    assert pub.withdrawn_at is not None


def test_the_publish_page_keeps_the_text_on_an_error(client, cast, alice_record):
    client.force_login(cast.psychologist)
    response = client.post(reverse("records:publish", args=[alice_record.pk]), {"text": "Mon texte gardé"})
    assert response.status_code == 200
    assert "Mon texte gardé" in response.content.decode()
    assert not alice_record.publications.exists()


@pytest.mark.parametrize("person", ["principal", "teacher", "coordinator", "speech_therapist", "parent"])
def test_others_get_404_on_the_publish_page(client, cast, alice_record, person):
    client.force_login(getattr(cast, person))
    assert client.get(reverse("records:publish", args=[alice_record.pk])).status_code == 404


def test_others_get_404_when_withdrawing(client, cast, alice_record):
    pub = publication(alice_record)
    client.force_login(cast.principal)
    assert client.post(reverse("records:publication_withdraw", args=[pub.pk])).status_code == 404
    pub.refresh_from_db()
    assert pub.withdrawn_at is None
