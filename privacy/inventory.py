"""The inventory of personal information, for the privacy impact assessment (A-2.1, art. 63.5): which
fields of each model hold personal information (found by introspection, encrypted ones marked), and,
declared here, why the model holds them, who can see them and how long they are kept.

A model of the project that holds personal information must be declared in `DECLARATIONS`
(`privacy/tests/test_inventory.py` fails otherwise): a new capability joins by adding its entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedBinaryField, EncryptedTextField

PROJECT_APPS = (
    "core",
    "students",
    "intake",
    "consents",
    "records",
    "plans",
    "documents",
    "scheduling",
    "earlywarning",
    "support",
    "insights",
    "privacy",
    "sis",
    "api",
    "demo",
)
PERSON_MODELS = {"students.student": "student", "students.guardian": "guardian", "core.user": "account"}
PERSONAL_NAMES = {
    "first_name",
    "last_name",
    "email",
    "phone",
    "birth_date",
    "sex",
    "code_permanent",
    "username",
    "signer_name",
    "requester_name",
    "student_hash",
    "recipient",
    "parent_name",
    "responsible_text",
}

# Who can see the model's rows (roles of core.models.Role), as the permission layer grants it.
STAFF_CASE = ("professional", "principal", "teacher")
FAMILY = ("guardian", "student")


@dataclass(frozen=True)
class Declaration:
    purpose: Any  # why the model holds it (lazy translation)
    roles: tuple[str, ...]  # who can see it
    retention: Any  # a kind of the retention schedule (privacy.schedule), or a sentence


def d(purpose: Any, roles: tuple[str, ...], retention: Any) -> Declaration:
    return Declaration(purpose, roles, retention)


KEEP_ACCOUNT = _("tant que le compte est actif")
KEEP_STUDENT = _("tant que l'élève fréquente le centre (dossier scolaire)")

DECLARATIONS: dict[str, Declaration] = {
    "core.user": d(
        _("Comptes du personnel et des familles : identification, rôle, connexion."),
        ("privacy_officer",),
        KEEP_ACCOUNT,
    ),
    "students.group": d(
        _("Groupes-repères et leurs enseignants : ouvrent l'accès aux élèves du groupe."),
        ("principal", "teacher"),
        KEEP_STUDENT,
    ),
    "students.student": d(
        _("Dossier scolaire : identité, inscription, alerte santé."), (*STAFF_CASE, *FAMILY), KEEP_STUDENT
    ),
    "students.guardian": d(
        _("Parents et tuteurs : joindre la famille, consentements, portail."),
        (*STAFF_CASE, "guardian"),
        KEEP_STUDENT,
    ),
    "students.guardianlink": d(
        _("Lien parent-élève et autorité parentale : qui agit pour l'élève."),
        (*STAFF_CASE, "guardian"),
        KEEP_STUDENT,
    ),
    "students.caseload": d(
        _("Charge de cas : ouvre le dossier de l'élève au professionnel qui le sert."),
        ("professional", "coordinator"),
        KEEP_STUDENT,
    ),
    "students.breakglassaccess": d(
        _("Accès d'urgence hors charge de cas : motif écrit, révision."),
        ("professional", "privacy_officer"),
        "audit_entry",
    ),
    "intake.servicerequest": d(
        _("Demande de service au guichet unique : besoin, triage, attente."),
        ("coordinator", "manager", *STAFF_CASE, *FAMILY),
        "service_request",
    ),
    "intake.requestevent": d(
        _("Étapes d'une demande de service."),
        ("coordinator", "manager", *STAFF_CASE, *FAMILY),
        "service_request",
    ),
    "intake.serviceepisode": d(
        _("Épisode de service : professionnel assigné, premier service, fermeture."),
        ("coordinator", "professional"),
        "service_request",
    ),
    "consents.consentrequest": d(
        _("Demande de consentement préparée par le personnel."), (*STAFF_CASE, *FAMILY), "consent_request"
    ),
    "consents.consent": d(
        _("Consentement signé : portée, signataire, échéance, révocation."), (*STAFF_CASE, *FAMILY), "consent"
    ),
    "consents.consentdocument": d(
        _("Formulaire signé (PDF) ou numérisé, chiffré."), (*STAFF_CASE, *FAMILY), "consent"
    ),
    "records.professionalrecord": d(
        _("Dossier professionnel tenu selon le règlement de l'ordre."),
        ("professional",),
        "professional_record",
    ),
    "records.entry": d(
        _("Notes et rapports signés du dossier professionnel."), ("professional",), "professional_record"
    ),
    "records.entryattachment": d(
        _("Données brutes jointes aux entrées (protocoles, numérisations)."),
        ("professional",),
        "professional_record",
    ),
    "records.publication": d(
        _("Conclusions et recommandations publiées au dossier d'aide particulière."),
        (*STAFF_CASE, *FAMILY),
        "professional_record",
    ),
    "records.recordshare": d(
        _("Communication du dossier sous consentement (professionnel, tiers)."),
        ("professional",),
        "professional_record",
    ),
    "records.recordtransfer": d(
        _("Transfert d'un dossier entre professionnels, sans lecture."),
        ("coordinator", "professional"),
        "professional_record",
    ),
    "support.tierdecision": d(
        _("Palier de soutien (1 à 3) décidé par une personne, avec son motif (Loi 25, art. 65.2)."),
        STAFF_CASE,
        KEEP_STUDENT,
    ),
    "support.intervention": d(
        _("Intervention ciblée : type, objectif, responsable, fréquence, durée prévue."),
        (*STAFF_CASE, *FAMILY),
        KEEP_STUDENT,
    ),
    "support.progresspoint": d(
        _("Points de suivi des progrès d'une intervention, contre la ligne d'objectif."),
        (*STAFF_CASE, *FAMILY),
        KEEP_STUDENT,
    ),
    "support.interventiondecision": d(
        _("Décision sur une intervention après le suivi (poursuivre, intensifier, modifier, cesser)."),
        (*STAFF_CASE, *FAMILY),
        KEEP_STUDENT,
    ),
    "earlywarning.attendance": d(
        _("Présences par période importées du système d'information : portraits et repérage."),
        ("principal", "teacher", "professional"),
        KEEP_STUDENT,
    ),
    "earlywarning.absencesummary": d(
        _("Jours d'absence des années passées (par année ou par étape) : repérage."),
        ("principal", "teacher", "professional"),
        KEEP_STUDENT,
    ),
    "earlywarning.grade": d(
        _("Résultats par étape et par matière importés : repérage (échec en français ou en mathématique)."),
        ("principal", "teacher", "professional"),
        KEEP_STUDENT,
    ),
    "earlywarning.behaviourevent": d(
        _("Manquements, incidents et jours de suspension importés : repérage."),
        ("principal", "teacher", "professional"),
        KEEP_STUDENT,
    ),
    "earlywarning.pastoutcome": d(
        _("Issue des années passées (réussite, échec, décrochage) : validation des critères."),
        ("principal", "manager"),
        KEEP_STUDENT,
    ),
    "earlywarning.studentweek": d(
        _("Faits hebdomadaires de présence par élève : portraits hebdomadaires et coefficient."),
        ("principal", "teacher", "professional", "manager"),
        KEEP_STUDENT,
    ),
    "earlywarning.riskscore": d(
        _("Coefficient de risque hebdomadaire avec les critères atteints et leurs valeurs (Loi 25, art. 65.2)."),
        ("principal", "teacher", "professional"),
        KEEP_STUDENT,
    ),
    "earlywarning.gradefacts": d(
        _("Faits tirés des résultats (français, mathématique, variation de la moyenne) : repérage."),
        ("principal", "teacher", "professional"),
        KEEP_STUDENT,
    ),
    "earlywarning.criteriaset": d(
        _("Ensembles de critères de repérage : auteur de chaque version."),
        ("manager",),
        KEEP_ACCOUNT,
    ),
    "insights.observation": d(
        _("Observation en classe d'un enseignant (date, domaine, texte court), au dossier de l'élève."),
        STAFF_CASE,
        KEEP_STUDENT,
    ),
    "plans.interventionplan": d(
        _("Plan d'intervention (LIP, art. 96.14) : analyse, phases, suivi."),
        (*STAFF_CASE, *FAMILY, "manager"),
        "plan",
    ),
    "plans.priorityneed": d(_("Besoins prioritaires du plan."), (*STAFF_CASE, *FAMILY), "plan"),
    "plans.objective": d(_("Objectifs mesurables du plan."), (*STAFF_CASE, *FAMILY), "plan"),
    "plans.means": d(_("Moyens du plan : qui, quoi, fréquence."), (*STAFF_CASE, *FAMILY), "plan"),
    "plans.participant": d(
        _("Participants au plan (personnel, parents, élève)."), (*STAFF_CASE, *FAMILY), "plan"
    ),
    "plans.review": d(_("Révisions du plan : constats et décisions."), (*STAFF_CASE, *FAMILY), "plan"),
    "plans.guardiansignature": d(
        _("Signatures du plan par les parents ou l'élève."), (*STAFF_CASE, *FAMILY), "plan"
    ),
    "plans.parentcontact": d(
        _("Contacts mensuels avec les parents (Régime pédagogique, art. 29)."), (*STAFF_CASE, *FAMILY), "plan"
    ),
    "plans.contactreminder": d(
        _("Rappels de contact envoyés au personnel (un par jour)."),
        ("principal", "teacher", "professional"),
        "plan",
    ),
    "documents.document": d(
        _("Documents versés au dossier scolaire ou d'aide particulière."), (*STAFF_CASE, *FAMILY), "document"
    ),
    "documents.documentcontent": d(_("Contenu chiffré des documents."), (*STAFF_CASE, *FAMILY), "document"),
    "scheduling.appointment": d(
        _("Rendez-vous d'un épisode de service : élèves, participants, modalité, lieu de l'élève."),
        ("professional", "principal", "teacher", *FAMILY),
        _("deux ans après le rendez-vous"),
    ),
    "scheduling.series": d(
        _("Séries hebdomadaires de rendez-vous : qui les a planifiées."), ("professional",), KEEP_ACCOUNT
    ),
    "scheduling.bookableslot": d(
        _("Plages offertes à la réservation par un professionnel."), ("professional", *FAMILY), KEEP_ACCOUNT
    ),
    "scheduling.availabilitypattern": d(
        _("Disponibilités hebdomadaires d'un professionnel, par école."), ("professional",), KEEP_ACCOUNT
    ),
    "scheduling.availabilityexception": d(
        _("Journées où un professionnel n'est pas disponible."), ("professional",), KEEP_ACCOUNT
    ),
    "scheduling.sentnotice": d(
        _("Courriels envoyés au sujet d'un rendez-vous (confirmation, rappel) : destinataire, moment."),
        ("professional",),
        _("deux ans après le rendez-vous"),
    ),
    "scheduling.calendarfeed": d(
        _("Adresse secrète de l'agenda personnel d'un professionnel."), ("professional",), KEEP_ACCOUNT
    ),
    "privacy.incident": d(
        _("Registre des incidents de confidentialité (art. 63.11)."),
        ("privacy_officer",),
        _("registre permanent"),
    ),
    "privacy.communication": d(
        _("Registre des communications sans consentement (art. 67.3)."),
        ("privacy_officer",),
        _("registre permanent"),
    ),
    "privacy.accessrequest": d(
        _("Demandes d'accès et leurs délais (art. 83 à 98)."), ("privacy_officer",), "access_request"
    ),
    "privacy.legalhold": d(
        _("Suspensions de la destruction (conservation obligatoire)."),
        ("privacy_officer",),
        _("jusqu'à la levée"),
    ),
    "privacy.destructionrun": d(
        _("Destructions selon le calendrier : qui a préparé, qui a approuvé."),
        ("privacy_officer", "manager"),
        _("registre permanent"),
    ),
    "privacy.destructionitem": d(
        _("Ce qui a été détruit : type, numéro, élève pseudonyme, règle."),
        ("privacy_officer", "manager"),
        _("registre permanent"),
    ),
}


@dataclass(frozen=True)
class FieldInfo:
    name: str
    label: str
    kind: str  # "encrypted", "student", "guardian", "account", "identity"
    encrypted: bool


def _field_info(field: Any) -> FieldInfo | None:
    label = str(getattr(field, "verbose_name", field.name))
    if isinstance(field, EncryptedTextField | EncryptedBinaryField):
        return FieldInfo(field.name, label, "encrypted", True)
    if (
        field.is_relation
        and field.related_model is not None
        and (field.many_to_one or field.one_to_one or field.many_to_many)
    ):
        person = PERSON_MODELS.get(field.related_model._meta.label_lower)
        if person:
            return FieldInfo(field.name, label, person, False)
        return None
    if field.name in PERSONAL_NAMES:
        return FieldInfo(field.name, label, "identity", False)
    return None


def personal_fields(model: type[models.Model]) -> list[FieldInfo]:
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    return [info for info in (_field_info(f) for f in fields) if info is not None]


def project_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


@dataclass(frozen=True)
class Row:
    label: str
    app: str
    name: str
    fields: list[FieldInfo]
    declaration: Declaration | None

    @property
    def encrypted_count(self) -> int:
        return sum(1 for f in self.fields if f.encrypted)


def inventory() -> list[Row]:
    """Every project model that holds personal information, with its fields and declaration."""
    rows = []
    for model in project_models():
        fields = personal_fields(model)
        if not fields:
            continue
        label = model._meta.label_lower
        rows.append(
            Row(
                label,
                str(model._meta.app_config.verbose_name) if model._meta.app_config else model._meta.app_label,
                str(model._meta.verbose_name),
                fields,
                DECLARATIONS.get(label),
            )
        )
    return sorted(rows, key=lambda r: r.label)


def undeclared() -> list[str]:
    return [r.label for r in inventory() if r.declaration is None]


def stale() -> list[str]:
    """Declarations whose model is gone or holds no personal information any more."""
    held = {r.label for r in inventory()}
    return sorted(set(DECLARATIONS) - held)
