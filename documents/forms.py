from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import Compartment, DocumentKind


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
        help_text=_(
            "Les parents (ou l'élève de 14 ans et plus) le verront dans leur portail et en seront avisés."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = (
                "form-check-input"
                if name == "share"
                else ("form-select" if name in ("compartment", "kind") else "form-control")
            )
            field.widget.attrs["class"] = css


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du retrait"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
