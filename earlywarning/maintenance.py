"""Attendance keeps no foreign-key constraint (ADR 0013): the rows of a student who left are purged
by the weekly job, in one anti-join, and a school year's partition can be dropped whole."""

from __future__ import annotations

from django.db import connection


def purge_orphan_attendance() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM earlywarning_attendance WHERE NOT EXISTS "
            "(SELECT 1 FROM students_student s WHERE s.id = earlywarning_attendance.student_id)"
        )
        return int(cursor.rowcount or 0)
