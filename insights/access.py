"""Get-for-user helpers of the portraits: the same 404 for a school or group that does not exist and
for one the user may not see (nothing is learnt about its existence)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from core.models import School
from lib.text import is_identifier
from students.models import Group


def get_school_for(user: Any, school_id: Any) -> School:
    school = School.objects.filter(pk=school_id).first() if is_identifier(school_id) else None
    if school is None or not user.has_perm("insights.view_school", school):
        raise Http404
    return school


def get_group_for(user: Any, group_id: Any) -> Group:
    group = (
        Group.objects.select_related("school", "school_year").filter(pk=group_id).first()
        if is_identifier(group_id)
        else None
    )
    if group is None or not user.has_perm("insights.view_group", group):
        raise Http404
    return group
