"""Forms of appointments, slots, availability and readiness. French labels; the actions validate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Role, School, User
from scheduling.models import MeetingKind, Modality, Room, Weekday
from students.models import Student

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})
TIME = forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M")
SELECT = {"class": "form-select"}
NUMBER = {"class": "form-control"}


def _schools(user: Any) -> Any:
    return School.objects.filter(pk__in=user.served_school_ids()).order_by("name")


class AppointmentForm(forms.Form):
    episode: Any = forms.ModelChoiceField(
        queryset=None, label=_("Élève et service"), widget=forms.Select(attrs=SELECT)
    )
    kind = forms.ChoiceField(
        label=_("Type de rencontre"), choices=MeetingKind.choices, widget=forms.Select(attrs=SELECT)
    )
    day = forms.DateField(label=_("Date"), widget=DATE)
    at = forms.TimeField(label=_("Heure"), widget=TIME)
    minutes = forms.IntegerField(
        label=_("Durée (minutes)"),
        initial=45,
        min_value=5,
        max_value=480,
        widget=forms.NumberInput(attrs=NUMBER),
    )
    modality = forms.ChoiceField(label=_("Modalité"), choices=Modality.choices, widget=forms.RadioSelect)
    school: Any = forms.ModelChoiceField(
        queryset=None, required=False, label=_("École"), widget=forms.Select(attrs=SELECT)
    )
    room: Any = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Local"), widget=forms.Select(attrs=SELECT)
    )
    other_students: Any = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Autres élèves (séance de groupe)"),
        help_text=_("Des élèves de votre charge de cas."),
        widget=forms.CheckboxSelectMultiple,
    )
    others: Any = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=_("Autres professionnels"), widget=forms.CheckboxSelectMultiple
    )
    invite_guardians = forms.BooleanField(required=False, label=_("Inviter les parents (autorité parentale)"))
    invite_teacher = forms.BooleanField(required=False, label=_("Inviter l'enseignant·e du groupe"))
    weekly_count = forms.IntegerField(
        required=False,
        min_value=2,
        max_value=60,
        label=_("Répéter chaque semaine (nombre de séances)"),
        help_text=_("Vide : un seul rendez-vous. Les journées où l'école est fermée sont sautées."),
        widget=forms.NumberInput(attrs=NUMBER),
    )
    exceptions = forms.CharField(
        required=False,
        label=_("Dates à sauter"),
        help_text=_("Une date par ligne, AAAA-MM-JJ."),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args: Any, user: Any, episodes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["episode"].queryset = episodes
        fields["episode"].label_from_instance = lambda e: (
            f"{e.request.student.full_name} — {e.request.domain}"
        )
        schools = _schools(user)
        fields["school"].queryset = schools
        fields["room"].queryset = Room.objects.filter(school__in=schools).select_related("school")
        fields["other_students"].queryset = (
            Student.objects.filter(
                caseload_entries__professional=user, caseload_entries__ended_on__isnull=True
            )
            .distinct()
            .order_by("last_name", "first_name")
        )
        fields["other_students"].label_from_instance = lambda s: s.full_name
        fields["others"].queryset = User.objects.filter(
            role=Role.PROFESSIONAL, centre=user.centre, is_active=True
        ).exclude(pk=user.pk)

    def clean_exceptions(self) -> list[dt.date]:
        days = []
        for line in (self.cleaned_data.get("exceptions") or "").split():
            try:
                days.append(dt.date.fromisoformat(line.strip()))
            except ValueError:
                raise forms.ValidationError(
                    _("« %(value)s » n'est pas une date AAAA-MM-JJ.") % {"value": line}
                ) from None
        return days


class MoveForm(forms.Form):
    day = forms.DateField(label=_("Nouvelle date"), widget=DATE)
    at = forms.TimeField(label=_("Nouvelle heure"), widget=TIME)
    minutes = forms.IntegerField(
        label=_("Durée (minutes)"), min_value=5, max_value=480, widget=forms.NumberInput(attrs=NUMBER)
    )


class ReadinessForm(forms.Form):
    student_location = forms.CharField(
        label=_("Où se trouve l'élève pendant la séance"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    adult_on_site = forms.BooleanField(required=False, label=_("Un adulte est sur place avec l'élève"))
    no_recording = forms.BooleanField(
        required=False, label=_("La séance ne sera pas enregistrée (ni image ni son)")
    )


class SlotForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de rencontre"), choices=MeetingKind.choices, widget=forms.Select(attrs=SELECT)
    )
    day = forms.DateField(label=_("Date"), widget=DATE)
    at = forms.TimeField(label=_("Heure de la première plage"), widget=TIME)
    minutes = forms.IntegerField(
        label=_("Durée de chaque plage (minutes)"),
        initial=30,
        min_value=10,
        max_value=180,
        widget=forms.NumberInput(attrs=NUMBER),
    )
    count = forms.IntegerField(
        label=_("Nombre de plages consécutives"),
        initial=1,
        min_value=1,
        max_value=16,
        widget=forms.NumberInput(attrs=NUMBER),
    )
    modality = forms.ChoiceField(label=_("Modalité"), choices=Modality.choices, widget=forms.RadioSelect)
    school: Any = forms.ModelChoiceField(
        queryset=None, required=False, label=_("École"), widget=forms.Select(attrs=SELECT)
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["school"].queryset = _schools(user)


class PatternForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Jour"), choices=Weekday.choices, coerce=int, widget=forms.Select(attrs=SELECT)
    )
    school: Any = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("École"),
        empty_label=_("À distance (télépratique)"),
        widget=forms.Select(attrs=SELECT),
    )
    starts = forms.TimeField(label=_("De"), widget=TIME)
    ends = forms.TimeField(label=_("À"), widget=TIME)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["school"].queryset = _schools(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            raise forms.ValidationError(_("L'heure de fin doit suivre l'heure de début."))
        return data


class ExceptionForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.CharField(
        label=_("Motif"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
