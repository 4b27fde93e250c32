"""The parts of the readable copy that students, consents and intake hold (students/copy.py).

Each provider gives only what the requester may receive: the same rules as the pages they use every
day (the consents portal, the family's view of service requests), never staff-only notes. Other
capabilities (records, plans, documents) register their own provider through `students.copy.register`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Role
from students.copy import CopyItem, CopyPart, register

DASH = "—"


def day(value: dt.date | dt.datetime | None) -> str:
    """A date as YYYY-MM-DD (a moment in Montréal time); a dash when there is none."""
    if value is None:
        return DASH
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


def yes_no(value: bool) -> str:
    return _("Oui") if value else _("Non")


# --- Identity and school file ---------------------------------------------------------------------


def identity_part(user: Any, student: Any) -> CopyPart:
    from students.models import GuardianLink

    identity = CopyItem(
        _("Identité"),
        {
            _("Prénom"): student.first_name,
            _("Nom"): student.last_name,
            _("Code permanent"): student.code_permanent,
            _("Date de naissance"): day(student.birth_date),
            _("Sexe"): str(student.get_sex_display()),
        },
    )
    school: dict[str, str] = {
        _("École"): student.school.name,
        _("Niveau"): str(student.get_grade_level_display()),
        _("Groupe"): student.group.code if student.group else DASH,
    }
    if student.group is not None:
        school[_("Année scolaire")] = student.group.school_year.label
    school[_("Code EHDAA")] = str(student.get_ehdaa_code_display()) if student.ehdaa_code else _("Aucun")
    school[_("Années redoublées")] = str(student.years_repeated)
    # The health alert is the student's own information: the guardian and the student receive it.
    school[_("Alerte santé")] = student.health_alert or _("Aucune")
    items = [identity, CopyItem(_("Dossier scolaire"), school)]
    links = GuardianLink.objects.filter(student=student).select_related("guardian__user")
    for link in links.order_by("guardian__last_name", "guardian__first_name", "pk"):
        items.append(guardian_item(user, link))
    return CopyPart("identite", _("Identité et dossier scolaire"), items)


def guardian_item(user: Any, link: Any) -> CopyItem:
    """A parent or tutor and their link. Contact details only for the requester's own record: another
    adult's e-mail and telephone are that person's information, not the student's (A-2.1 art. 88)."""
    guardian = link.guardian
    fields = {
        _("Lien"): str(link.get_relationship_display()),
        _("Autorité parentale"): yes_no(link.has_parental_authority),
        _("Réside avec l'élève"): yes_no(link.lives_with_student),
        _("Compte au portail"): yes_no(guardian.user_id is not None),
    }
    if guardian.user_id is not None and guardian.user_id == user.pk:
        fields[_("Courriel")] = guardian.email or DASH
        fields[_("Téléphone")] = guardian.phone or DASH
        fields[_("Langue de communication")] = str(guardian.get_preferred_language_display())
    else:
        fields[_("Coordonnées")] = _("Non communiquées : elles concernent une autre personne.")
    title = _("Parent ou tuteur : %(name)s") % {"name": f"{guardian.first_name} {guardian.last_name}"}
    return CopyItem(title, fields)


# --- Consents -------------------------------------------------------------------------------------


def consents_part(user: Any, student: Any) -> CopyPart:
    """The consents this requester sees in "Mes consentements": a guardian never receives those that a
    student of 14 or older gave alone (`consents_visible_to` hides them)."""
    from consents.display import LABELS
    from consents.models import ConsentRequest
    from consents.queries import consents_visible_to, requests_visible_to
    from lib import consent as logic

    today = timezone.localdate()
    items: list[CopyItem] = []
    consents = (
        consents_visible_to(user)
        .filter(student=student)
        .select_related("domain", "student", "request")
        .order_by("-signed_at", "-pk")
    )
    for c in consents:
        state = c.state(today)
        fields = {
            _("Portée"): str(c.get_scope_display()),
            _("Service"): c.domain.name if c.domain else _("Tous les services"),
            _("Signataire"): f"{c.signer_name} ({c.get_signer_kind_display()})",
            _("Canal"): str(c.get_channel_display()),
            _("Signé le"): day(c.signed_at),
            _("Valide jusqu'au"): day(c.expires_on) if c.expires_on else _("Sans échéance"),
            _("État"): str(LABELS.get(state, state)),
        }
        if c.revoked_at:
            fields[_("Révoqué le")] = day(c.revoked_at)
        if c.scope == logic.SHARING and user.has_perm("consents.read_content", c):
            fields[_("Communiqué à")] = c.shared_with or DASH
            fields[_("Renseignements communiqués")] = c.shared_what or DASH
        items.append(CopyItem(_("Consentement nº %(number)s") % {"number": c.pk}, fields))
    pending = (
        requests_visible_to(user)
        .filter(student=student)
        .select_related("domain")
        .order_by("-created_at", "-pk")
    )
    for r in pending:
        fields = {
            _("Portée"): str(r.get_scope_display()),
            _("Service"): r.domain.name if r.domain else _("Tous les services"),
            _("Préparée le"): day(r.created_at),
            _("Statut"): str(r.get_status_display()),
        }
        if r.status != ConsentRequest.Status.PENDING:
            fields[_("Fermée le")] = day(r.closed_at)
        items.append(CopyItem(_("Demande de consentement nº %(number)s") % {"number": r.pk}, fields))
    if getattr(user, "role", "") == Role.GUARDIAN and student.age(today) >= logic.SOLO_CONSENT_AGE:
        note = _(
            "À 14 ans ou plus, %(name)s donne ses consentements seul ou seule (Code civil du Québec, "
            "art. 14) : ceux-ci ne vous sont pas communiqués. %(name)s peut demander sa propre copie."
        ) % {"name": student.first_name}
        items.append(CopyItem(_("À noter"), {_("Consentements donnés par l'élève"): note}))
    return CopyPart("consentements", _("Consentements"), items)


# --- Service requests -----------------------------------------------------------------------------


def requests_part(user: Any, student: Any) -> CopyPart:
    """The service requests as intake shows them to the family: service, dates, status; never the
    staff notes, the priority or the descriptions written by staff. Whether consents are on file is
    shown only to whom intake shows it (not to the guardian of a student of 14 or older)."""
    from intake import consent_status
    from intake.models import OPEN_STATUSES
    from intake.queries import requests_visible_to

    requests = (
        requests_visible_to(user)
        .filter(student=student)
        .select_related("domain", "redirected_to", "assigned_to")
        .prefetch_related("events")
        .order_by("-created_at", "-pk")
    )
    show_consents = consent_status.may_see_status(user, student)
    items = []
    for sr in requests:
        fields = {
            _("Service"): sr.domain.name,
            _("Statut"): str(sr.get_status_display()),
            _("Déposée le"): day(sr.created_at),
        }
        for label, value in (
            (_("Triée le"), sr.triaged_at),
            (_("Assignée le"), sr.assigned_at),
            (_("Fermée le"), sr.closed_at),
        ):
            if value is not None:
                fields[label] = day(value)
        if sr.assigned_to is not None:
            fields[_("Assignée à")] = sr.assigned_to.get_full_name()
        if sr.redirected_to is not None:
            fields[_("Réorientée vers")] = sr.redirected_to.name
        steps = [f"{day(e.at)} : {e.get_to_status_display()}" for e in sr.events.all()]
        if steps:
            fields[_("Étapes")] = " ; ".join(steps)
        if show_consents and sr.status in OPEN_STATUSES:
            for row in consent_status.status_rows(student, consent_status.shown_scopes(sr), sr.domain):
                label = _("Consentement requis : %(scope)s") % {"scope": row["label"]}
                fields[label] = _("Au dossier") if row["on_file"] else _("Manquant")
        items.append(CopyItem(_("Demande de service nº %(number)s") % {"number": sr.pk}, fields))
    return CopyPart("demandes", _("Demandes de service"), items)


def register_all() -> None:
    """Called once from StudentsConfig.ready(); registering twice is harmless."""
    register(identity_part)
    register(consents_part)
    register(requests_part)
