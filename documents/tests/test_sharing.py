"""Who in the family a shared document reaches, who is told by e-mail and in which language."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from documents import actions
from documents.models import Document
from documents.queries import documents_visible_to
from documents.tests.helpers import make_pdf, upload


def _seen(user) -> set[int]:
    return set(documents_visible_to(user).values_list("pk", flat=True))


@pytest.fixture
def emails(cast):
    cast.student15.email = "alice@exemple.qc.ca"
    cast.student15.save()
    return cast


def test_a_support_document_of_a_student_of_14_reaches_her_alone_until_shared_with_parents_on_purpose(
    emails, django_capture_on_commit_callbacks
):
    cast = emails
    with django_capture_on_commit_callbacks(execute=True):
        document = upload(cast.psychologist, cast.alice, compartment="aide", share=True)
    assert document.pk in _seen(cast.student15) and document.pk not in _seen(cast.parent)
    assert [m.to for m in mail.outbox] == [["alice@exemple.qc.ca"]]
    with django_capture_on_commit_callbacks(execute=True):
        actions.share_document(cast.psychologist, document, guardians_explicit=True)
    assert document.pk in _seen(cast.parent)
    assert [m.to for m in mail.outbox[1:]] == [["isabelle@exemple.qc.ca"]]  # only who is newly reached


def test_a_school_file_document_of_a_student_of_14_reaches_her_and_her_parents(
    emails, django_capture_on_commit_callbacks
):
    cast = emails
    with django_capture_on_commit_callbacks(execute=True):
        document = upload(cast.principal, cast.alice, compartment="scolaire", share=True)
    assert document.pk in _seen(cast.student15) and document.pk in _seen(cast.parent)
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@exemple.qc.ca", "isabelle@exemple.qc.ca"]


def test_a_support_document_of_a_child_under_14_reaches_the_parents(cast, leo):
    document = upload(cast.psychologist, leo, compartment="aide", share=True)
    assert document.shared_with_guardians and not document.shared_with_student
    assert document.pk in _seen(cast.parent)


def test_the_parents_are_written_to_in_their_language_without_the_title(
    cast, leo, django_capture_on_commit_callbacks, monkeypatch
):
    guardian = cast.parent.guardian_profile
    guardian.preferred_language = "en"
    guardian.save()
    # the English text itself is the translators' (locale/); here: the message is written in English
    monkeypatch.setattr(actions, "_", lambda text: f"[{translation.get_language()}] {text}")
    with django_capture_on_commit_callbacks(execute=True):
        upload(cast.principal, leo, compartment="aide", share=True, title="Évaluation en orthophonie")
    (message,) = mail.outbox
    assert message.subject.startswith("[en] ")
    assert "Léo" in message.body and "orthophonie" not in message.body


def test_a_guardian_without_parental_authority_is_not_written_to(
    cast, leo, django_capture_on_commit_callbacks
):
    leo.guardian_links.update(has_parental_authority=False)
    with django_capture_on_commit_callbacks(execute=True):
        upload(cast.principal, leo, compartment="scolaire", share=True)
    assert mail.outbox == []


def test_sharing_again_tells_nobody_twice(emails, django_capture_on_commit_callbacks):
    cast = emails
    with django_capture_on_commit_callbacks(execute=True):
        document = upload(cast.principal, cast.alice, compartment="scolaire", share=True)
        actions.share_document(cast.principal, document)
    assert len(mail.outbox) == 2


def test_stop_sharing_hides_it_from_parents_and_student(cast):
    document = upload(cast.principal, cast.alice, compartment="aide", share=True, share_guardians=True)
    actions.unshare_document(cast.principal, document)
    found = Document.objects.get(pk=document.pk)
    assert not found.shared_with_guardians and not found.shared_with_student
    assert _seen(cast.parent) == _seen(cast.student15) == set()


def test_the_teacher_and_the_professional_in_emergency_read_but_do_not_share(cast, client):
    import datetime as dt

    from django.utils import timezone

    from students.models import BreakGlassAccess

    BreakGlassAccess.objects.create(
        user=cast.speech_therapist,
        student=cast.alice,
        reason="Urgence.",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    document = upload(cast.principal, cast.alice)
    for user in (cast.teacher, cast.speech_therapist):
        assert document.pk in _seen(user)
        with pytest.raises(PermissionDenied):
            actions.share_document(user, document)
        with pytest.raises(PermissionDenied):
            actions.withdraw_document(user, document, "Erreur.")


def test_the_pages_offer_the_explicit_parent_share_only_from_14(client, cast, leo):
    client.force_login(cast.principal)
    alice_form = client.get(reverse("documents:upload", args=[cast.alice.pk])).content.decode()
    leo_form = client.get(reverse("documents:upload", args=[leo.pk])).content.decode()
    assert 'name="share_guardians"' in alice_form and 'name="share_guardians"' not in leo_form

    document = upload(cast.principal, cast.alice, compartment="aide", share=True, title="Rapport publié")
    page = client.get(reverse("students:detail", args=[cast.alice.pk])).content.decode()
    assert "Élève seulement" in page and "Communiquer aussi aux parents" in page

    response = client.post(reverse("documents:share", args=[document.pk]), {"share": "1", "guardians": "1"})
    assert response.status_code == 302
    found = Document.objects.get(pk=document.pk)
    assert found.shared_with_guardians and found.shared_with_student
    page = client.get(reverse("students:detail", args=[cast.alice.pk])).content.decode()
    assert "Parents et élève" in page and "Communiquer aussi aux parents" not in page


def test_the_upload_page_shares_with_the_parents_when_asked(client, cast):
    client.force_login(cast.principal)
    data = {
        "title": "Plan",
        "compartment": "aide",
        "kind": "plan",
        "share": "on",
        "share_guardians": "on",
        "file": SimpleUploadedFile("plan.pdf", make_pdf(), content_type="application/pdf"),
    }
    assert client.post(reverse("documents:upload", args=[cast.alice.pk]), data).status_code == 302
    found = Document.objects.get()
    assert found.shared_with_guardians and found.shared_with_student
