"""/api/eleves/: anonymous → 401, wrong person → empty list or 404, right person → the data."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from api.tests.helpers import access_rows, ids
from students.models import Guardian, GuardianLink, Student

LIST = reverse("api:student-list")


def detail(student_or_pk):
    return reverse("api:student-detail", args=[getattr(student_or_pk, "pk", student_or_pk)])


def test_anonymous_gets_401_from_the_student_list_and_detail(api, cast):
    for url in [LIST, detail(cast.alice)]:
        response = api.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"].startswith("Token")
    assert not access_rows().exists()


def test_the_psychologist_lists_only_her_caseload(token_as, cast):
    response = token_as(cast.psychologist).get(LIST)
    assert response.status_code == 200
    assert ids(response) == {cast.alice.pk}


def test_a_speech_therapist_without_caseload_sees_no_student(token_as, cast):
    client = token_as(cast.speech_therapist)
    assert client.get(LIST).json()["count"] == 0
    assert client.get(detail(cast.alice)).status_code == 404


def test_a_guardian_sees_only_her_own_child(session_as, cast):
    client = session_as(cast.parent)
    assert ids(client.get(LIST)) == {cast.alice.pk}
    assert client.get(detail(cast.alice)).status_code == 200
    for other in [cast.bruno, cast.zoe]:
        assert client.get(detail(other)).status_code == 404


def test_a_student_sees_only_herself(session_as, cast):
    client = session_as(cast.student15)
    assert ids(client.get(LIST)) == {cast.alice.pk}
    assert client.get(detail(cast.alice)).json()["access_reason"] == "self"
    assert client.get(detail(cast.bruno)).status_code == 404


def test_a_teacher_sees_group_301_only(token_as, cast):
    client = token_as(cast.teacher)
    assert ids(client.get(LIST)) == {cast.alice.pk}
    assert client.get(detail(cast.alice)).json()["access_reason"] == "group"
    assert client.get(detail(cast.bruno)).status_code == 404  # same school, group 302


def test_the_principal_sees_des_sources_students_but_not_zoe(token_as, cast):
    client = token_as(cast.principal)
    assert ids(client.get(LIST)) == {cast.alice.pk, cast.bruno.pk}
    assert client.get(detail(cast.bruno)).json()["access_reason"] == "school"
    assert client.get(detail(cast.zoe)).status_code == 404


@pytest.mark.parametrize("who", ["manager", "coordinator", "privacy_officer"])
def test_centre_wide_roles_see_no_student_file(token_as, cast, who):
    client = token_as(getattr(cast, who))
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.json()["count"] == 0
    for student in cast.students:
        assert client.get(detail(student)).status_code == 404
    assert not access_rows().exists()


def test_an_outsider_gets_the_same_404_as_for_a_student_who_does_not_exist(token_as, cast):
    client = token_as(cast.outsider)
    missing = max(Student.objects.values_list("pk", flat=True)) + 1000
    forbidden = client.get(detail(cast.alice))
    nonexistent = client.get(detail(missing))
    assert forbidden.status_code == nonexistent.status_code == 404
    assert forbidden.content == nonexistent.content
    assert forbidden.json() == {"detail": "Élève introuvable"}


def test_a_non_numeric_id_is_an_ordinary_404(token_as, cast):
    response = token_as(cast.principal).get("/api/eleves/alice/")
    assert response.status_code == 404


def test_reading_a_student_writes_exactly_one_access_row_with_the_reason(token_as, cast):
    response = token_as(cast.psychologist).get(detail(cast.alice))
    assert response.status_code == 200
    assert response.json()["access_reason"] == "caseload"
    rows = access_rows(cast.alice)
    assert rows.count() == 1
    row = rows.get()
    assert row.actor == cast.psychologist
    assert row.additional_data == {"reason": "caseload", "view": "api:student-detail"}


def test_a_refused_read_writes_no_access_row(token_as, cast):
    assert token_as(cast.outsider).get(detail(cast.alice)).status_code == 404
    assert not access_rows().exists()


def test_listing_students_writes_nothing_to_the_audit_log(token_as, cast):
    before = LogEntry.objects.count()
    assert token_as(cast.principal).get(LIST).status_code == 200
    assert LogEntry.objects.count() == before


def test_the_detail_carries_the_documented_fields(token_as, cast):
    data = token_as(cast.principal).get(detail(cast.alice)).json()
    assert data == {
        "id": cast.alice.pk,
        "code_permanent": "TREA11561101",
        "last_name": "Tremblay",
        "first_name": "Alice",
        "birth_date": cast.alice.birth_date.isoformat(),
        "sex": "F",
        "grade_level": "S3",
        "group": "301",
        "school": {"id": cast.sources.pk, "name": "École secondaire des Sources"},
        "ehdaa_code": "",
        "guardians": [
            {
                "name": "Isabelle Tremblay",
                "relationship": "mother",
                "has_parental_authority": True,
                "email": "isabelle@exemple.qc.ca",
                "phone": "",
            }
        ],
        "access_reason": "school",
    }


def test_the_list_has_the_same_fields_without_the_access_reason(token_as, cast):
    row = token_as(cast.principal).get(LIST, {"q": "Alice"}).json()["results"][0]
    assert "access_reason" not in row
    assert row["school"] == {"id": cast.sources.pk, "name": "École secondaire des Sources"}
    assert row["group"] == "301"


def test_the_api_never_exposes_the_health_alert(session_as, token_as, cast):
    clients = [token_as(cast.psychologist), token_as(cast.principal), session_as(cast.parent)]
    for client in clients:
        for url in [LIST, detail(cast.alice)]:
            content = client.get(url).content.decode()
            assert "health" not in content
            assert "arachides" not in content


def test_guardian_contact_details_are_shown_to_staff_only(session_as, token_as, cast):
    staff_view = token_as(cast.teacher).get(detail(cast.alice)).json()["guardians"][0]
    assert staff_view["email"] == "isabelle@exemple.qc.ca"
    assert "phone" in staff_view
    for family in [cast.parent, cast.student15]:
        client = session_as(family)
        for guardian in [
            client.get(detail(cast.alice)).json()["guardians"][0],
            client.get(LIST).json()["results"][0]["guardians"][0],
        ]:
            assert guardian["name"] == "Isabelle Tremblay"
            assert "email" not in guardian
            assert "phone" not in guardian


def test_the_list_filters_by_school_group_and_name(token_as, cast):
    client = token_as(cast.principal)
    assert ids(client.get(LIST, {"ecole": cast.sources.pk})) == {cast.alice.pk, cast.bruno.pk}
    assert ids(client.get(LIST, {"groupe": "302"})) == {cast.bruno.pk}
    assert ids(client.get(LIST, {"q": "gagn"})) == {cast.bruno.pk}
    assert ids(client.get(LIST, {"q": "alice tremblay"})) == {cast.alice.pk}
    assert ids(client.get(LIST, {"q": "alice gagnon"})) == set()


def test_filters_never_widen_what_the_user_may_see(token_as, cast):
    client = token_as(cast.teacher)
    assert ids(client.get(LIST, {"ecole": cast.laurent.pk})) == set()
    assert ids(client.get(LIST, {"groupe": "302"})) == set()
    assert ids(client.get(LIST, {"groupe": "501"})) == set()
    assert ids(client.get(LIST, {"q": "Zoé"})) == set()


def test_a_malformed_school_filter_is_a_400(token_as, cast):
    assert token_as(cast.principal).get(LIST, {"ecole": "sources"}).status_code == 400


def test_api_answers_are_never_cached(token_as, cast):
    response = token_as(cast.psychologist).get(detail(cast.alice))
    assert response["Cache-Control"] == "no-store, private"


def _enrol_in_group_301(cast, count):
    for n in range(count):
        student = Student.objects.create(
            code_permanent=f"TEST{n:08d}",
            last_name=f"Élève{n:02d}",
            first_name="Test",
            birth_date=dt.date(2011, 1, 1),
            sex="X",
            school=cast.sources,
            grade_level="S3",
            group=cast.g301,
        )
        guardian = Guardian.objects.create(last_name=f"Parent{n:02d}", first_name="Test")
        GuardianLink.objects.create(guardian=guardian, student=student, relationship="other")


@pytest.mark.parametrize("who", ["teacher", "principal"])
def test_the_list_of_30_students_takes_a_bounded_number_of_queries(
    token_as, cast, who, django_assert_max_num_queries
):
    _enrol_in_group_301(cast, 28)  # alice, bruno and 28 more in des Sources; 29 in group 301
    client = token_as(getattr(cast, who))
    # token, two-factor check, [a principal's school ids], count, page (school and group joined),
    # guardians prefetched: no N+1 (30 students, at most 6 queries).
    with django_assert_max_num_queries(6):
        response = client.get(LIST)
    assert response.status_code == 200
    assert response.json()["count"] >= 29
