"""Forms of the privacy officer's pages. Every message in French; the actions re-check everything."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consents.forms import Accessible, DateInput, style_widgets
from lib import incident_register
from privacy.models import Decision, LegalBasis, RequesterCapacity
from privacy.schedule import LABELS

DATE_ERRORS = {"invalid": _("Entrez une date valide (AAAA-MM-JJ).")}
TEXT = forms.Textarea(attrs={"rows": 3})
YES_NO_UNKNOWN = [("", _("Pas encore évalué")), ("yes", _("Oui")), ("no", _("Non"))]


class Styled(Accessible, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


def _date(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), error_messages=DATE_ERRORS)


def _text(label: Any, required: bool = False, max_length: int = 4000) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=TEXT, max_length=max_length)


class IncidentForm(Styled):
    """The register's fields, in the order the Commission lists them."""

    information = _text(_("Renseignements personnels visés"))
    information_unknown_reason = _text(_("Si les renseignements ne peuvent être décrits : pourquoi"))
    circumstances = _text(_("Brève description des circonstances"))
    occurred_from = _date(_("Date de l'incident (ou début de la période)"))
    occurred_to = _date(_("Fin de la période (si elle est connue)"))
    discovered_on = _date(_("Date à laquelle le centre en a pris connaissance"))
    persons_count = forms.IntegerField(label=_("Nombre de personnes concernées"), required=False, min_value=0)
    persons_count_estimated = forms.BooleanField(label=_("Ce nombre est une estimation"), required=False)
    risk_sensitivity = _text(_("Évaluation du risque : sensibilité des renseignements"))
    risk_consequences = _text(_("Évaluation du risque : conséquences appréhendées"))
    risk_likelihood = _text(_("Évaluation du risque : probabilité d'une utilisation préjudiciable"))
    serious_risk = forms.ChoiceField(
        label=_("L'incident présente-t-il un risque qu'un préjudice sérieux soit causé ?"),
        choices=YES_NO_UNKNOWN,
        required=False,
    )
    commission_notified_on = _date(_("Date de l'avis à la Commission d'accès à l'information"))
    persons_notified_on = _date(_("Date de l'avis aux personnes concernées"))
    public_notice = forms.BooleanField(label=_("Un avis public a été donné"), required=False)
    public_notice_on = _date(_("Date de l'avis public"))
    measures = _text(_("Mesures prises pour diminuer le risque de préjudice"))

    @classmethod
    def for_incident(cls, incident: Any, data: Any = None) -> IncidentForm:
        initial = {name: getattr(incident, name) for name in cls.base_fields if name != "serious_risk"}
        initial["serious_risk"] = {True: "yes", False: "no"}.get(incident.serious_risk, "")
        if not initial.get("discovered_on"):
            initial["discovered_on"] = timezone.localdate()
        return cls(data, initial=initial)

    def entry(self) -> incident_register.Entry:
        data = dict(self.cleaned_data)
        data["serious_risk"] = {"yes": True, "no": False}.get(data.pop("serious_risk"))
        data.pop("persons_count_estimated", None)
        return incident_register.Entry(**data)


class DismissForm(Styled):
    reason = _text(_("Pourquoi ce signalement n'est pas un incident"), required=True, max_length=2000)


class CommunicationForm(Styled):
    communicated_on = _date(_("Date de la communication"), required=True)
    recipient = forms.CharField(label=_("Personne ou organisme qui reçoit"), max_length=300)
    purpose = forms.CharField(label=_("Fin de la communication"), max_length=500)
    legal_basis = forms.ChoiceField(label=_("Disposition qui la permet"), choices=LegalBasis.choices)
    legal_basis_detail = forms.CharField(
        label=_("Précision sur la disposition"), max_length=300, required=False
    )
    information = forms.CharField(label=_("Nature ou type des renseignements communiqués"), max_length=500)
    outside_quebec = forms.BooleanField(
        label=_("Communiqués à l'extérieur du Québec (art. 70.1)"), required=False
    )
    persons_count = forms.IntegerField(label=_("Nombre de personnes concernées"), min_value=1, initial=1)
    code_permanent = forms.CharField(
        label=_("Code permanent de l'élève concerné (facultatif)"), max_length=20, required=False
    )


class RequestForm(Styled):
    code_permanent = forms.CharField(label=_("Code permanent de la personne concernée"), max_length=20)
    requester_name = forms.CharField(label=_("Nom de la personne qui fait la demande"), max_length=200)
    requester_capacity = forms.ChoiceField(label=_("Qualité"), choices=RequesterCapacity.choices)
    requester_username = forms.CharField(
        label=_("Compte du portail du demandeur (nom d'utilisateur, facultatif)"),
        max_length=150,
        required=False,
        help_text=_("La copie des renseignements se prépare pour ce compte."),
    )
    received_on = _date(_("Reçue le"), required=True)
    details = _text(_("Objet de la demande"))


class ExtendForm(Styled):
    notice_on = _date(_("Date de l'avis de prolongation envoyé au demandeur"), required=True)


class AnswerForm(Styled):
    decision = forms.ChoiceField(label=_("Décision"), choices=Decision.choices)
    answered_on = _date(_("Date de la réponse"), required=True)
    note = _text(_("Motifs (obligatoires pour un refus, même partiel)"), max_length=2000)


class HoldForm(Styled):
    code_permanent = forms.CharField(
        label=_("Code permanent de l'élève (toute son information)"), max_length=20, required=False
    )
    kind = forms.ChoiceField(label=_("Ou un seul document : type"), required=False, choices=())
    object_id = forms.IntegerField(label=_("Numéro du document"), required=False, min_value=1)
    reason = _text(
        _("Motif de la suspension (litige, enquête, demande d'accès en cours)"),
        required=True,
        max_length=2000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "form-select"
        self.fields["kind"].choices = [("", "—"), *((k, label) for k, (label, _s) in LABELS.items())]  # type: ignore[attr-defined]


class ReleaseForm(Styled):
    reason = _text(_("Pourquoi la suspension est levée"), required=True, max_length=2000)
