"""Criteria sets as versioned data: the contract the scores and the backtest build on.

- `create_criteria_set(name=..., criteria=..., author=None, based_on=None, notes="")` stores a new
  version of the named set (version 1 for a new name), after validation (French messages), with an
  audit row.
- `criteria_of(name=None)` returns the criteria of the latest version of the named set, or of the
  active default set; an unknown name raises `LookupError` with a French message.

The default set (`lib.risk.DEFAULT_CRITERIA`) ships with the product: a data migration creates it as
version 1 of « défaut », the active default. A version is never edited; a manager copies and adjusts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.audit import log_event
from earlywarning.models import CriteriaSet
from lib.risk import DEFAULT_CRITERIA, FACTS, Criterion, CriterionError

DEFAULT_NAME = "défaut"
NAME_MAX = 80
MAX_CRITERIA = 40
PERCENT_FACTS = frozenset({"attendance_rate_4w", "attendance_rate_year", "french_grade", "math_grade"})
EVENT_CREATED = "earlywarning.criteria_created"
EVENT_ACTIVATED = "earlywarning.criteria_activated"


def validate(name: str, criteria: Sequence[Criterion]) -> list[str]:
    """Every reason, in French, why this set cannot be stored (empty when it can)."""
    errors: list[str] = []
    name = (name or "").strip()
    if not name:
        errors.append(_("Donnez un nom à l'ensemble de critères."))
    elif len(name) > NAME_MAX:
        errors.append(_("Le nom dépasse %(max)s caractères.") % {"max": NAME_MAX})
    if not criteria:
        errors.append(_("Un ensemble doit contenir au moins un critère."))
    if len(criteria) > MAX_CRITERIA:
        errors.append(_("Un ensemble contient au plus %(max)s critères.") % {"max": MAX_CRITERIA})
    codes = [c.code for c in criteria]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        errors.append(_("Le code « %(code)s » est utilisé par plus d'un critère.") % {"code": code})
    for c in criteria:
        errors.extend(_criterion_errors(c))
    if criteria and sum(c.weight for c in criteria) <= 0:
        errors.append(_("La somme des poids doit être positive : au moins un critère doit compter."))
    return errors


def _criterion_errors(c: Criterion) -> list[str]:
    errors = []
    label = c.name or c.code
    if not c.code.strip() or not c.name.strip():
        errors.append(_("Chaque critère doit avoir un code et un nom."))
    if not c.description.strip():
        errors.append(_("Le critère « %(name)s » doit avoir une description en clair.") % {"name": label})
    if c.fact in PERCENT_FACTS and not 0 <= c.threshold <= 100:
        errors.append(
            _("Le seuil du critère « %(name)s » est un pourcentage : entre 0 et 100.") % {"name": label}
        )
    if c.weight > 100:
        errors.append(_("Le poids du critère « %(name)s » doit être de 100 ou moins.") % {"name": label})
    return errors


def create_criteria_set(
    *,
    name: str,
    criteria: Sequence[Criterion],
    author: Any = None,
    based_on: CriteriaSet | None = None,
    notes: str = "",
) -> CriteriaSet:
    """A new version of the named set (validated; audited). Raises `ValidationError` in French."""
    criteria = tuple(criteria)
    try:
        criteria = tuple(Criterion.from_dict(c.to_dict()) for c in criteria)
    except (CriterionError, KeyError, TypeError, ValueError) as exc:
        raise ValidationError(str(exc)) from exc
    errors = validate(name, criteria)
    if errors:
        raise ValidationError(errors)
    name = name.strip()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                latest = CriteriaSet.objects.filter(name=name).aggregate(v=Max("version"))["v"] or 0
                created = CriteriaSet.objects.create(
                    name=name,
                    version=latest + 1,
                    criteria=[c.to_dict() for c in criteria],
                    author=author if getattr(author, "is_authenticated", False) else None,
                    based_on=based_on,
                    notes=(notes or "").strip(),
                )
                log_event(
                    author,
                    created,
                    event=EVENT_CREATED,
                    version=created.version,
                    based_on=based_on.pk if based_on else None,
                    criteria=len(criteria),
                )
                return created
        except IntegrityError:  # another version of the same name was stored at the same moment
            continue
    raise ValidationError(_("Impossible d'enregistrer cette version : réessayez."))


def activate(author: Any, criteria_set: CriteriaSet) -> CriteriaSet:
    """Make this version the active default set (the one the weekly scores use); audited."""
    with transaction.atomic():
        CriteriaSet.objects.filter(is_default=True).exclude(pk=criteria_set.pk).update(is_default=False)
        CriteriaSet.objects.filter(pk=criteria_set.pk).update(is_default=True)
        criteria_set.is_default = True
        log_event(author, criteria_set, event=EVENT_ACTIVATED, version=criteria_set.version)
    return criteria_set


def ensure_default_set() -> CriteriaSet:
    """The active default set, created from `lib.risk.DEFAULT_CRITERIA` when there is none."""
    found = CriteriaSet.objects.filter(is_default=True).first()
    if found is not None:
        return found
    shipped = CriteriaSet.objects.filter(name=DEFAULT_NAME).order_by("-version").first()
    if shipped is None:
        shipped = create_criteria_set(
            name=DEFAULT_NAME,
            criteria=DEFAULT_CRITERIA,
            notes="Critères livrés avec Élève 360 (notes de domaine §7).",
        )
    return activate(None, shipped)


def criteria_set_of(name: str | None = None) -> CriteriaSet:
    """The latest version of the named set, or the active default set."""
    if name is None:
        return ensure_default_set()
    found = CriteriaSet.objects.filter(name=name.strip()).order_by("-version").first()
    if found is None:
        known = ", ".join(sorted(set(CriteriaSet.objects.values_list("name", flat=True)))) or "aucun"
        raise LookupError(f"Ensemble de critères inconnu « {name} ». Ensembles existants : {known}.")
    return found


def criteria_of(name: str | None = None) -> tuple[Criterion, ...]:
    """The criteria of the named set (latest version) or of the active default set."""
    return criteria_set_of(name).as_criteria()


def facts_choices() -> list[tuple[str, str]]:
    return [(code, label) for code, (label, _unit) in FACTS.items()]
