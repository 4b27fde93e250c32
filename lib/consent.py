"""Consent rules without the database: who may sign, whether a consent holds on a date, what is missing.

Civil Code of Québec, art. 14 and 17: from 14 years of age a student consents alone to care (and the
parents are not informed automatically); under 14, a holder of parental authority consents. A consent
holds on a day when it was signed on or before that day, has not expired and has not been revoked;
a revocation takes effect on the day it is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

SOLO_CONSENT_AGE = 14  # C.c.Q. art. 14

EVALUATION = "evaluation"
SERVICES = "services"
TELEPRACTICE = "telepractice"
SHARING = "sharing"
SCOPES = (EVALUATION, SERVICES, TELEPRACTICE, SHARING)

GUARDIAN = "guardian"
STUDENT = "student"

VALID = "valid"
EXPIRED = "expired"
REVOKED = "revoked"
NOT_YET = "not_yet"  # signed after the day asked about
ABSENT = "absent"


def signer_kinds_for_age(age: int) -> frozenset[str]:
    """Who gives a consent for a student of this age: the student from 14, a parent before."""
    return frozenset({STUDENT}) if age >= SOLO_CONSENT_AGE else frozenset({GUARDIAN})


def signing_refusal(kind: str, age: int, *, has_parental_authority: bool = True) -> str | None:
    """Why this signer may not consent for a student of this age (French), or None when they may."""
    if kind == STUDENT and age < SOLO_CONSENT_AGE:
        return _(
            "L'élève a %(age)s ans : avant 14 ans, le consentement est donné par un titulaire de "
            "l'autorité parentale (Code civil du Québec, art. 14)."
        ) % {"age": age}
    if kind == GUARDIAN and age >= SOLO_CONSENT_AGE:
        return _(
            "L'élève a %(age)s ans : à 14 ans ou plus, l'élève consent seul ou seule "
            "(Code civil du Québec, art. 14) ; le parent ne signe pas à sa place."
        ) % {"age": age}
    if kind == GUARDIAN and not has_parental_authority:
        return _("Cette personne n'est pas titulaire de l'autorité parentale : elle ne peut pas consentir.")
    if kind not in (GUARDIAN, STUDENT):
        return _("Signataire inconnu.")
    return None


def may_sign(kind: str, age: int, *, has_parental_authority: bool = True) -> bool:
    return signing_refusal(kind, age, has_parental_authority=has_parental_authority) is None


def rule_text(first_name: str, age: int) -> str:
    """The 14-year rule as shown on every consent page, for this student."""
    if age >= SOLO_CONSENT_AGE:
        return _(
            "%(name)s a %(age)s ans : à 14 ans ou plus, l'élève donne son consentement seul ou seule "
            "(Code civil du Québec, art. 14) et ses parents n'en sont pas informés automatiquement."
        ) % {"name": first_name, "age": age}
    return _(
        "%(name)s a %(age)s ans : avant 14 ans, le consentement est donné par un parent ou un tuteur "
        "titulaire de l'autorité parentale (Code civil du Québec, art. 14)."
    ) % {"name": first_name, "age": age}


def born_after_for_age(today: dt.date, age: int) -> dt.date:
    """Students born after this day are younger than `age` on `today` (29 February → 28)."""
    try:
        return today.replace(year=today.year - age)
    except ValueError:
        return today.replace(year=today.year - age, day=28)


# --- Validity -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentFacts:
    """What decides whether a consent holds: its scope and service, and its dates."""

    scope: str
    domain_id: int | None  # None: every service
    signed_on: dt.date
    expires_on: dt.date | None = None
    revoked_on: dt.date | None = None


def state_on(facts: ConsentFacts, on: dt.date) -> str:
    if facts.revoked_on is not None and facts.revoked_on <= on:
        return REVOKED
    if facts.signed_on > on:
        return NOT_YET
    if facts.expires_on is not None and on > facts.expires_on:
        return EXPIRED
    return VALID


def is_valid_on(facts: ConsentFacts, on: dt.date) -> bool:
    return state_on(facts, on) == VALID


def covers(facts: ConsentFacts, scope: str, domain_id: int | None) -> bool:
    """A consent for every service covers each one; a question about no service in particular is
    answered by a consent of the scope for any service."""
    if facts.scope != scope:
        return False
    return facts.domain_id is None or domain_id is None or facts.domain_id == domain_id


@dataclass(frozen=True)
class Gap:
    """A scope without a valid consent, and the latest consent that once covered it (if any)."""

    scope: str
    state: str  # absent, expired, revoked, not_yet
    since: dt.date | None = None  # expired on / revoked on / signed on


def gaps(
    consents: Iterable[ConsentFacts], scopes: Sequence[str], domain_id: int | None, on: dt.date
) -> list[Gap]:
    found = list(consents)
    result: list[Gap] = []
    for scope in dict.fromkeys(scopes):
        mine = [c for c in found if covers(c, scope, domain_id)]
        if any(is_valid_on(c, on) for c in mine):
            continue
        if not mine:
            result.append(Gap(scope, ABSENT))
            continue
        latest = max(mine, key=lambda c: c.signed_on)
        state = state_on(latest, on)
        since = {REVOKED: latest.revoked_on, EXPIRED: latest.expires_on, NOT_YET: latest.signed_on}.get(state)
        result.append(Gap(scope, state, since))
    return result


def missing_scopes(
    consents: Iterable[ConsentFacts], scopes: Sequence[str], domain_id: int | None, on: dt.date
) -> list[str]:
    """The scopes asked for that no valid consent covers on that day, in the order asked."""
    return [gap.scope for gap in gaps(consents, scopes, domain_id, on)]


# --- Messages -------------------------------------------------------------------------------------


def scope_phrase(scope: str) -> str:
    """'à la télépratique', to follow 'Consentement'."""
    return {
        EVALUATION: _("à l'évaluation"),
        SERVICES: _("aux services de suivi"),
        TELEPRACTICE: _("à la télépratique"),
        SHARING: _("au partage de renseignements"),
    }.get(scope, scope)


def scope_noun(scope: str) -> str:
    return {
        EVALUATION: _("évaluation"),
        SERVICES: _("services de suivi"),
        TELEPRACTICE: _("télépratique"),
        SHARING: _("partage de renseignements"),
    }.get(scope, scope)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(list)s et %(last)s") % {"list": ", ".join(items[:-1]), "last": items[-1]}


def _gap_detail(gap: Gap) -> str:
    day = gap.since.isoformat() if gap.since else ""
    if gap.state == REVOKED:
        return _("révoqué le %(date)s") % {"date": day}
    if gap.state == EXPIRED:
        return _("expiré le %(date)s") % {"date": day}
    if gap.state == NOT_YET:
        return _("signé seulement le %(date)s") % {"date": day}
    return _("jamais donné")


def missing_message(first_name: str, found: Sequence[Gap], age: int) -> str:
    """'Consentement à la télépratique manquant pour Alice : révoqué le 2026-11-03. À obtenir de…'"""
    if not found:
        return ""
    phrases = [scope_phrase(g.scope) for g in found]
    if len(found) == 1:
        head = _("Consentement %(what)s manquant pour %(name)s") % {"what": phrases[0], "name": first_name}
        detail = _gap_detail(found[0])
    else:
        head = _("Consentements %(what)s manquants pour %(name)s") % {
            "what": _join(phrases),
            "name": first_name,
        }
        detail = " ; ".join(f"{scope_noun(g.scope)} — {_gap_detail(g)}" for g in found)
    if age >= SOLO_CONSENT_AGE:
        who = _("À obtenir de l'élève, qui a 14 ans ou plus (Code civil du Québec, art. 14).")
    else:
        who = _(
            "à obtenir d'un parent ou tuteur titulaire de l'autorité parentale (élève de moins de 14 ans)."
        )
    return f"{head} : {detail}. {who}"


# --- Default validity -----------------------------------------------------------------------------


def parse_validity(raw: str) -> str | int | None:
    """The CONSENT_VALIDITY setting: a number of days, 'school_year' (until 30 June) or 'none'."""
    value = raw.strip().lower()
    if value in ("", "none", "aucune"):
        return None
    if value in ("school_year", "annee_scolaire"):
        return "school_year"
    if value.isdecimal() and int(value) > 0:
        return int(value)
    raise ValueError(
        f"CONSENT_VALIDITY={raw!r} : un nombre de jours, « school_year » ou « none » / "
        "a number of days, 'school_year' or 'none'"
    )


def default_expiry(signed_on: dt.date, policy: str | int | None) -> dt.date | None:
    """When a consent expires if nobody chose a date: after N days, or at the end of the school year
    (30 June) in progress — the next one when signed in June, so that a consent never lasts days."""
    if policy is None:
        return None
    if policy == "school_year":
        end_year = signed_on.year + 1 if signed_on.month >= 6 else signed_on.year
        return dt.date(end_year, 6, 30)
    return signed_on + dt.timedelta(days=int(policy))
