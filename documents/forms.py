from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import Compartment, DocumentKind
from lib import document_sharing


class UploadForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    compartment = forms.ChoiceField(
        label=_("Dossier"),
        choices=Compartment.choices,
        help_text=_(
            "Dossier scolaire : l'école. Dossier d'aide particulière : ce dont l'équipe a besoin pour aider."
        ),
    )
    kind = forms.ChoiceField(label=_("Type de document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, JPEG, PNG ou Word (.docx). Le type est vérifié d'après le contenu."),
    )
    share = forms.BooleanField(
        label=_("Communiquer à la famille"),
        required=False,
        help_text=_("Les parents le verront dans leur portail et en seront avisés par courriel."),
    )

    def __init__(self, *args: Any, student: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if student.age() >= document_sharing.SOLO_AGE:
            self.fields["share"].help_text = _(
                "L'élève a 14 ans ou plus : un document du dossier scolaire est communiqué à l'élève et à "
                "ses parents; un document d'aide particulière, à l'élève seulement."
            )
            self.fields["share_guardians"] = forms.BooleanField(
                label=_("Communiquer aussi aux parents un document d'aide particulière"),
                required=False,
                help_text=_(
                    "Seulement si c'est nécessaire : à 14 ans ou plus, l'élève consent seul ou seule à ses "
                    "soins (Code civil du Québec, art. 14)."
                ),
            )
        for name, field in self.fields.items():
            css = (
                "form-check-input"
                if name in ("share", "share_guardians")
                else ("form-select" if name in ("compartment", "kind") else "form-control")
            )
            field.widget.attrs["class"] = css


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du retrait"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
