from django import forms
from django.utils.translation import gettext_lazy as _

from students.actions import MIN_REASON_LENGTH


class BreakGlassForm(forms.Form):
    code_permanent = forms.CharField(label=_("Code permanent de l'élève"), max_length=20)
    reason = forms.CharField(
        label=_("Motif de l'urgence"),
        min_length=MIN_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Ce motif est journalisé et transmis au responsable de la protection des renseignements."
        ),
    )


class BreakGlassReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note de révision"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
