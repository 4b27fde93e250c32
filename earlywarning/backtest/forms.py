"""The forms of the backtest page: the folder to score, and the name of a fitted set to save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from earlywarning.backtest import criteria_sets
from earlywarning.backtest.calendar import EtapeCalendar
from lib.risk import Criterion

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
SIGNING_SALT = "earlywarning.backtest.fitted"
SIGNED_MAX_AGE = 24 * 3600


def max_upload_bytes() -> int:
    return int(getattr(settings, "EARLYWARNING_BACKTEST_MAX_BYTES", DEFAULT_MAX_BYTES))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv,.zip,text/csv,application/zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data]
        if not items:
            items = [None]  # nothing sent: the field's own "required" message
        return [single(item, initial) for item in items]


class BacktestForm(forms.Form):
    folder = MultipleFileField(
        label=_("Fichiers du dossier"),
        help_text=_(
            "Les fichiers CSV du dossier (eleves.csv, resultats.csv, absences.csv ou presences.csv, "
            "evenements.csv facultatif, issues.csv), ou une archive .zip qui les contient."
        ),
    )
    etape = forms.TypedChoiceField(label=_("Ce qui était connu à la fin de l'étape"), coerce=int, choices=())
    criteria = forms.ChoiceField(label=_("Ensemble de critères"), required=False, choices=())
    fit = forms.BooleanField(
        label=_("Apprendre aussi les poids (validation croisée en 10 plis répétée)"), required=False
    )

    def __init__(self, *args: Any, calendar: EtapeCalendar, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["etape"].choices = [  # type: ignore[attr-defined]
            (n, _("Étape %(n)s (fin le %(end)s)") % {"n": n, "end": end})
            for n, end in enumerate(calendar.labels(), start=1)
        ]
        self.fields["etape"].initial = min(2, calendar.count)
        choices = [("", _("L'ensemble en vigueur")), *criteria_sets.choices()]
        self.fields["criteria"].choices = choices  # type: ignore[attr-defined]

    def clean_folder(self) -> list[Any]:
        uploaded = self.cleaned_data["folder"]
        limit = max_upload_bytes()
        if sum(item.size for item in uploaded) > limit:
            raise forms.ValidationError(
                _("Les fichiers dépassent la taille permise (%(limit)s).") % {"limit": filesizeformat(limit)}
            )
        return uploaded


def sign_fitted(criteria: tuple[Criterion, ...], based_on: int | None, notes: str) -> str:
    payload = {"criteria": [c.to_dict() for c in criteria], "based_on": based_on, "notes": notes}
    return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


class SaveFittedForm(forms.Form):
    name = forms.CharField(label=_("Nom du nouvel ensemble de critères"), max_length=80)
    fitted = forms.CharField(widget=forms.HiddenInput)

    def clean_fitted(self) -> dict[str, Any]:
        try:
            payload = signing.loads(self.cleaned_data["fitted"], salt=SIGNING_SALT, max_age=SIGNED_MAX_AGE)
            payload["criteria"] = tuple(Criterion.from_dict(item) for item in payload["criteria"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise forms.ValidationError(
                _("Le résultat de l'ajustement a expiré ou a été modifié : relancez le backtest.")
            ) from None
        return dict(payload)
