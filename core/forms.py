from auditlog.models import LogEntry
from django import forms
from django.utils.translation import gettext_lazy as _

from students.authorizer import REASON_LABELS

REASONS = [("", _("Toutes")), *REASON_LABELS.items()]


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("Utilisateur"), required=False, max_length=150)
    object_repr = forms.CharField(label=_("Objet (nom de l'élève, école…)"), required=False, max_length=200)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[
            ("", _("Toutes")),
            (LogEntry.Action.ACCESS, _("Consultation")),
            (LogEntry.Action.CREATE, _("Création")),
            (LogEntry.Action.UPDATE, _("Modification")),
            (LogEntry.Action.DELETE, _("Suppression")),
        ],
    )
    reason = forms.ChoiceField(label=_("Motif d'accès"), required=False, choices=REASONS)
    since = forms.DateField(
        label=_("Depuis le"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Jusqu'au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
