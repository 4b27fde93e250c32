"""Forms of plans. They only validate input (in French); changes go through plans.actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consents.forms import Accessible, DateInput, style_widgets
from core.models import SchoolYear, User
from plans.actions import LABEL_MAX, SHORT_MAX, TEXT_MAX
from plans.models import (
    ContactMode,
    InterventionPlan,
    Objective,
    ObjectiveStatus,
    ParticipantKind,
    PriorityNeed,
)
from plans.queries import serving_staff

DATE_ERRORS = {"invalid": _("Entrez une date valide (AAAA-MM-JJ).")}


class Styled(Accessible, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


def _staff_field(label: Any, help_text: Any = "") -> forms.ModelChoiceField[Any]:
    """A choice among the staff serving the student; its queryset is set per plan (`_serve`)."""
    return forms.ModelChoiceField(
        label=label,
        queryset=User.objects.none(),
        required=False,
        help_text=help_text,
        empty_label=_("— Personne du personnel —"),
        error_messages={"invalid_choice": _("Choisissez une personne de la liste.")},
    )


def _serve(form: forms.Form, name: str, plan: InterventionPlan) -> None:
    field: Any = form.fields[name]  # changed in place: the bound fields already hold this object
    field.queryset = serving_staff(plan.student)
    field.label_from_instance = lambda u: f"{u.get_full_name() or u.username} ({u.get_role_display()})"


class OpenForm(Styled):
    school_year = forms.ModelChoiceField(
        label=_("Année scolaire"),
        queryset=SchoolYear.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choisissez l'année scolaire."),
            "invalid_choice": _("Choisissez une année de la liste."),
        },
    )

    def __init__(self, *args: Any, centre_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["school_year"]
        field.queryset = SchoolYear.objects.filter(centre_id=centre_id).order_by("-start")
        current = field.queryset.filter(is_current=True).first()
        if current is not None:
            self.initial.setdefault("school_year", current.pk)


class AnalysisForm(Styled):
    strengths = forms.CharField(
        label=_("Forces de l'élève"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce sur quoi on peut s'appuyer : intérêts, habiletés, ressources."),
    )
    difficulties = forms.CharField(
        label=_("Difficultés observées"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Des faits observés, sans diagnostic. Chiffré au repos."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("strengths") or "").strip() and not (data.get("difficulties") or "").strip():
            raise forms.ValidationError(_("Notez les forces ou les difficultés de l'élève."))
        return data


class NeedForm(Styled):
    description = forms.CharField(
        label=_("Besoin prioritaire"),
        max_length=SHORT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Décrivez le besoin prioritaire.")},
    )


class ObjectiveForm(Styled):
    text = forms.CharField(
        label=_("Objectif"),
        max_length=SHORT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Un résultat observable, par exemple : « lire un texte de 150 mots en 2 minutes »."),
        error_messages={"required": _("Énoncez l'objectif.")},
    )
    indicator = forms.CharField(
        label=_("Indicateur (comment le mesurer)"),
        max_length=SHORT_MAX,
        error_messages={"required": _("Indiquez comment l'objectif sera mesuré (indicateur).")},
    )
    target = forms.CharField(
        label=_("Cible"),
        max_length=SHORT_MAX,
        error_messages={"required": _("Indiquez la cible à atteindre.")},
    )
    due_on = forms.DateField(
        label=_("Échéance"),
        widget=DateInput(),
        error_messages={"required": _("Indiquez l'échéance."), **DATE_ERRORS},
    )
    need = forms.ModelChoiceField(
        label=_("Besoin prioritaire visé"),
        queryset=PriorityNeed.objects.none(),
        required=False,
        empty_label=_("— Aucun en particulier —"),
        error_messages={"invalid_choice": _("Choisissez un besoin de ce plan.")},
    )
    status = forms.ChoiceField(
        label=_("État"),
        choices=ObjectiveStatus.choices,
        initial=ObjectiveStatus.IN_PROGRESS,
        error_messages={"invalid_choice": _("Choisissez un état de la liste.")},
    )

    def __init__(self, *args: Any, plan: InterventionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        need: Any = self.fields["need"]
        need.queryset = plan.needs.all()
        need.label_from_instance = lambda n: n.description[:80]


class MeansForm(Styled):
    objective = forms.ModelChoiceField(
        label=_("Objectif visé"),
        queryset=Objective.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choisissez l'objectif visé."),
            "invalid_choice": _("Choisissez un objectif de ce plan."),
        },
    )
    what = forms.CharField(
        label=_("Moyen"),
        max_length=SHORT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Décrivez le moyen.")},
    )
    responsible = _staff_field(_("Qui (membre du personnel)"))
    responsible_text = forms.CharField(
        label=_("Ou qui d'autre"),
        max_length=LABEL_MAX,
        required=False,
        help_text=_("Par exemple : « les parents », « l'élève »."),
    )
    frequency = forms.CharField(
        label=_("Fréquence"),
        max_length=LABEL_MAX,
        required=False,
        help_text=_("Par exemple : « chaque matin »."),
    )

    def __init__(self, *args: Any, plan: InterventionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        objective: Any = self.fields["objective"]
        objective.queryset = plan.objectives.all()
        objective.label_from_instance = lambda o: o.text[:80]
        _serve(self, "responsible", plan)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("responsible") is None and not (data.get("responsible_text") or "").strip():
            self.add_error("responsible_text", _("Indiquez qui met le moyen en œuvre."))
        return data


class ParticipantForm(Styled):
    who = forms.ChoiceField(label=_("Personne"), error_messages={"required": _("Choisissez la personne.")})
    role_in_plan = forms.CharField(
        label=_("Rôle dans le plan"),
        max_length=LABEL_MAX,
        error_messages={"required": _("Indiquez le rôle de cette personne dans le plan.")},
    )
    present_at_meetings = forms.BooleanField(
        label=_("Présent·e aux rencontres"), required=False, initial=True
    )

    def __init__(self, *args: Any, plan: InterventionPlan, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        if editing:
            del self.fields["who"]
            return
        choices: list[tuple[str, str]] = [("", str(_("— Choisir —")))]
        choices += [
            (f"staff-{u.pk}", f"{u.get_full_name() or u.username} ({u.get_role_display()})")
            for u in serving_staff(plan.student)
        ]
        for link in plan.student.guardian_links.select_related("guardian"):
            choices.append(
                (f"guardian-{link.guardian_id}", f"{link.guardian} ({link.get_relationship_display()})")
            )
        choices.append(("student", str(_("L'élève"))))
        who: Any = self.fields["who"]
        who.choices = choices

    def person(self) -> dict[str, Any]:
        from core.models import User
        from students.models import Guardian

        value = self.cleaned_data["who"]
        if value == "student":
            return {"kind": ParticipantKind.STUDENT}
        kind, _sep, pk = value.partition("-")
        if kind == "staff":
            return {"kind": ParticipantKind.STAFF, "person": User.objects.filter(pk=int(pk)).first()}
        return {"kind": ParticipantKind.GUARDIAN, "guardian": Guardian.objects.filter(pk=int(pk)).first()}


class FollowUpForm(Styled):
    next_review_on = forms.DateField(
        label=_("Prochaine révision"), required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )
    contact_responsible = _staff_field(
        _("Responsable du contact mensuel avec les parents"),
        _("Vide : la direction qui a ouvert le plan reçoit les rappels."),
    )

    def __init__(self, *args: Any, plan: InterventionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _serve(self, "contact_responsible", plan)


class ReviewForm(Styled):
    held_on = forms.DateField(
        label=_("Date de la révision"),
        widget=DateInput(),
        error_messages={"required": _("Indiquez la date de la révision."), **DATE_ERRORS},
    )
    notes = forms.CharField(
        label=_("Constats"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Notez les constats de la révision.")},
    )
    decisions = forms.CharField(
        label=_("Décisions"), max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_review_on = forms.DateField(
        label=_("Prochaine révision"), required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )

    def clean_held_on(self) -> Any:
        value = self.cleaned_data.get("held_on")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("La date de la révision ne peut pas être dans le futur."))
        return value


class CloseForm(Styled):
    note = forms.CharField(
        label=_("Motif de la fermeture"),
        max_length=SHORT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Indiquez pourquoi le plan est fermé (par exemple : objectifs atteints).")
        },
    )


class ContactForm(Styled):
    contacted_on = forms.DateField(
        label=_("Date du contact"),
        widget=DateInput(),
        error_messages={"required": _("Indiquez la date du contact."), **DATE_ERRORS},
    )
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=ContactMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez le mode du contact.")},
    )
    note = forms.CharField(
        label=_("Note brève (facultative)"),
        max_length=SHORT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Visible du personnel qui sert l'élève seulement. Chiffrée au repos."),
    )

    def clean_contacted_on(self) -> Any:
        value = self.cleaned_data.get("contacted_on")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("La date du contact ne peut pas être dans le futur."))
        return value


class PaperSignatureForm(Styled):
    signer = forms.ChoiceField(
        label=_("Signé par"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez qui a signé.")},
    )
    signed_on = forms.DateField(
        label=_("Date de la signature"),
        widget=DateInput(),
        error_messages={"required": _("Indiquez la date de la signature."), **DATE_ERRORS},
    )

    def __init__(self, *args: Any, plan: InterventionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (f"guardian-{link.guardian_id}", f"{link.guardian} ({link.get_relationship_display()})")
            for link in plan.student.guardian_links.filter(has_parental_authority=True).select_related(
                "guardian"
            )
        ]
        choices.append(("student", str(_("L'élève (14 ans ou plus)"))))
        signer: Any = self.fields["signer"]
        signer.choices = choices

    def guardian(self) -> Any:
        from students.models import Guardian

        value = self.cleaned_data["signer"]
        if value == "student":
            return None
        return Guardian.objects.filter(pk=int(value.removeprefix("guardian-"))).first()


class SignForm(Styled):
    agreed = forms.BooleanField(
        label=_("J'ai lu le plan et je le signe"),
        error_messages={"required": _("Cochez « J'ai lu le plan et je le signe » pour signer.")},
    )
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)


class DeclarationForm(Styled):
    annee = forms.ModelChoiceField(
        label=_("Année scolaire"),
        queryset=SchoolYear.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choisissez l'année scolaire."),
            "invalid_choice": _("Choisissez une année de la liste."),
        },
    )

    def __init__(self, *args: Any, years: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["annee"]
        field.queryset = years
