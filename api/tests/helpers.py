"""Small helpers shared by the API tests."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from students.models import Student


def access_rows(student=None):
    rows = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, content_type=ContentType.objects.get_for_model(Student)
    )
    return rows.filter(object_pk=str(student.pk)) if student is not None else rows


def ids(response):
    return {row["id"] for row in response.json()["results"]}
