"""Permission triad for every student view: anonymous → login, wrong person → 404/403, right person → page."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from students.models import Student


def access_rows(student):
    return LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        content_type=ContentType.objects.get_for_model(Student),
        object_pk=str(student.pk),
    )


def normalised(response, pk):
    """The page without what legitimately differs: its own URL and the per-response CSRF mask."""
    import re

    html = response.content.decode().replace(f"/eleves/{pk}/", "/eleves/ID/")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_anonymous_is_sent_to_login_from_every_page(client, cast):
    urls = [
        reverse("home"),
        reverse("students:search"),
        reverse("students:detail", args=[cast.alice.pk]),
        reverse("students:break_glass"),
        reverse("students:break_glass_review"),
        reverse("audit:search"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_a_staff_member_without_two_factor_must_enrol_first(client, cast, django_user_model):
    teacher = django_user_model.objects.create_user("sans.totp", password="x", role="teacher")
    client.force_login(teacher)
    response = client.get(reverse("students:search"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_parent_needs_no_two_factor(client, cast):
    client.force_login(cast.parent)
    assert client.get(reverse("students:search")).status_code == 200


def test_the_360_page_shows_the_file_to_the_right_people(client, cast):
    for user in [cast.psychologist, cast.principal, cast.teacher, cast.parent, cast.student15]:
        client.force_login(user)
        response = client.get(reverse("students:detail", args=[cast.alice.pk]))
        assert response.status_code == 200, user.username
        content = response.content.decode()
        assert "TREA11561101" in content
        assert "École secondaire des Sources" in content
        assert "Isabelle" in content  # guardian


def test_the_360_page_is_a_404_for_the_wrong_people_whether_or_not_the_student_exists(client, cast):
    missing = max(Student.objects.values_list("pk", flat=True)) + 1000
    for user in [cast.outsider, cast.speech_therapist, cast.manager, cast.coordinator, cast.privacy_officer]:
        client.force_login(user)
        forbidden = client.get(reverse("students:detail", args=[cast.alice.pk]))
        absent = client.get(reverse("students:detail", args=[missing]))
        assert forbidden.status_code == absent.status_code == 404, user.username
        assert normalised(forbidden, cast.alice.pk) == normalised(absent, missing)
    assert not access_rows(cast.alice).exists()


def test_a_teacher_cannot_open_a_student_of_another_group(client, cast):
    client.force_login(cast.teacher)
    assert client.get(reverse("students:detail", args=[cast.bruno.pk])).status_code == 404


def test_opening_a_file_writes_one_access_row_with_the_reason(client, cast):
    client.force_login(cast.psychologist)
    client.get(reverse("students:detail", args=[cast.alice.pk]))
    rows = access_rows(cast.alice)
    assert rows.count() == 1
    row = rows.get()
    assert row.actor == cast.psychologist
    assert row.additional_data == {"reason": "caseload", "view": "students:detail"}


def test_the_audit_never_stores_the_confidential_content(client, cast):
    client.force_login(cast.psychologist)
    client.get(reverse("students:detail", args=[cast.alice.pk]))
    alice = Student.objects.get(pk=cast.alice.pk)
    alice.health_alert = "Épilepsie — protocole au secrétariat"
    alice.save()
    dumped = " ".join(
        str(v)
        for v in LogEntry.objects.values_list("changes", "additional_data", "serialized_data", "object_repr")
    )
    assert "arachides" not in dumped
    assert "Épilepsie" not in dumped
    change = LogEntry.objects.filter(action=LogEntry.Action.UPDATE, object_pk=str(alice.pk)).latest(
        "timestamp"
    )
    assert change.changes_dict["health_alert"] == ["[confidentiel]", "[confidentiel]"]


def test_search_returns_only_visible_students(client, cast):
    client.force_login(cast.teacher)
    content = client.get(reverse("students:search"), {"q": "a"}).content.decode()  # too short: nothing
    assert "Tremblay" not in content
    content = client.get(reverse("students:search"), {"q": "Tremblay"}).content.decode()
    assert "Alice" in content
    content = client.get(reverse("students:search"), {"q": "Gagnon"}).content.decode()
    assert "Bruno" not in content
    client.force_login(cast.outsider)
    content = client.get(reverse("students:search"), {"q": "Tremblay"}).content.decode()
    assert "Alice" not in content


def test_search_by_code_permanent_and_htmx_partial(client, cast):
    client.force_login(cast.principal)
    response = client.get(reverse("students:search"), {"q": "gagb12071102"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "Bruno" in content
    assert "<html" not in content  # partial only


@pytest.mark.parametrize("user_name", ["teacher", "principal", "parent", "manager", "privacy_officer"])
def test_only_professionals_may_break_the_glass(client, cast, user_name):
    client.force_login(getattr(cast, user_name))
    assert client.get(reverse("students:break_glass")).status_code == 403


def test_break_the_glass_needs_a_reason_then_opens_the_file_and_tells_the_privacy_officer(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.speech_therapist)
    url = reverse("students:break_glass")
    response = client.post(url, {"code_permanent": cast.zoe.code_permanent, "reason": "trop court"})
    assert response.status_code == 200
    assert "au moins 20 caractères" in response.content.decode()
    assert client.get(reverse("students:detail", args=[cast.zoe.pk])).status_code == 404
    reason = "Élève en crise au secrétariat, l'intervenante habituelle est absente."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"code_permanent": cast.zoe.code_permanent.lower(), "reason": reason})
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert "accès d'urgence" in detail.content.decode()
    assert access_rows(cast.zoe).get().additional_data["reason"] == "break_glass"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [cast.privacy_officer.email]
    assert "Roy" not in mailoutbox[0].body and reason not in mailoutbox[0].body


def test_break_the_glass_with_an_unknown_code_says_so(client, cast):
    client.force_login(cast.speech_therapist)
    response = client.post(
        reverse("students:break_glass"),
        {"code_permanent": "XXXX00000000", "reason": "Urgence réelle décrite en détail ici."},
    )
    assert "Aucun élève de votre centre" in response.content.decode()


def test_the_privacy_officer_reviews_break_the_glass(client, cast):
    from students.actions import open_break_glass

    access = open_break_glass(
        cast.speech_therapist, cast.zoe.code_permanent, "Urgence médicale à l'école, 10 h."
    )
    client.force_login(cast.privacy_officer)
    page = client.get(reverse("students:break_glass_review"))
    assert page.status_code == 200 and "Urgence médicale" in page.content.decode()
    response = client.post(
        reverse("students:break_glass_review"), {"access_id": access.pk, "note": "Justifié."}
    )
    assert response.status_code == 302
    access.refresh_from_db()
    assert access.reviewed_by == cast.privacy_officer


def test_the_audit_search_is_for_the_privacy_officer_only(client, cast):
    client.force_login(cast.psychologist)
    client.get(reverse("students:detail", args=[cast.alice.pk]))
    for user in [cast.psychologist, cast.manager, cast.principal, cast.parent]:
        client.force_login(user)
        assert client.get(reverse("audit:search")).status_code == 403
    client.force_login(cast.privacy_officer)
    response = client.get(reverse("audit:search"), {"actor": "marie", "reason": "caseload", "action": "3"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "marie.psy" in content and "caseload" in content
    response = client.get(reverse("audit:search"), {"actor": "personne"})
    assert "marie.psy" not in response.content.decode()


def test_private_pages_are_not_cached_and_carry_a_strict_csp(client, cast):
    client.force_login(cast.principal)
    response = client.get(reverse("students:detail", args=[cast.alice.pk]))
    assert response["Cache-Control"] == "no-store, private"
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"


def test_a_session_without_two_factor_cannot_use_the_api_either(client, cast, django_user_model):
    teacher = django_user_model.objects.create_user("sans.totp.api", password="x", role="teacher")
    client.force_login(teacher)
    response = client.get("/api/eleves/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
