"""Serializers of the guichet unique API: service requests, the bodies of their actions, waiting lists.

Who reads what is decided by the web layer's rules, reused here and never restated: the free texts
(situation, what was tried) follow `intake.views.may_read_details`; the requester, the filing facts and
the staff notes follow `may_read_notes`; families never see the priority nor the service episode.
Hidden fields are absent from the answer, not empty.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import SchoolSummarySerializer
from core.models import Network, Role, ServiceDomain
from intake.actions import Outcome
from intake.forms import TEXT_MAX, TIER_CHOICES
from intake.models import (
    MandateOrigin,
    Modality,
    ReasonChoice,
    RequestEvent,
    SchoolingImpact,
    ServiceEpisode,
    ServiceRequest,
    Status,
    Urgency,
)
from intake.views import Act, may_read_details, may_read_notes
from students.models import Student

FAMILY_ROLES = frozenset({Role.GUARDIAN, Role.STUDENT})
DETAIL_FIELDS = ("details", "already_tried")
NOTE_FIELDS = (
    "requested_by",
    "mandate_origin",
    "reasons",
    "urgency",
    "schooling_impact",
    "tier",
    "tried_weeks",
    "modality",
    "availability",
    "status_note",
)
STAFF_FIELDS = ("priority", "priority_parts")
ACTION_NAMES = [
    Act.ASK,
    Act.ANSWER,
    Act.REDIRECT,
    Act.REFUSE,
    Act.ACCEPT,
    Act.ASSIGN,
    Act.FIRST_SERVICE,
    Act.CLOSE,
    Act.WITHDRAW,
]


def viewer_of(serializer: serializers.BaseSerializer[Any]) -> Any:
    """The user the answer is for: `viewer` in the context (see intake_views.viewer), else the request's."""
    context = serializer.context
    if "viewer" in context:
        return context["viewer"]
    request = context.get("request")
    return getattr(request, "user", None)


def is_family(user: Any) -> bool:
    return getattr(user, "role", "") in FAMILY_ROLES


# --- References -----------------------------------------------------------------------------------


class DomainSerializer(serializers.ModelSerializer[ServiceDomain]):
    """Un service éducatif complémentaire (psychologie, orthophonie…)."""

    class Meta:
        model = ServiceDomain
        fields = ["id", "code", "name"]
        read_only_fields = fields


class NetworkSerializer(serializers.ModelSerializer[Network]):
    """Un réseau d'écoles du centre de services scolaire."""

    class Meta:
        model = Network
        fields = ["id", "name"]
        read_only_fields = fields


class PersonSerializer(serializers.Serializer[Any]):
    """Une personne du centre : identifiant et nom affiché."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True, help_text="Prénom et nom.")


class RequestStudentSerializer(serializers.ModelSerializer[Student]):
    """L'élève visé par la demande : identifiant, nom et prénom seulement."""

    class Meta:
        model = Student
        fields = ["id", "last_name", "first_name"]
        read_only_fields = fields


# --- Service requests -----------------------------------------------------------------------------


class ServiceRequestSerializer(serializers.Serializer[ServiceRequest]):
    """Une demande de service visible par l'utilisateur.

    Les champs marqués « selon le rôle » sont absents de la réponse pour qui ne peut pas les lire.
    """

    id = serializers.IntegerField(read_only=True)
    student = RequestStudentSerializer(read_only=True)
    school = SchoolSummarySerializer(source="student.school", read_only=True)
    domain = DomainSerializer(read_only=True)
    network = NetworkSerializer(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    created_at = serializers.DateTimeField(read_only=True, help_text="Dépôt de la demande.")
    triaged_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="Triage.")
    accepted_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Acceptation (entrée en liste d'attente)."
    )
    assigned_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="Assignation.")
    closed_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="Fermeture.")
    assigned_to = PersonSerializer(read_only=True, allow_null=True, help_text="Professionnel·le assigné·e.")
    redirected_to = DomainSerializer(
        read_only=True, allow_null=True, help_text="Service vers lequel réorientée."
    )
    version = serializers.IntegerField(
        read_only=True, help_text="À renvoyer avec chaque action : une version périmée donne 409."
    )
    # Selon le rôle : personnel seulement (ni parent ni élève).
    priority = serializers.IntegerField(
        required=False, allow_null=True, help_text="Priorité (points). Personnel seulement."
    )
    priority_parts = serializers.DictField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Points par facteur de la grille (urgence, impact, palier, attente, IMSE). "
        "Personnel seulement.",
    )
    # Selon le rôle : le personnel et le demandeur (may_read_notes).
    requested_by = PersonSerializer(required=False, help_text="Demandeur. Personnel et demandeur seulement.")
    mandate_origin = serializers.ChoiceField(choices=MandateOrigin.choices, required=False)
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=ReasonChoice.choices), required=False
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    schooling_impact = serializers.ChoiceField(choices=SchoolingImpact.choices, required=False)
    tier = serializers.IntegerField(required=False, help_text="Palier de soutien déjà offert (1 à 3).")
    tried_weeks = serializers.IntegerField(required=False)
    modality = serializers.ChoiceField(choices=Modality.choices, required=False)
    availability = serializers.CharField(required=False)
    status_note = serializers.CharField(
        required=False,
        help_text="Note du dernier changement de statut (question, motif du refus…). "
        "Personnel et demandeur seulement.",
    )
    # Selon le rôle : demandeur, coordination, direction de l'école, professionnel·le assigné·e.
    details = serializers.CharField(
        required=False,
        help_text="Description de la situation. Demandeur, coordination, direction de l'école et "
        "professionnel·le assigné·e seulement.",
    )
    already_tried = serializers.CharField(
        required=False, help_text="Ce qui a déjà été essayé. Mêmes lecteurs que `details`."
    )

    def hidden_fields(self, instance: ServiceRequest) -> set[str]:
        user = viewer_of(self)
        hidden: set[str] = set()
        if not may_read_details(user, instance):
            hidden.update(DETAIL_FIELDS)
        if not may_read_notes(user, instance):
            hidden.update(NOTE_FIELDS)
        if is_family(user):
            hidden.update(STAFF_FIELDS)
        return hidden

    def to_representation(self, instance: ServiceRequest) -> dict[str, Any]:
        hidden = self.hidden_fields(instance)
        data: dict[str, Any] = {}
        for name, field in self.fields.items():
            if name in hidden:
                continue
            attribute = field.get_attribute(instance)
            data[name] = None if attribute is None else field.to_representation(attribute)
        return data


class RequestEventSerializer(serializers.Serializer[RequestEvent]):
    """Une étape de l'historique. La note : personnel et demandeur seulement."""

    at = serializers.DateTimeField(read_only=True)
    actor = serializers.CharField(source="actor.__str__", read_only=True, help_text="Qui.")
    from_status = serializers.CharField(
        read_only=True, help_text="Statut d'avant (mêmes valeurs que `status`) ; vide pour le dépôt."
    )
    to_status = serializers.CharField(
        read_only=True, help_text="Statut d'après (mêmes valeurs que `status`)."
    )
    note = serializers.CharField(required=False, help_text="Personnel et demandeur seulement.")


class EpisodeSerializer(serializers.Serializer[ServiceEpisode]):
    """L'épisode de service ouvert par l'assignation. La note de fermeture : sa professionnelle seulement."""

    professional = PersonSerializer(read_only=True)
    opened_at = serializers.DateTimeField(read_only=True)
    first_service_at = serializers.DateTimeField(read_only=True, allow_null=True)
    closed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    outcome = serializers.ChoiceField(
        choices=Outcome.CHOICES,
        allow_blank=True,
        read_only=True,
        help_text="Vide tant que le suivi est ouvert.",
    )
    closing_note = serializers.CharField(required=False, help_text="Professionnel·le de l'épisode seulement.")

    def to_representation(self, instance: ServiceEpisode) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if instance.professional_id != getattr(viewer_of(self), "pk", None):
            data.pop("closing_note", None)
        return data


class ServiceRequestDetailSerializer(ServiceRequestSerializer):
    """Une demande avec son historique, son épisode de service et les actions possibles maintenant."""

    events = serializers.SerializerMethodField(help_text="Historique, du plus ancien au plus récent.")
    episode = serializers.SerializerMethodField(help_text="Personnel seulement ; null sans assignation.")
    actions = serializers.SerializerMethodField(
        help_text="Actions que l'utilisateur peut faire maintenant (chemin `/api/demandes/{id}/<action>/`)."
    )

    @extend_schema_field(RequestEventSerializer(many=True))
    def get_events(self, obj: ServiceRequest) -> list[dict[str, Any]]:
        show_notes = may_read_notes(viewer_of(self), obj)
        rows = []
        for event in self.context["events"]:
            row = dict(RequestEventSerializer(event).data)
            if not show_notes:
                row.pop("note", None)
            rows.append(row)
        return rows

    @extend_schema_field(EpisodeSerializer(allow_null=True, required=False))
    def get_episode(self, obj: ServiceRequest) -> dict[str, Any] | None:
        episode = self.context["episode"]
        if episode is None:
            return None
        return dict(EpisodeSerializer(episode, context=self.context).data)

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=ACTION_NAMES)))
    def get_actions(self, obj: ServiceRequest) -> list[str]:
        return sorted(self.context["actions"])

    def hidden_fields(self, instance: ServiceRequest) -> set[str]:
        hidden = super().hidden_fields(instance)
        if is_family(viewer_of(self)):
            hidden.add("episode")
        return hidden


# --- Bodies of the requests and actions -----------------------------------------------------------


def _text(help_text: str, *, required: bool = True) -> serializers.CharField:
    """A free text of the forms' length; an optional one defaults to empty."""
    if required:
        return serializers.CharField(max_length=TEXT_MAX, help_text=help_text)
    return serializers.CharField(max_length=TEXT_MAX, allow_blank=True, default="", help_text=help_text)


class RequestFilingSerializer(serializers.Serializer[Any]):
    """Une demande de service pour un élève : une demande distincte est ouverte par service demandé."""

    student = serializers.IntegerField(help_text="Identifiant de l'élève (il doit vous être visible).")
    domains = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=ServiceDomain.objects.all(),
        allow_empty=False,
        help_text="Identifiants des services demandés.",
        error_messages={"empty": _("Choisissez au moins un service.")},
    )
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=ReasonChoice.choices),
        allow_empty=False,
        help_text="Motifs de la demande.",
        error_messages={"empty": _("Choisissez au moins un motif.")},
    )
    details = _text(help_text="Description de la situation : des faits observés, sans diagnostic (chiffrée).")
    already_tried = _text(required=False, help_text="Ce qui a déjà été essayé.")
    tried_weeks = serializers.IntegerField(
        min_value=0, max_value=520, default=0, help_text="Depuis combien de semaines."
    )
    tier = serializers.ChoiceField(
        choices=TIER_CHOICES, default=1, help_text="Palier de soutien déjà offert."
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.MODERATE)
    schooling_impact = serializers.ChoiceField(choices=SchoolingImpact.choices, default=SchoolingImpact.MILD)
    availability = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default="", help_text="Disponibilités de l'élève."
    )
    modality = serializers.ChoiceField(choices=Modality.choices, default=Modality.ANY)
    mandate_origin = serializers.ChoiceField(
        choices=MandateOrigin.choices,
        default=MandateOrigin.SCHOOL,
        help_text="Origine du mandat. Pour un parent, toujours `family`, quoi qu'on envoie.",
    )

    def validate_domains(self, value: list[ServiceDomain]) -> list[ServiceDomain]:
        return list(dict.fromkeys(value))  # the same service twice is one request


class VersionSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(
        min_value=1, help_text="La version de la demande lue avant d'agir (champ `version`)."
    )


class AskInformationSerializer(VersionSerializer):
    """Demander des précisions au demandeur."""

    question = _text(help_text="La question, transmise au demandeur.")


class AnswerInformationSerializer(VersionSerializer):
    """Répondre à la question du guichet unique (le demandeur)."""

    answer = _text(help_text="La réponse.")


class RedirectSerializer(VersionSerializer):
    """Réorienter vers un autre service : ferme la demande et en ouvre une dans ce service."""

    domain = serializers.PrimaryKeyRelatedField(
        queryset=ServiceDomain.objects.all(), help_text="Identifiant du service visé."
    )
    note = _text(help_text="Note au demandeur.")


class RefuseSerializer(VersionSerializer):
    """Refuser la demande, avec un motif transmis au demandeur."""

    reason = _text(help_text="Motif du refus, transmis au demandeur.")


class AcceptSerializer(VersionSerializer):
    """Accepter et placer en liste d'attente ; la priorité est calculée avec la grille du centre."""

    urgency = serializers.ChoiceField(choices=Urgency.choices)
    schooling_impact = serializers.ChoiceField(choices=SchoolingImpact.choices)
    tier = serializers.ChoiceField(choices=TIER_CHOICES, help_text="Palier de soutien déjà offert.")
    note = _text(required=False, help_text="Note (facultative).")


class AssignSerializer(VersionSerializer):
    """Assigner à un·e professionnel·le qui offre ce service dans le réseau de l'école."""

    professional = serializers.IntegerField(
        min_value=1, help_text="Identifiant du ou de la professionnel·le."
    )


class CloseSerializer(VersionSerializer):
    """Fermer le suivi avec son issue (la professionnelle assignée)."""

    outcome = serializers.ChoiceField(choices=Outcome.CHOICES, help_text="Issue du suivi.")
    note = _text(help_text="Note de fermeture (lue par la professionnelle seulement).")


class WithdrawSerializer(VersionSerializer):
    """Retirer sa demande (le demandeur)."""

    note = _text(required=False, help_text="Raison du retrait (facultative).")


class FiledRequestsSerializer(serializers.Serializer[Any]):
    """Les demandes ouvertes par un dépôt, une par service demandé."""

    results = ServiceRequestSerializer(many=True)


class DuplicateErrorSerializer(serializers.Serializer[Any]):
    """Refus d'une demande en double : le message nomme la demande déjà ouverte."""

    detail = serializers.CharField()
    existing_requests = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Les demandes ouvertes en cause que vous pouvez consulter.",
    )


class ErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()


# --- Waiting lists --------------------------------------------------------------------------------


class NamedRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class WaitingListSummarySerializer(serializers.Serializer[Any]):
    """Une liste d'attente : un service dans un réseau d'écoles."""

    domain = NamedRefSerializer()
    network = NamedRefSerializer(allow_null=True, help_text="null : écoles sans réseau (0 dans le chemin).")
    length = serializers.IntegerField(help_text="Demandes en attente.")
    overdue = serializers.IntegerField(help_text="Demandes en attente depuis plus que le délai maximal.")


class WaitingListsSerializer(serializers.Serializer[Any]):
    wait_limit_days = serializers.IntegerField(help_text="Délai d'attente maximal du centre (jours).")
    results = WaitingListSummarySerializer(many=True)


class WaitingEntrySerializer(serializers.Serializer[Any]):
    """Une demande de la liste, à son rang."""

    position = serializers.IntegerField(help_text="Rang : 1 est la prochaine à servir.")
    request_id = serializers.IntegerField()
    student = RequestStudentSerializer()
    school = SchoolSummarySerializer()
    priority = serializers.IntegerField(allow_null=True)
    priority_parts = serializers.DictField(child=serializers.IntegerField(), help_text="Points par facteur.")
    accepted_at = serializers.DateTimeField(allow_null=True)
    waited_days = serializers.IntegerField(help_text="Jours entiers depuis l'acceptation.")
    estimated_weeks = serializers.FloatField(
        allow_null=True,
        help_text="Attente estimée en semaines (rang ÷ assignations par semaine sur la fenêtre du débit), "
        "arrondie au dixième ; null sans assignation récente.",
    )
    overdue = serializers.BooleanField(help_text="En attente depuis plus que le délai maximal.")


class WaitingListSerializer(serializers.Serializer[Any]):
    domain = NamedRefSerializer()
    network = NamedRefSerializer(allow_null=True)
    wait_limit_days = serializers.IntegerField()
    throughput_window_weeks = serializers.IntegerField(help_text="Fenêtre du débit (semaines).")
    length = serializers.IntegerField()
    overdue = serializers.IntegerField()
    entries = WaitingEntrySerializer(many=True)
