"""The readable copy's pages (A-2.1 art. 83-84): who may get it, in which formats, and the audit rows."""

from __future__ import annotations

import io
import json

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pypdf import PdfReader

from conftest import make_user
from core.models import Role
from students.models import Guardian, GuardianLink, Student

VIEWS = ["students:copy", "students:copy_pdf", "students:copy_json"]


def copy_rows(student, action):
    return LogEntry.objects.filter(
        action=action, content_type=ContentType.objects.get_for_model(Student), object_pk=str(student.pk)
    )


def student_account_for(student):
    """Give `student` their own portal account."""
    account = make_user(f"{student.first_name.lower()}.eleve", Role.STUDENT)
    student.user = account
    student.save(update_fields=["user"])
    return account


# --- Who may get a copy ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", VIEWS)
def test_anonymous_is_sent_to_login(client, cast, name):
    response = client.get(reverse(name, args=[cast.alice.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_anonymous_is_sent_to_login_from_the_portal_entry(client, cast):
    response = client.get(reverse("students:copy_index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", VIEWS)
def test_a_guardian_gets_their_own_childs_copy(client, cast, name):
    client.force_login(cast.parent)
    response = client.get(reverse(name, args=[cast.alice.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("name", VIEWS)
def test_a_student_of_14_or_more_gets_their_own_copy(client, cast, name):
    client.force_login(cast.student15)
    assert client.get(reverse(name, args=[cast.alice.pk])).status_code == 200


@pytest.mark.parametrize("name", VIEWS)
def test_a_student_under_14_is_refused_their_copy(client, cast, name):
    zoe_account = student_account_for(cast.zoe)  # zoé is 10
    client.force_login(zoe_account)
    assert client.get(reverse(name, args=[cast.zoe.pk])).status_code == 403
    assert not copy_rows(cast.zoe, LogEntry.Action.ACCESS).exists()


@pytest.mark.parametrize("name", VIEWS)
def test_a_student_gets_a_404_for_another_students_copy(client, cast, name):
    client.force_login(cast.student15)
    assert client.get(reverse(name, args=[cast.bruno.pk])).status_code == 404


@pytest.mark.parametrize("name", VIEWS)
def test_the_guardian_of_another_child_gets_a_404(client, cast, name):
    client.force_login(cast.parent)
    assert client.get(reverse(name, args=[cast.bruno.pk])).status_code == 404
    assert client.get(reverse(name, args=[cast.zoe.pk])).status_code == 404
    assert client.get(reverse(name, args=[999999])).status_code == 404


@pytest.mark.parametrize("name", VIEWS)
def test_staff_who_see_the_file_are_refused_the_copy(client, cast, name):
    for user in [cast.psychologist, cast.principal, cast.teacher]:
        client.force_login(user)
        assert client.get(reverse(name, args=[cast.alice.pk])).status_code == 403, user.username
    assert not copy_rows(cast.alice, LogEntry.Action.ACCESS).exists()


@pytest.mark.parametrize("name", VIEWS)
def test_staff_who_do_not_see_the_file_get_a_404(client, cast, name):
    for user in [cast.outsider, cast.speech_therapist, cast.manager, cast.coordinator, cast.privacy_officer]:
        client.force_login(user)
        assert client.get(reverse(name, args=[cast.alice.pk])).status_code == 404, user.username


def test_a_guardian_without_parental_authority_is_refused(client, cast):
    GuardianLink.objects.filter(student=cast.alice).update(has_parental_authority=False)
    client.force_login(cast.parent)
    assert client.get(reverse("students:copy", args=[cast.alice.pk])).status_code == 403
    page = client.get(reverse("students:copy_index")).content.decode()
    assert "autorité parentale" in page and reverse("students:copy", args=[cast.alice.pk]) not in page


def test_the_guardian_of_an_adult_student_is_refused(client, cast):
    cast.alice.birth_date = cast.alice.birth_date.replace(year=cast.alice.birth_date.year - 4)  # 19
    cast.alice.save(update_fields=["birth_date"])
    client.force_login(cast.parent)
    assert client.get(reverse("students:copy", args=[cast.alice.pk])).status_code == 403
    assert "majeur" in client.get(reverse("students:copy_index")).content.decode()


# --- The portal entry -----------------------------------------------------------------------------


def test_the_portal_entry_lists_each_child_of_the_guardian_with_links(client, cast):
    second = Student.objects.create(
        code_permanent="TREL14051401",
        last_name="Tremblay",
        first_name="Léo",
        birth_date=cast.zoe.birth_date,
        sex="M",
        school=cast.sources,
        grade_level="S1",
    )
    GuardianLink.objects.create(guardian=cast.parent.guardian_profile, student=second, relationship="mother")
    client.force_login(cast.parent)
    page = client.get(reverse("students:copy_index")).content.decode()
    for child in (cast.alice, second):
        for name in VIEWS:
            assert reverse(name, args=[child.pk]) in page
    assert "Bruno" not in page and "Zoé" not in page


def test_the_portal_entry_offers_a_student_of_14_their_own_copy(client, cast):
    client.force_login(cast.student15)
    page = client.get(reverse("students:copy_index")).content.decode()
    assert reverse("students:copy", args=[cast.alice.pk]) in page


def test_the_portal_entry_tells_a_student_under_14_to_wait(client, cast):
    client.force_login(student_account_for(cast.zoe))
    page = client.get(reverse("students:copy_index")).content.decode()
    assert "à partir de 14 ans" in page and reverse("students:copy", args=[cast.zoe.pk]) not in page


def test_the_portal_entry_is_not_for_staff(client, cast):
    for user in [cast.psychologist, cast.principal, cast.privacy_officer]:
        client.force_login(user)
        assert client.get(reverse("students:copy_index")).status_code == 403


# --- Audit ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"), [("students:copy", "html"), ("students:copy_pdf", "pdf"), ("students:copy_json", "json")]
)
def test_producing_a_copy_is_audited_with_reason_view_and_format(client, cast, name, fmt):
    client.force_login(cast.parent)
    client.get(reverse(name, args=[cast.alice.pk]))
    read = copy_rows(cast.alice, LogEntry.Action.ACCESS).get()
    assert read.actor == cast.parent
    assert read.additional_data["reason"] == "guardian"
    assert read.additional_data["view"] == name and read.additional_data["format"] == fmt
    assert "identite" in read.additional_data["parts"]
    event = copy_rows(cast.alice, LogEntry.Action.UPDATE).get()
    assert event.additional_data["event"] == "readable_copy" and event.additional_data["format"] == fmt


def test_the_students_own_copy_is_audited_as_self_without_content(client, cast):
    client.force_login(cast.student15)
    client.get(reverse("students:copy_json", args=[cast.alice.pk]))
    read = copy_rows(cast.alice, LogEntry.Action.ACCESS).get()
    assert read.additional_data["reason"] == "self"
    assert "arachides" not in json.dumps(read.additional_data) and read.changes in ({}, None, "{}")


# --- Formats --------------------------------------------------------------------------------------


def test_the_html_copy_links_to_the_pdf_and_json(client, cast):
    client.force_login(cast.parent)
    response = client.get(reverse("students:copy", args=[cast.alice.pk]))
    page = response.content.decode()
    assert reverse("students:copy_pdf", args=[cast.alice.pk]) in page
    assert reverse("students:copy_json", args=[cast.alice.pk]) in page
    assert "TREA11561101" in page and "Identité et dossier scolaire" in page
    assert "no-store" in response["Cache-Control"]


def test_the_json_copy_is_an_attachment_with_the_documented_keys(client, cast):
    client.force_login(cast.parent)
    response = client.get(reverse("students:copy_json", args=[cast.alice.pk]))
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert {"student", "parts", "generated_at"} <= set(data)
    assert data["student"]["code_permanent"] == "TREA11561101"
    assert data["student"]["birth_date"] == cast.alice.birth_date.isoformat()
    assert {"identite", "consentements", "demandes"} <= set(data["parts"])
    for part in data["parts"].values():
        assert set(part) == {"title", "items"}
        for item in part["items"]:
            assert set(item) == {"title", "fields"}
            assert all(isinstance(v, str) for v in item["fields"].values())
    identity = data["parts"]["identite"]["items"][0]["fields"]
    assert identity["Prénom"] == "Alice" and identity["Code permanent"] == "TREA11561101"
    assert data["generated_at"][:4].isdigit() and "T" in data["generated_at"]


def test_the_pdf_copy_is_a_readable_pdf_attachment_with_accents(client, cast):
    client.force_login(cast.parent)
    response = client.get(reverse("students:copy_pdf", args=[cast.alice.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and ".pdf" in response["Content-Disposition"]
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Copie des renseignements — Alice Tremblay" in text
    assert "TREA11561101" in text and "Identité et dossier scolaire" in text and "Élève 360" in text
    assert reader.metadata is not None
    assert (reader.metadata.title or "").startswith("Copie des renseignements")


def test_a_long_copy_runs_over_several_pdf_pages(client, cast):
    from students.copy import CopyItem, CopyPart, ReadableCopy
    from students.copy_pdf import render

    items = [CopyItem(f"Élément {i}", {"Texte": "Renseignement accentué « éàç » " * 8}) for i in range(80)]
    copy = ReadableCopy(
        student=cast.alice,
        requester=cast.parent,
        reason="guardian",
        parts=[CopyPart("long", "Une longue partie", items)],
        generated_at=cast.alice.created_at,
    )
    reader = PdfReader(io.BytesIO(render(copy)))
    assert len(reader.pages) > 3
    assert "Élément 79" in reader.pages[-1].extract_text()


def test_guardian_is_not_made_from_the_wrong_account(client, cast):
    """A guardian record without a portal account gives no copy to anyone."""
    other = Guardian.objects.create(last_name="Gagnon", first_name="Luc")
    GuardianLink.objects.create(guardian=other, student=cast.bruno, relationship="father")
    client.force_login(cast.parent)
    assert client.get(reverse("students:copy", args=[cast.bruno.pk])).status_code == 404
