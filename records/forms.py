"""Forms of professional records. They validate input in French; changes go through records.actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consents.forms import Accessible, DateInput, style_widgets
from intake.models import MandateOrigin
from lib import record_profiles
from records.actions import DURATION_MAX, SHORT_MAX, TEXT_MAX
from records.models import EntryKind, EntryModality

DATE_ERRORS = {
    "required": _("Indiquez la date du service."),
    "invalid": _("Entrez une date valide (AAAA-MM-JJ)."),
}


class _Styled(Accessible, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class OpenRecordForm(_Styled):
    mandate_origin = forms.ChoiceField(
        label=_("Origine du mandat"),
        choices=MandateOrigin.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Les règles de confidentialité diffèrent selon que le mandat vient de l'école ou de la famille."
        ),
        error_messages={"required": _("Indiquez l'origine du mandat.")},
    )
    reasons = forms.CharField(
        label=_("Motifs de la consultation"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Une description sommaire. Chiffrée; lue seulement par vous et les personnes autorisées."
        ),
        error_messages={"required": _("Décrivez brièvement les motifs de la consultation.")},
    )
    parent_name = forms.CharField(
        label=_("Nom du parent ou du tuteur"),
        max_length=SHORT_MAX,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        profile: record_profiles.RecordProfile,
        student_age: int,
        episode: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.parent_name_required = record_profiles.PARENT_NAME in profile.required_fields(student_age)
        if self.parent_name_required:
            field = self.fields["parent_name"]
            field.required = True
            field.help_text = _("Exigé par les règles de votre ordre pour un élève mineur.")
            field.error_messages["required"] = _("Indiquez le nom du parent ou du tuteur (élève mineur).")
        if episode is not None:  # the mandate comes from the service request
            self.fields["mandate_origin"].required = False
            self.fields["mandate_origin"].disabled = True
            self.fields["mandate_origin"].initial = episode.request.mandate_origin
        self.describe_fields()


class EntryForm(_Styled):
    kind = forms.ChoiceField(
        label=_("Type d'entrée"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez le type d'entrée.")},
    )
    service_date = forms.DateField(label=_("Date du service"), widget=DateInput(), error_messages=DATE_ERRORS)
    modality = forms.ChoiceField(
        label=_("Modalité"),
        choices=[("", _("— Non précisée —")), *EntryModality.choices],
        required=False,
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée (minutes)"),
        required=False,
        min_value=1,
        max_value=DURATION_MAX,
        error_messages={
            "invalid": _("Entrez un nombre de minutes."),
            "min_value": _("La durée doit être d'au moins une minute."),
            "max_value": _("La durée ne peut pas dépasser %(limit_value)s minutes."),
        },
    )
    student_location = forms.CharField(
        label=_("Lieu où se trouvait l'élève"),
        max_length=SHORT_MAX,
        required=False,
        help_text=_("Exigé en télépratique (par exemple : à la maison, au local 204 de l'école)."),
    )
    text = forms.CharField(
        label=_("Texte"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Le texte de l'entrée est vide.")},
    )

    def __init__(
        self, *args: Any, profile: record_profiles.RecordProfile, fixed_kind: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        kind: Any = self.fields["kind"]
        kind.choices = [(k, label) for k, label in EntryKind.choices if profile.offers(k)]
        if fixed_kind:  # a correction keeps the kind and the date of the entry it corrects
            for name in ("kind", "service_date"):
                self.fields[name].disabled = True
                self.fields[name].required = False
        if not self.is_bound and not self.initial.get("service_date"):
            self.initial["service_date"] = timezone.localdate()
        self.describe_fields()

    def clean_service_date(self) -> Any:
        value = self.cleaned_data.get("service_date")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("La date du service ne peut pas être dans le futur."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("modality") == EntryModality.TELEPRACTICE
            and not (data.get("student_location") or "").strip()
        ):
            self.add_error(
                "student_location",
                _("En télépratique, indiquez où se trouvait l'élève pendant la rencontre."),
            )
        return data


class CorrectionForm(_Styled):
    text = forms.CharField(
        label=_("Texte corrigé"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Le texte complet de l'entrée telle qu'elle aurait dû être, ou la précision à ajouter."),
        error_messages={"required": _("Écrivez la correction.")},
    )
    student_location = forms.CharField(
        label=_("Lieu où se trouvait l'élève"),
        max_length=SHORT_MAX,
        required=False,
        help_text=_("Exigé en télépratique."),
    )


class SignForm(_Styled):
    understood = forms.BooleanField(
        label=_(
            "Je comprends qu'une fois signée, cette entrée ne pourra plus jamais être modifiée ni supprimée."
        ),
        error_messages={"required": _("Cochez la case pour confirmer la signature.")},
    )


class CloseForm(_Styled):
    closing_note = forms.CharField(
        label=_("Note de fermeture"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Obligatoire : le bilan des services rendus et la raison de la fermeture."),
        error_messages={"required": _("La note de fermeture est obligatoire.")},
    )


class AttachmentForm(_Styled):
    file = forms.FileField(
        label=_("Fichier à joindre"),
        help_text=_(
            "PDF, image JPEG ou PNG, document Word (.docx), fichier texte ou CSV. Le contenu est vérifié."
        ),
        error_messages={"required": _("Choisissez un fichier."), "empty": _("Le fichier est vide.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx,.csv,.txt"

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > settings.RECORD_ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("Le fichier dépasse la taille permise (%(max)s Mo).")
                % {"max": max(1, settings.RECORD_ATTACHMENT_MAX_BYTES // (1024 * 1024))}
            )
        return upload
