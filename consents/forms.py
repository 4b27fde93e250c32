"""Forms of consents. They only validate input (in French); state changes go through consents.actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consents.actions import TEXT_MAX, PaperConsent, check_scan
from consents.models import Scope, SignerKind
from core.models import ServiceDomain
from lib import consent as logic
from students.models import Guardian, Student

SHARING_HELP = _("Seulement pour un partage de renseignements.")


def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap classes on each widget (templates stay free of inline style)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        elif isinstance(widget, forms.HiddenInput):
            continue
        else:
            css = "form-control"
        widget.attrs["class"] = css


class Accessible:
    """Each input names its help text and, after validation, its error (aria-describedby, aria-invalid)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.describe_fields()

    def describe_fields(self) -> None:
        form: Any = self
        for name, field in form.fields.items():
            bound = form[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            if form._errors is not None and name in form._errors:  # only once validated
                ids.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids and not isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.describe_fields()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class _ScopeFields(Accessible, forms.Form):
    scope = forms.ChoiceField(
        label=_("Portée du consentement"),
        choices=Scope.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez la portée du consentement.")},
    )
    domain = forms.ModelChoiceField(
        label=_("Service"),
        queryset=ServiceDomain.objects.order_by("name"),
        required=False,
        empty_label=_("Tous les services éducatifs complémentaires"),
        error_messages={"invalid_choice": _("Choisissez un service de la liste.")},
    )
    shared_with = forms.CharField(
        label=_("Communiqué à (personne ou organisme)"),
        max_length=500,
        required=False,
        help_text=SHARING_HELP,
    )
    shared_what = forms.CharField(
        label=_("Renseignements communiqués"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=SHARING_HELP,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == Scope.SHARING:
            if not (data.get("shared_with") or "").strip():
                self.add_error("shared_with", _("Indiquez à qui les renseignements seront communiqués."))
            if not (data.get("shared_what") or "").strip():
                self.add_error("shared_what", _("Indiquez quels renseignements seront communiqués."))
        return data


class RequestForm(_ScopeFields):
    """Staff prepare a consent form to be signed in the portal."""

    explanation = forms.CharField(
        label=_("Explications pour la famille ou l'élève"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Pourquoi ce consentement est demandé, en mots simples. Ce texte fait partie du formulaire signé."
        ),
        error_messages={"required": _("Expliquez pourquoi ce consentement est demandé.")},
    )
    expires_on = forms.DateField(
        label=_("Valide jusqu'au (facultatif)"),
        required=False,
        widget=DateInput(),
        help_text=_("Laissé vide, la validité par défaut du centre de services s'applique."),
        error_messages={"invalid": _("Entrez une date valide (AAAA-MM-JJ).")},
    )

    field_order = ["scope", "domain", "shared_with", "shared_what", "explanation", "expires_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_expires_on(self) -> Any:
        value = self.cleaned_data.get("expires_on")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(_("La date de fin de validité doit être après aujourd'hui."))
        return value


class PaperForm(_ScopeFields):
    """A consent signed on paper, recorded by staff with its scan."""

    signer = forms.ChoiceField(
        label=_("Signé par"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez qui a signé le formulaire.")},
    )
    signed_on = forms.DateField(
        label=_("Date de la signature"),
        widget=DateInput(),
        error_messages={
            "required": _("Indiquez la date de la signature."),
            "invalid": _("Entrez une date valide (AAAA-MM-JJ)."),
        },
    )
    expires_on = forms.DateField(
        label=_("Valide jusqu'au (facultatif)"),
        required=False,
        widget=DateInput(),
        help_text=_("Laissé vide, la validité par défaut du centre de services s'applique."),
        error_messages={"invalid": _("Entrez une date valide (AAAA-MM-JJ).")},
    )
    scan = forms.FileField(
        label=_("Formulaire signé, numérisé (PDF, JPEG ou PNG)"),
        help_text=_(
            "Le contenu du fichier est vérifié. Il est chiffré et chaque consultation est journalisée."
        ),
        error_messages={
            "required": _("Joignez le formulaire signé, numérisé."),
            "empty": _("Le fichier numérisé est vide."),
        },
    )

    field_order = [
        "scope",
        "domain",
        "shared_with",
        "shared_what",
        "signer",
        "signed_on",
        "expires_on",
        "scan",
    ]

    def __init__(self, *args: Any, student: Student, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.student = student
        links = student.guardian_links.select_related("guardian").order_by("guardian__last_name")
        choices: list[tuple[str, str]] = [
            ("student", str(_("L'élève lui-même ou elle-même (14 ans ou plus)")))
        ]
        for link in links:
            label = f"{link.guardian} — {link.get_relationship_display()}"
            if not link.has_parental_authority:
                label += " " + str(_("(sans autorité parentale)"))
            choices.append((f"guardian-{link.guardian_id}", label))
        signer: Any = self.fields["signer"]
        signer.choices = choices
        self.scan_bytes = b""
        style_widgets(self)
        self.fields["scan"].widget.attrs["accept"] = (
            ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        )

    def clean_signed_on(self) -> Any:
        value = self.cleaned_data.get("signed_on")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("La date de signature ne peut pas être dans le futur."))
        return value

    def clean_scan(self) -> Any:
        upload = self.cleaned_data.get("scan")
        if upload is None:
            return upload
        from django.conf import settings

        if upload.size > settings.CONSENT_SCAN_MAX_BYTES:
            raise forms.ValidationError(
                _("Le fichier numérisé dépasse la taille permise (%(max)s Mo).")
                % {"max": settings.CONSENT_SCAN_MAX_BYTES // (1024 * 1024)}
            )
        data = upload.read()
        check_scan(data)  # raises a French ValidationError: content, not name
        self.scan_bytes = data
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        signed_on, expires_on = data.get("signed_on"), data.get("expires_on")
        if signed_on and expires_on and expires_on < signed_on:
            self.add_error("expires_on", _("La fin de validité doit suivre la date de signature."))
        if signed_on and data.get("signer"):
            kind, guardian = self.signer_parts()
            link = self.student.guardian_links.filter(guardian=guardian).first() if guardian else None
            refusal = logic.signing_refusal(
                kind,
                self.student.age(signed_on),
                has_parental_authority=link.has_parental_authority if link else True,
            )
            if refusal:
                self.add_error("signer", refusal)
        return data

    def signer_parts(self) -> tuple[str, Guardian | None]:
        value = self.cleaned_data.get("signer", "")
        if value == "student":
            return SignerKind.STUDENT, None
        guardian_id = int(value.removeprefix("guardian-"))
        return SignerKind.GUARDIAN, Guardian.objects.get(pk=guardian_id, links__student=self.student)

    def paper(self) -> PaperConsent:
        data = self.cleaned_data
        kind, guardian = self.signer_parts()
        return PaperConsent(
            scope=data["scope"],
            domain=data.get("domain"),
            signer_kind=kind,
            guardian=guardian,
            signed_on=data["signed_on"],
            expires_on=data.get("expires_on"),
            shared_with=data.get("shared_with", ""),
            shared_what=data.get("shared_what", ""),
            scan=self.scan_bytes,
        )


class SignForm(Accessible, forms.Form):
    agreed = forms.BooleanField(
        label=_("J'ai lu et je consens"),
        error_messages={"required": _("Cochez « J'ai lu et je consens » pour signer.")},
    )
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class RevokeForm(Accessible, forms.Form):
    reason = forms.CharField(
        label=_("Motif de la révocation"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, reason_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = reason_required
        field.error_messages["required"] = _("Indiquez le motif de la révocation.")
        if not reason_required:
            field.label = _("Motif (facultatif)")
        style_widgets(self)
