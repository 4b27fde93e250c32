"""Forms of the guichet unique. They only validate input; state changes go through intake.actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.models import Network, Role, School, ServiceDomain
from intake.actions import Outcome, RequestData
from intake.models import MandateOrigin, Modality, ReasonChoice, SchoolingImpact, Status, Urgency

TIER_CHOICES = [
    (1, _("Palier 1 — soutien universel en classe")),
    (2, _("Palier 2 — soutien ciblé (petit groupe, TES, orthopédagogie)")),
    (3, _("Palier 3 — soutien intensif et individualisé")),
]
TEXT_MAX = 4000


def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap classes on each widget (templates stay free of inline style)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        elif isinstance(widget, forms.HiddenInput):
            continue
        else:
            css = "form-control"
        widget.attrs["class"] = css


class RequestForm(forms.Form):
    """A request for one or more services; one ServiceRequest is filed per service checked."""

    domains = forms.ModelMultipleChoiceField(
        label=_("Services demandés"),
        queryset=ServiceDomain.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Une demande distincte est ouverte pour chaque service coché."),
        error_messages={"required": _("Choisissez au moins un service.")},
    )
    reasons = forms.MultipleChoiceField(
        label=_("Motifs de la demande"),
        choices=ReasonChoice.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un motif.")},
    )
    details = forms.CharField(
        label=_("Description de la situation"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Des faits observés, sans diagnostic. Ce texte est chiffré et lu seulement par l'équipe."
        ),
    )
    already_tried = forms.CharField(
        label=_("Ce qui a déjà été essayé"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    tried_weeks = forms.IntegerField(
        label=_("Depuis combien de semaines"), min_value=0, max_value=520, initial=0
    )
    tier = forms.TypedChoiceField(
        label=_("Palier de soutien déjà offert"),
        choices=TIER_CHOICES,
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
    )
    urgency = forms.ChoiceField(
        label=_("Urgence"), choices=Urgency.choices, initial=Urgency.MODERATE, widget=forms.RadioSelect
    )
    schooling_impact = forms.ChoiceField(
        label=_("Impact sur la scolarité"),
        choices=SchoolingImpact.choices,
        initial=SchoolingImpact.MILD,
        widget=forms.RadioSelect,
    )
    availability = forms.CharField(
        label=_("Disponibilités de l'élève"),
        max_length=255,
        required=False,
        help_text=_("Par exemple : mardi et jeudi en après-midi."),
    )
    modality = forms.ChoiceField(
        label=_("Modalité souhaitée"), choices=Modality.choices, initial=Modality.ANY
    )
    mandate_origin = forms.ChoiceField(
        label=_("Origine du mandat"), choices=MandateOrigin.choices, initial=MandateOrigin.SCHOOL
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_family = getattr(user, "role", "") == Role.GUARDIAN
        if self.is_family:
            # The action records a parent's request as a family mandate whatever is posted.
            del self.fields["mandate_origin"]
            self.fields["already_tried"].label = _("Ce que l'école ou la famille a déjà essayé")
        style_widgets(self)

    def request_data(self) -> RequestData:
        data = self.cleaned_data
        return RequestData(
            reasons=list(data["reasons"]),
            details=data["details"],
            already_tried=data.get("already_tried", ""),
            tried_weeks=data["tried_weeks"],
            tier=data["tier"],
            urgency=data["urgency"],
            schooling_impact=data["schooling_impact"],
            availability=data.get("availability", ""),
            modality=data["modality"],
            mandate_origin=MandateOrigin.FAMILY if self.is_family else data["mandate_origin"],
        )


class FilterForm(forms.Form):
    """Filters of the request list and its CSV export; choices limited to what the user may see."""

    status = forms.ChoiceField(label=_("Statut"), required=False, choices=[("", _("Tous")), *Status.choices])
    domain = forms.ModelChoiceField(
        label=_("Service"),
        required=False,
        queryset=ServiceDomain.objects.order_by("name"),
        empty_label=_("Tous"),
    )
    network = forms.ModelChoiceField(
        label=_("Réseau d'écoles"), required=False, queryset=Network.objects.none(), empty_label=_("Tous")
    )
    school = forms.ModelChoiceField(
        label=_("École"), required=False, queryset=School.objects.none(), empty_label=_("Toutes")
    )

    def __init__(self, *args: Any, visible: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        network_field: Any = self.fields["network"]
        school_field: Any = self.fields["school"]
        network_field.queryset = Network.objects.filter(requests__in=visible).distinct().order_by("name")
        school_field.queryset = (
            School.objects.filter(students__service_requests__in=visible).distinct().order_by("name")
        )
        style_widgets(self)

    def apply(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("domain"):
            qs = qs.filter(domain=data["domain"])
        if data.get("network"):
            qs = qs.filter(network=data["network"])
        if data.get("school"):
            qs = qs.filter(student__school=data["school"])
        return qs


# Action forms: each carries the version the user saw, so a stale form is refused by the action.


class ActionForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class AskInformationForm(ActionForm):
    question = forms.CharField(
        label=_("Question au demandeur"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerInformationForm(ActionForm):
    answer = forms.CharField(
        label=_("Votre réponse"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class RedirectForm(ActionForm):
    domain = forms.ModelChoiceField(
        label=_("Réorienter vers"), queryset=ServiceDomain.objects.order_by("name")
    )
    note = forms.CharField(
        label=_("Note au demandeur"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, current_domain_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if current_domain_id is not None:
            field: Any = self.fields["domain"]
            field.queryset = field.queryset.exclude(pk=current_domain_id)


class RefuseForm(ActionForm):
    reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Le motif est transmis au demandeur."),
    )


class AcceptForm(ActionForm):
    urgency = forms.ChoiceField(label=_("Urgence"), choices=Urgency.choices)
    schooling_impact = forms.ChoiceField(label=_("Impact sur la scolarité"), choices=SchoolingImpact.choices)
    tier = forms.TypedChoiceField(label=_("Palier de soutien déjà offert"), choices=TIER_CHOICES, coerce=int)
    note = forms.CharField(
        label=_("Note (facultative)"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(ActionForm):
    professional = forms.IntegerField(label=_("Professionnel·le"), min_value=1)


class FirstServiceForm(ActionForm):
    pass


class CloseForm(ActionForm):
    outcome = forms.ChoiceField(label=_("Issue du suivi"), choices=Outcome.CHOICES)
    note = forms.CharField(
        label=_("Note de fermeture"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class WithdrawForm(ActionForm):
    note = forms.CharField(
        label=_("Raison du retrait (facultative)"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


WEIGHT_LABELS = {
    "safety": _("Urgence et sécurité"),
    "schooling_impact": _("Impact sur la scolarité"),
    "tier": _("Palier de soutien déjà offert"),
    "waited": _("Attente avant l'acceptation"),
    "imse": _("Défavorisation de l'école (IMSE)"),
}


class SettingsForm(forms.Form):
    """The centre's priority grid (points per factor) and the waiting-list rules."""

    waited_cap_weeks = forms.IntegerField(
        label=_("Plafond de l'attente comptée (semaines)"),
        min_value=1,
        max_value=104,
        help_text=_("Au-delà, l'attente ne rapporte plus de points."),
    )
    wait_limit_days = forms.IntegerField(
        label=_("Délai d'attente maximal (jours)"),
        min_value=1,
        max_value=730,
        help_text=_("Une demande en attente depuis plus longtemps est signalée en délai dépassé."),
    )
    throughput_window_weeks = forms.IntegerField(
        label=_("Fenêtre du débit (semaines)"),
        min_value=1,
        max_value=52,
        help_text=_("L'attente estimée se calcule sur les assignations de ces dernières semaines."),
    )
    allow_self_referral = forms.BooleanField(
        label=_("Les parents peuvent déposer une demande pour leur enfant"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in WEIGHT_LABELS.items():
            self.fields[f"weight_{name}"] = forms.IntegerField(
                label=label, min_value=0, max_value=100, help_text=_("Points au maximum pour ce facteur.")
            )
        style_widgets(self)
        self.fields["allow_self_referral"].widget.attrs["class"] = "form-check-input"

    @classmethod
    def initial_from(cls, config: Any) -> dict[str, Any]:
        grid = config.grid()
        return {
            "waited_cap_weeks": config.waited_cap_weeks,
            "wait_limit_days": config.wait_limit_days,
            "throughput_window_weeks": config.throughput_window_weeks,
            "allow_self_referral": config.allow_self_referral,
            **{f"weight_{name}": grid.get(name, 0) for name in WEIGHT_LABELS},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(data.get(f"weight_{name}") == 0 for name in WEIGHT_LABELS):
            raise forms.ValidationError(_("Au moins un facteur de la grille doit valoir des points."))
        return data

    def weights(self) -> dict[str, int]:
        return {name: self.cleaned_data[f"weight_{name}"] for name in WEIGHT_LABELS}

    def values(self) -> dict[str, Any]:
        names = ("waited_cap_weeks", "wait_limit_days", "throughput_window_weeks", "allow_self_referral")
        return {name: self.cleaned_data[name] for name in names}

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{name}"] for name in WEIGHT_LABELS]
