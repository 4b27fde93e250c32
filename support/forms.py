"""Forms of tiers and interventions. They only validate input (in French); changes go through
support.actions, which checks again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consents.forms import Accessible, DateInput, style_widgets
from core.models import User
from lib import progress as logic
from plans.models import InterventionPlan, PlanStatus
from plans.queries import serving_staff
from support import actions
from support.models import ENDING_DECISIONS, DecisionKind, InterventionType, Outcome, Tier, TierSource

DATE_ERRORS = {"required": _("Indiquez la date."), "invalid": _("Entrez une date valide (AAAA-MM-JJ).")}


class Styled(Accessible, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


def _number(form: forms.Form, name: str, label: Any) -> str:
    value = form.cleaned_data.get(name, "")
    try:
        actions._decimal(value, str(label))
    except ValidationError as exc:
        raise ValidationError(exc.messages[0]) from None
    return str(value)


class TierForm(Styled):
    tier = forms.TypedChoiceField(
        label=_("Palier"),
        choices=Tier.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez le palier."),
            "invalid_choice": _("Choisissez le palier 1, 2 ou 3."),
        },
    )
    reason = forms.CharField(
        label=_("Motif de la décision"),
        max_length=actions.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Ce que l'équipe a observé et pourquoi ce palier. Des faits, sans diagnostic. Chiffré au repos."
        ),
        error_messages={"required": _("Écrivez le motif de la décision : ce qui a été observé et décidé.")},
    )
    source = forms.ChoiceField(
        label=_("À l'origine de la décision"),
        choices=[("", _("— Non précisé —")), *TierSource.choices],
        required=False,
        error_messages={"invalid_choice": _("Choisissez une origine de la liste.")},
    )
    source_reference = forms.CharField(
        label=_("Référence (facultatif)"),
        max_length=200,
        required=False,
        help_text=_(
            "Par exemple : la semaine de la liste de repérage, le nº du plan, la rencontre d'équipe."
        ),
    )


class StartForm(Styled):
    kind = forms.ModelChoiceField(
        label=_("Type d'intervention"),
        queryset=InterventionType.objects.filter(is_active=True),
        empty_label=_("— Choisissez —"),
        error_messages={
            "required": _("Choisissez le type d'intervention."),
            "invalid_choice": _("Choisissez un type de la liste."),
        },
    )
    goal = forms.CharField(
        label=_("Objectif mesurable"),
        max_length=actions.GOAL_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Un résultat observable, par exemple : « lire 60 mots correctement par minute »."),
        error_messages={"required": _("Énoncez l'objectif mesurable.")},
    )
    unit = forms.CharField(
        label=_("Unité de mesure"),
        max_length=80,
        help_text=_("Ce que chaque point de suivi mesure, par exemple : mots lus correctement par minute."),
        error_messages={"required": _("Indiquez l'unité de mesure (par exemple : mots lus par minute).")},
    )
    baseline = forms.CharField(
        label=_("Niveau de départ"),
        max_length=20,
        error_messages={"required": _("Indiquez le niveau de départ (la mesure au début).")},
    )
    target = forms.CharField(
        label=_("Cible"),
        max_length=20,
        help_text=_(
            "La valeur visée à la fin de la durée prévue; plus basse que le départ si le but est de diminuer."
        ),
        error_messages={"required": _("Indiquez la cible.")},
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsable"),
        queryset=User.objects.none(),
        empty_label=_("— Personne du personnel —"),
        help_text=_(
            "Direction, enseignant·e du groupe ou professionnel·le qui suit l'élève; "
            "il ou elle note les points."
        ),
        error_messages={
            "required": _("Choisissez le ou la responsable."),
            "invalid_choice": _("Choisissez une personne de la liste."),
        },
    )
    frequency = forms.CharField(
        label=_("Fréquence"),
        max_length=actions.SHORT_MAX,
        help_text=_("Par exemple : 3 fois par semaine, 20 minutes."),
        error_messages={"required": _("Indiquez la fréquence (par exemple : 3 fois par semaine).")},
    )
    start_on = forms.DateField(label=_("Début"), widget=DateInput(), error_messages=DATE_ERRORS)
    planned_weeks = forms.IntegerField(
        label=_("Durée prévue (semaines)"),
        min_value=1,
        max_value=actions.MAX_WEEKS,
        initial=logic.DEFAULT_WEEKS,
        help_text=_("Six semaines par défaut : le bilan est proposé à la fin, avec au moins quatre points."),
        error_messages={
            "required": _("Indiquez la durée prévue en semaines."),
            "invalid": _("Entrez un nombre entier de semaines."),
            "min_value": _("La durée prévue va de 1 à 40 semaines."),
            "max_value": _("La durée prévue va de 1 à 40 semaines."),
        },
    )
    plan = forms.ModelChoiceField(
        label=_("Plan d'intervention lié (facultatif)"),
        queryset=InterventionPlan.objects.none(),
        required=False,
        empty_label=_("— Aucun —"),
        error_messages={"invalid_choice": _("Choisissez un plan de la liste.")},
    )
    staff_notes = forms.CharField(
        label=_("Notes pour l'équipe (facultatif)"),
        max_length=actions.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visibles du personnel seulement, jamais de la famille. Chiffrées au repos."),
    )

    def __init__(self, *args: Any, student: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        responsible: Any = self.fields["responsible"]
        responsible.queryset = serving_staff(student)
        responsible.label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.get_role_display()})"
        )
        plan: Any = self.fields["plan"]
        plan.queryset = InterventionPlan.objects.filter(student=student).exclude(status=PlanStatus.CLOSED)
        plan.label_from_instance = lambda p: str(
            _("Plan nº %(id)s, %(status)s") % {"id": p.pk, "status": p.get_status_display()}
        )
        kind: Any = self.fields["kind"]
        kind.label_from_instance = lambda t: t.label
        self.initial.setdefault("start_on", timezone.localdate())

    def clean_baseline(self) -> str:
        return _number(self, "baseline", self.fields["baseline"].label)

    def clean_target(self) -> str:
        return _number(self, "target", self.fields["target"].label)

    def data_for(self) -> actions.InterventionData:
        d = self.cleaned_data
        return actions.InterventionData(
            kind=d["kind"],
            goal=d["goal"],
            unit=d["unit"],
            baseline=d["baseline"],
            target=d["target"],
            responsible=d["responsible"],
            frequency=d["frequency"],
            start_on=d["start_on"],
            planned_weeks=d["planned_weeks"],
            plan=d.get("plan"),
            staff_notes=d.get("staff_notes", ""),
        )


class PointForm(Styled):
    measured_on = forms.DateField(
        label=_("Date de la mesure"), widget=DateInput(), error_messages=DATE_ERRORS
    )
    value = forms.CharField(
        label=_("Valeur"),
        max_length=20,
        error_messages={"required": _("Indiquez la valeur mesurée.")},
    )
    note = forms.CharField(
        label=_("Note pour l'équipe (facultatif)"),
        max_length=actions.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Visible du personnel seulement. Chiffrée au repos."),
    )

    def __init__(self, *args: Any, unit: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if unit:
            self.fields["value"].help_text = _("En %(unit)s.") % {"unit": unit}
            style_widgets(self)
            self.describe_fields()
        self.initial.setdefault("measured_on", timezone.localdate())

    def clean_value(self) -> str:
        return _number(self, "value", self.fields["value"].label)


class DecisionForm(Styled):
    kind = forms.ChoiceField(
        label=_("Décision"),
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez une décision : poursuivre, intensifier, changer ou arrêter.")
        },
    )
    reason = forms.CharField(
        label=_("Motif"),
        max_length=actions.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce que montrent les points et la tendance, et ce qui est convenu."),
        error_messages={"required": _("Écrivez le motif de la décision.")},
    )
    outcome = forms.ChoiceField(
        label=_("Résultat (si l'intervention se termine)"),
        choices=[("", _("— Seulement pour changer ou arrêter —")), *Outcome.choices],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") in ENDING_DECISIONS and not data.get("outcome"):
            self.add_error("outcome", _("Indiquez le résultat de l'intervention qui se termine."))
        return data
