"""A number too large for the database, posted as a model choice, is refused as an invalid choice."""

from __future__ import annotations

import pytest
from django import forms

from core.models import School


class OneSchool(forms.Form):
    school = forms.ModelChoiceField(queryset=School.objects.all())


class SomeSchools(forms.Form):
    schools = forms.ModelMultipleChoiceField(queryset=School.objects.all())


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["99999999999999999999", "-99999999999999999999", str(2**63)])
def test_a_huge_number_is_an_invalid_choice_not_a_crash(value):
    one = OneSchool({"school": value})
    assert not one.is_valid() and str(one.errors["school"][0]).startswith("Sélectionnez un choix valide")
    some = SomeSchools({"schools": ["1", value]})
    assert not some.is_valid() and "schools" in some.errors


@pytest.mark.django_db
def test_a_real_choice_still_passes(cast):
    school = School.objects.first()
    assert school is not None
    assert OneSchool({"school": str(school.pk)}).is_valid()
    assert SomeSchools({"schools": [str(school.pk)]}).is_valid()
