"""Forms of early warning. They validate input in French; changes go through named actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from consents.forms import Accessible, style_widgets
from support.actions import REASON_MAX
from support.models import Tier


class Styled(Accessible, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class TierDecisionForm(Styled):
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
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce que l'équipe a observé et décidé, au-delà du score. Chiffré au repos."),
        error_messages={"required": _("Écrivez le motif de la décision : le score ne décide jamais seul.")},
    )


class CriterionForm(Styled):
    code = forms.SlugField(
        label=_("Code"), max_length=40, error_messages={"invalid": _("Code : lettres, chiffres, tirets.")}
    )
    name = forms.CharField(label=_("Nom"), max_length=120)
    description = forms.CharField(
        label=_("Description en clair"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    fact = forms.ChoiceField(label=_("Fait lu"), choices=())
    comparison = forms.ChoiceField(
        label=_("Comparaison"), choices=[("<=", "≤"), ("<", "<"), (">=", "≥"), (">", ">")]
    )
    threshold = forms.FloatField(label=_("Seuil"), error_messages={"invalid": _("Seuil : entrez un nombre.")})
    weight = forms.FloatField(
        label=_("Poids"),
        min_value=0,
        error_messages={"invalid": _("Poids : entrez un nombre positif ou nul.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from earlywarning.criteria import facts_choices

        self.fields["fact"].choices = facts_choices()  # type: ignore[attr-defined]


CriterionFormSet = forms.formset_factory(CriterionForm, extra=1, can_delete=True, max_num=40)


class CriteriaSetForm(Styled):
    name = forms.CharField(
        label=_("Nom de l'ensemble"),
        max_length=80,
        help_text=_("Le même nom crée une nouvelle version; un autre nom, un nouvel ensemble."),
    )
    notes = forms.CharField(
        label=_("Notes (pourquoi ces changements)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
