"""Forms of publishing, sharing and transfer. The actions validate again; the forms keep what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consents.forms import Accessible, style_widgets
from consents.models import Consent, Scope
from core.models import Role, User
from records.models import PublicationKind
from records.publishing import TEXT_MAX as PUBLICATION_MAX
from records.sharing import TEXT_MAX
from records.transfer import REASON_MAX


class _Styled(Accessible, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.finish()

    def finish(self) -> None:
        """After fields are added: Bootstrap classes and aria descriptions on every widget."""
        style_widgets(self)
        self.describe_fields()


class PublicationForm(_Styled):
    kind = forms.ChoiceField(label=_("Type"), choices=PublicationKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Texte publié au dossier d'aide particulière"),
        max_length=PUBLICATION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Visible par la direction, les enseignant·es du groupe, les professionnel·les qui servent "
            "l'élève, l'élève et, avant 14 ans, ses parents. N'y mettez que ce dont l'équipe-école a "
            "besoin pour aider."
        ),
    )


class ConsentChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        signed = timezone.localtime(obj.signed_at).date().isoformat()
        label = _("Consentement nº %(id)s, signé le %(date)s par %(who)s") % {
            "id": obj.pk,
            "date": signed,
            "who": obj.signer_name,
        }
        if obj.expires_on:
            label += " — " + _("valide jusqu'au %(date)s") % {"date": obj.expires_on.isoformat()}
        if self.user is not None and self.user.has_perm("consents.read_content", obj) and obj.shared_with:
            label += " — " + _("communiqué à : %(who)s") % {"who": obj.shared_with}
        return str(label)


def valid_sharing_consents(student: Any) -> list[Consent]:
    today = timezone.localdate()
    found = Consent.objects.filter(student=student, scope=Scope.SHARING, revoked_at__isnull=True)
    return [c for c in found.select_related("domain").order_by("-signed_at") if c.state(today) == "valid"]


def _consent_field(student: Any, user: Any) -> ConsentChoiceField:
    ids = [c.pk for c in valid_sharing_consents(student)]
    return ConsentChoiceField(
        label=_("Consentement au partage"),
        queryset=Consent.objects.filter(pk__in=ids).order_by("-signed_at"),
        user=user,
        empty_label=None if ids else _("Aucun consentement au partage valide"),
        error_messages={
            "required": _("Choisissez le consentement au partage qui autorise cette communication.")
        },
    )


class ProfessionalShareForm(_Styled):
    def __init__(self, *args: Any, record: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["professional"] = forms.ModelChoiceField(
            label=_("Professionnel·le qui consultera le dossier"),
            queryset=User.objects.filter(role=Role.PROFESSIONAL, is_active=True, centre_id=user.centre_id)
            .exclude(pk=record.professional_id)
            .order_by("last_name", "first_name"),
            error_messages={"required": _("Choisissez le ou la professionnel·le.")},
        )
        self.fields["consent"] = _consent_field(record.student, user)
        self.finish()


class ThirdPartyCopyForm(_Styled):
    recipient = forms.CharField(
        label=_("Destinataire (personne ou organisme)"),
        max_length=TEXT_MAX,
        error_messages={"required": _("Indiquez à qui la copie sera remise (personne ou organisme).")},
    )
    purpose = forms.CharField(
        label=_("Fin de la communication"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Indiquez à quelle fin la copie est communiquée.")},
    )
    emergency_waiver = forms.BooleanField(
        label=_("Urgence : remettre la copie sans attendre le délai"),
        required=False,
    )
    waiver_reason = forms.CharField(
        label=_("Motif de l'urgence"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, record: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"] = _consent_field(record.student, user)
        self.finish()


class TransferForm(_Styled):
    reason = forms.CharField(
        label=_("Motif du transfert"),
        max_length=REASON_MAX,
        error_messages={
            "required": _("Indiquez le motif du transfert (par exemple : départ à la retraite).")
        },
    )

    def __init__(self, *args: Any, records: list[Any], targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["records"] = forms.MultipleChoiceField(
            label=_("Dossiers à transférer"),
            choices=[(str(r.pk), str(r.pk)) for r in records],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Cochez au moins un dossier à transférer.")},
        )
        self.fields["to_professional"] = forms.ModelChoiceField(
            label=_("Professionnel·le qui reprend les dossiers"),
            queryset=targets,
            error_messages={"required": _("Choisissez le ou la professionnel·le qui reprend les dossiers.")},
        )
        self.finish()
