"""The text of a consent form: shown in the portal, signed, and printed into the PDF word for word.

The portal page carries the digest of the text it showed; signing refuses a form whose text changed
since (another day, another expiry), so the PDF holds exactly what the signer read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from lib import consent as logic


@dataclass(frozen=True)
class FormText:
    title: str
    paragraphs: tuple[str, ...]
    expires_on: dt.date | None

    def digest(self) -> str:
        body = "\n\n".join((self.title, *self.paragraphs))
        return hashlib.sha256(body.encode("utf-8")).hexdigest()


def validity_policy() -> str | int | None:
    return logic.parse_validity(settings.CONSENT_VALIDITY)


def expiry_for(chosen: dt.date | None, signed_on: dt.date) -> dt.date | None:
    return chosen or logic.default_expiry(signed_on, validity_policy())


def scope_title(scope: str) -> str:
    return _("Consentement %(what)s") % {"what": logic.scope_phrase(scope)}


def scope_body(scope: str, shared_with: str, shared_what: str) -> list[str]:
    if scope == logic.EVALUATION:
        return [
            _(
                "J'autorise les professionnelles et professionnels des services éducatifs complémentaires "
                "à évaluer les besoins de l'élève (entrevues, observations, tests). Les résultats me sont "
                "expliqués et sont conservés au dossier professionnel, selon les règles de l'ordre "
                "professionnel."
            )
        ]
    if scope == logic.SERVICES:
        return [
            _(
                "J'autorise les services de suivi proposés à l'élève : rencontres individuelles ou en "
                "petit groupe, interventions et concertation avec l'équipe-école, selon le plan convenu."
            )
        ]
    if scope == logic.TELEPRACTICE:
        return [
            _("J'accepte que des rencontres aient lieu à distance, par vidéo (télépratique)."),
            _(
                "Risques pour la confidentialité : une personne de l'entourage peut entendre la rencontre ; "
                "un appareil partagé ou un réseau public peut exposer l'échange."
            ),
            _(
                "Mesures prises : un lien privé que seules les personnes prévues peuvent utiliser ; aucune "
                "rencontre n'est enregistrée ; la note indique où se trouvait l'élève. Une rencontre en "
                "personne peut être demandée en tout temps."
            ),
        ]
    return [
        _("J'autorise la communication des renseignements suivants : %(what)s") % {"what": shared_what},
        _("À : %(whom)s") % {"whom": shared_with},
    ]


def form_text(request: Any, signer_kind: str, on: dt.date) -> FormText:
    """The form for this request as the signer (a parent, or the student) sees it on `on`."""
    student = request.student
    age = student.age(on)
    expires_on = expiry_for(request.expires_on, on)
    service = request.domain.name if request.domain_id else _("tous les services éducatifs complémentaires")
    author = request.requested_by
    paragraphs = [
        _("Élève : %(name)s (date de naissance : %(birth)s), %(school)s.")
        % {"name": student.full_name, "birth": student.birth_date.isoformat(), "school": student.school.name},
        _("Service : %(service)s.") % {"service": service},
        *scope_body(request.scope, request.shared_with, request.shared_what),
        _("Explications de %(author)s : %(text)s")
        % {"author": author.get_full_name() or author.username, "text": request.explanation},
        _("Ce consentement est valide jusqu'au %(date)s, sauf révocation.") % {"date": expires_on.isoformat()}
        if expires_on
        else _("Ce consentement est valide jusqu'à sa révocation."),
        _(
            "Je peux le révoquer en tout temps, dans le portail Élève 360 ou en avisant l'école ; "
            "la révocation prend effet immédiatement."
        ),
        logic.rule_text(student.first_name, age),
    ]
    if signer_kind == logic.GUARDIAN:
        paragraphs.append(_("Je signe en tant que parent ou tuteur titulaire de l'autorité parentale."))
    else:
        paragraphs.append(_("Je signe moi-même, en tant qu'élève de 14 ans ou plus."))
    title = f"{scope_title(request.scope)} — {student.full_name}"
    return FormText(title=title, paragraphs=tuple(paragraphs), expires_on=expires_on)
