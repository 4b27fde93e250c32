from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from sis.base import kinds

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "SIS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de fichier"), choices=())
    file = forms.FileField(
        label=_("Fichier CSV exporté du système d'information scolaire"),
        help_text=_("Séparateur point-virgule ou virgule ; encodage UTF-8 ou Windows ; 50 Mo au plus."),
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,text/csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.code, kind.label) for kind in kinds().values()]  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if uploaded.size > limit:
            raise forms.ValidationError(
                _("Le fichier dépasse la taille permise (%(limit)s).") % {"limit": filesizeformat(limit)}
            )
        if uploaded.size == 0:
            raise forms.ValidationError(_("Le fichier est vide."))
        return uploaded
