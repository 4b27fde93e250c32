"""Query-string filters of the student list: ?ecole=, ?groupe=, ?q=.

They only narrow `Student.objects.visible_to(user)`; they never widen it.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.utils import extend_schema_field

from students.models import Student

MAX_QUERY_LENGTH = 100
MAX_QUERY_WORDS = 4


# A database identifier (bigint): a larger number is refused (400), never sent to the database.
ID_MAX = 2**63 - 1


class IdentifierField(forms.IntegerField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


class IntegerFilter(django_filters.NumberFilter):
    field_class = IdentifierField


class StudentFilter(django_filters.FilterSet):
    ecole = extend_schema_field({"type": "integer", "description": "Identifiant de l'école"})(
        IntegerFilter(field_name="school_id")
    )
    groupe = django_filters.CharFilter(field_name="group__code", label="Code du groupe (ex. 301)")
    q = django_filters.CharFilter(method="filter_name", label="Nom ou prénom contient (chaque mot)")

    class Meta:
        model = Student
        fields = ["ecole", "groupe", "q"]

    def filter_name(self, queryset: Any, name: str, value: str) -> Any:
        for word in value[:MAX_QUERY_LENGTH].split()[:MAX_QUERY_WORDS]:
            queryset = queryset.filter(Q(last_name__icontains=word) | Q(first_name__icontains=word))
        return queryset
