"""Who sees which portrait. Denied by default.

- The centre dashboard: the manager of the centre (counts only; small counts hidden).
- A school portrait: the principal of that school (directly or through a network).
- A class portrait: the teachers of the group, and the principal of its school.
- Observations: written by the teachers of the student's group; read by the staff serving the student
  (school, group, caseload — not an emergency access, not the family).
"""

from __future__ import annotations

from typing import Any

import rules

from core.models import Role
from students.authorizer import Reason, access_reason

READ_OBSERVATIONS = frozenset({Reason.SCHOOL, Reason.GROUP, Reason.CASELOAD})


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@rules.predicate
def can_view_centre(user: Any) -> bool:
    return _active(user) and user.role == Role.MANAGER and user.centre_id is not None


@rules.predicate
def can_view_school(user: Any, school: Any) -> bool:
    if not _active(user) or school is None or user.role != Role.PRINCIPAL:
        return False
    return school.pk in user.served_school_ids()


@rules.predicate
def can_view_group(user: Any, group: Any) -> bool:
    if not _active(user) or group is None:
        return False
    if user.role == Role.TEACHER:
        return group.teachers.filter(pk=user.pk).exists()
    if user.role == Role.PRINCIPAL:
        return group.school_id in user.served_school_ids()
    return False


@rules.predicate
def can_add_observation(user: Any, student: Any) -> bool:
    if not _active(user) or student is None or user.role != Role.TEACHER or student.group_id is None:
        return False
    return student.group.teachers.filter(pk=user.pk).exists()


@rules.predicate
def can_read_observations(user: Any, student: Any) -> bool:
    return student is not None and access_reason(user, student) in READ_OBSERVATIONS


rules.add_perm("insights.view_centre", can_view_centre)
rules.add_perm("insights.view_school", can_view_school)
rules.add_perm("insights.view_group", can_view_group)
rules.add_perm("insights.add_observation", can_add_observation)
rules.add_perm("insights.read_observations", can_read_observations)
