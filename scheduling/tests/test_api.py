"""The read-only API of appointments: the pages' visibility, audited reads, no video link."""

from auditlog.models import LogEntry
from django.urls import reverse

from scheduling.tests.test_views import _plan


def test_the_list_holds_what_the_user_sees_and_audits_each_student(client, cast, sched):
    (appointment,) = _plan(cast, sched, guardians=[cast.parent.guardian_profile])
    url = reverse("api:appointment-list")
    assert client.get(url).status_code in (401, 403)
    client.force_login(cast.speech_therapist)
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store, private"
    (row,) = response.json()["results"]
    assert row["id"] == appointment.pk and row["students"] == [sched.leo.pk] and row["status"] == "planned"
    assert "video_room" not in row and "student_location" not in row
    assert LogEntry.objects.filter(
        actor=cast.speech_therapist, additional_data__view="api:appointment-list"
    ).exists()
    client.force_login(cast.psychologist)
    assert client.get(url).json()["results"] == []
    assert client.get(reverse("api:appointment-detail", args=[appointment.pk])).status_code == 404
    client.force_login(cast.parent)
    detail = client.get(reverse("api:appointment-detail", args=[appointment.pk]))
    assert detail.status_code == 200 and detail.json()["uid"] == str(appointment.uid)
