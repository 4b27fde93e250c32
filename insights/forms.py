from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insights.models import OBSERVATION_MAX_LENGTH, ObservationDomain


class ObservationForm(forms.Form):
    student = forms.TypedChoiceField(
        label=_("Élève"), coerce=int, widget=forms.Select(attrs={"class": "form-select"})
    )
    observed_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    domain = forms.ChoiceField(
        label=_("Domaine"),
        choices=ObservationDomain.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    text = forms.CharField(
        label=_("Observation"),
        max_length=OBSERVATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=_("Un fait observé, daté, en quelques mots (500 caractères au plus)."),
    )

    def __init__(self, *args: Any, students: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        student_field: Any = self.fields["student"]
        student_field.choices = [("", "—")] + [(s.pk, s.full_name) for s in students]
        self.fields["observed_on"].initial = timezone.localdate()

    def clean_observed_on(self) -> Any:
        day = self.cleaned_data["observed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."))
        return day
