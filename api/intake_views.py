"""API of the guichet unique: service requests (list, read, file, act) and waiting lists.

Thin, and behind the very rules of the pages (`intake/views.py`): lists are `requests_visible_to(user)`,
a read goes through `get_request_for` (the same 404 for missing and forbidden) and is audited like the
page, every change is a named action of `intake.actions` with the version the client read.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy as shallow_copy
from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import intake_serializers as s
from api.filters import IntegerFilter
from api.views import NoStoreMixin
from core.audit import log_access
from core.models import Network, Role, ServiceDomain, User
from intake import actions, waiting
from intake.actions import RequestData
from intake.models import RequestEvent, ServiceEpisode, ServiceRequest, Status
from intake.queries import requests_visible_to
from intake.views import (
    INTAKE_ROLES,
    Act,
    access_reason,
    available_actions,
    get_request_for,
    intake_settings,
)
from students.access import get_student_for

REQUEST_DETAIL_VIEW = "api:request-detail"
REQUEST_CREATE_VIEW = "api:request-create"
RELATED = ("student__school", "domain", "network", "assigned_to", "requested_by", "redirected_to")
TAG = "demandes de service"
REQUEST_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Numéro de la demande.")
WAITING_TAG = "listes d'attente"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflit de version."
    default_code = "conflict"


class ActionRefused(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"


def viewer(user: Any) -> Any:
    """The signed-in user, as a copy whose served schools are read once per API call rather than once per
    row: `requests_visible_to` and `may_read_details` both ask a principal for them."""
    if not isinstance(user, User):
        return user
    copy = shallow_copy(user)
    school_ids: set[int] | None = None

    def served_school_ids() -> set[int]:
        nonlocal school_ids
        if school_ids is None:
            school_ids = user.served_school_ids()
        return school_ids

    copy.served_school_ids = served_school_ids  # type: ignore[method-assign]
    return copy


class MayListRequests(BasePermission):
    """The request list, as on the pages: the roles with a window on service requests (not the privacy
    officer, whose window is the audit log)."""

    message = "La liste des demandes de service n'est pas offerte à votre rôle."

    def has_permission(self, request: Request, view: Any) -> bool:
        return getattr(request.user, "role", "") in INTAKE_ROLES


class MayViewWaitingLists(BasePermission):
    message = "Les listes d'attente sont réservées à la gestion et à la coordination du guichet unique."

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm("intake.view_waiting_lists"))


def _refused(exc: DjangoValidationError) -> ActionRefused:
    return ActionRefused(" ".join(exc.messages))


class ServiceRequestFilter(django_filters.FilterSet):
    """Filters of the request list; they only narrow `requests_visible_to(user)`."""

    statut = django_filters.ChoiceFilter(field_name="status", choices=Status.choices, label="Statut")
    service = extend_schema_field({"type": "integer", "description": "Identifiant du service"})(
        IntegerFilter(field_name="domain_id")
    )
    reseau = extend_schema_field({"type": "integer", "description": "Identifiant du réseau d'écoles"})(
        IntegerFilter(field_name="network_id")
    )
    ecole = extend_schema_field({"type": "integer", "description": "Identifiant de l'école de l'élève"})(
        IntegerFilter(field_name="student__school_id")
    )

    class Meta:
        model = ServiceRequest
        fields = ["statut", "service", "reseau", "ecole"]


VERSION_NOTE = (
    " Envoyer la `version` lue : si quelqu'un a modifié la demande entre-temps, rien n'est appliqué et la "
    "réponse est 409 avec un message qui dit qui l'a modifiée."
)
ERRORS_NOTE = (
    " 404 si la demande vous est invisible, 403 si l'action ne vous revient pas, 400 si elle est "
    "impossible dans l'état actuel."
)


def _action_schema(summary: str, description: str, body: Any) -> Any:
    responses: dict[int, Any] = {
        200: s.ServiceRequestDetailSerializer,
        400: OpenApiResponse(s.ErrorSerializer, description="Données invalides ou action impossible."),
        403: OpenApiResponse(s.ErrorSerializer, description="Action non permise à cet utilisateur."),
        404: OpenApiResponse(s.ErrorSerializer, description="Demande introuvable."),
    }
    if body is not None:
        responses[409] = OpenApiResponse(
            s.ErrorSerializer, description="Version périmée : relire la demande."
        )
    return extend_schema(
        summary=summary,
        description=description + (VERSION_NOTE if body is not None else "") + ERRORS_NOTE,
        request=body,
        parameters=[REQUEST_ID],
        responses=responses,
        tags=[TAG],
    )


@extend_schema_view(
    list=extend_schema(
        summary="Lister les demandes de service visibles",
        description=(
            "Les demandes que l'utilisateur peut voir, comme dans les pages du guichet unique : "
            "l'enseignant·e, celles qu'il ou elle a déposées ; la direction, celles de ses écoles ; "
            "le ou la professionnel·le, celles qui lui sont assignées ou qu'il ou elle a déposées ; "
            "la coordination et la gestion, celles du centre ; le parent et l'élève, celles de l'élève. "
            "Paginées (50 par page), les plus récentes d'abord. Les textes libres (`details`, "
            "`already_tried`) ne sont présents que pour le demandeur, la coordination, la direction de "
            "l'école et le professionnel assigné ; la priorité, pour le personnel. La responsable de la "
            "protection des renseignements personnels reçoit 403. La liste n'est pas inscrite au journal "
            "d'audit."
        ),
        responses={200: s.ServiceRequestSerializer(many=True), 403: s.ErrorSerializer},
        tags=[TAG],
    ),
    retrieve=extend_schema(
        summary="Consulter une demande de service",
        description=(
            "La demande, son historique, son épisode de service (personnel seulement) et les actions "
            "possibles maintenant. Chaque consultation est inscrite au journal d'audit avec son motif. "
            "Une demande inexistante ou non autorisée donne la même réponse 404."
        ),
        parameters=[REQUEST_ID],
        responses={
            200: s.ServiceRequestDetailSerializer,
            404: OpenApiResponse(s.ErrorSerializer, description="Demande introuvable."),
        },
        tags=[TAG],
    ),
    create=extend_schema(
        summary="Déposer une demande de service",
        description=(
            "Ouvre une demande par service demandé pour un élève que l'utilisateur peut voir : "
            "enseignant·e (ses groupes), direction (ses écoles), professionnel·le (sa charge de cas), parent "
            "(son enfant, si le centre le permet). Refusée en entier si un des services a déjà une demande "
            "ouverte pour cet élève : 400 avec un message qui nomme la demande existante. 404 si l'élève "
            "vous est invisible, 403 si vous ne pouvez pas déposer pour lui. Réponse 201 : `results`, "
            "les demandes ouvertes."
        ),
        request=s.RequestFilingSerializer,
        responses={
            201: s.FiledRequestsSerializer,
            400: OpenApiResponse(s.DuplicateErrorSerializer, description="Données invalides ou doublon."),
            403: OpenApiResponse(s.ErrorSerializer, description="Dépôt non permis pour cet élève."),
            404: OpenApiResponse(s.ErrorSerializer, description="Élève introuvable."),
        },
        tags=[TAG],
    ),
)
class ServiceRequestViewSet(NoStoreMixin, viewsets.GenericViewSet[ServiceRequest]):
    queryset = ServiceRequest.objects.none()  # the real one is per user: get_queryset
    serializer_class = s.ServiceRequestSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ServiceRequestFilter
    lookup_value_regex = r"\d+"

    def get_permissions(self) -> list[BasePermission]:
        if self.action == "list":
            return [IsAuthenticated(), MayListRequests()]
        return [IsAuthenticated()]

    def viewer(self) -> Any:
        if not hasattr(self, "_viewer"):
            self._viewer = viewer(self.request.user)
        return self._viewer

    def get_queryset(self) -> QuerySet[ServiceRequest]:
        visible = requests_visible_to(self.viewer())
        return visible.select_related(*RELATED).order_by("-created_at", "-pk")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "viewer": self.viewer()}

    def list(self, request: Request) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)  # ServiceRequestSerializer, with the viewer
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request: Request, pk: str) -> Response:
        sr = get_request_for(request.user, int(pk))
        log_access(
            request.user,
            sr,
            reason=access_reason(request.user, sr),
            view=REQUEST_DETAIL_VIEW,
            student_id=sr.student_id,
        )
        return Response(self._detail(sr))

    def create(self, request: Request) -> Response:
        body = s.RequestFilingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        student = get_student_for(request.user, values.pop("student"), view=REQUEST_CREATE_VIEW).student
        domains = values.pop("domains")
        data = RequestData(**{**values, "reasons": list(values["reasons"]), "tier": int(values["tier"])})
        try:
            created = actions.file_request(request.user, student, domains, data)
        except DjangoValidationError as exc:
            return self._filing_refused(exc, student, domains)
        fresh = self.get_queryset().filter(pk__in=[r.pk for r in created]).order_by("pk")
        serializer = s.FiledRequestsSerializer({"results": fresh}, context=self.get_serializer_context())
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    def _filing_refused(
        self, exc: DjangoValidationError, student: Any, domains: Sequence[ServiceDomain]
    ) -> Response:
        """400 with the action's French message; the open requests in the way, when the user may open them."""
        blocking = [r.pk for d in domains if (r := actions.open_request_for(student, d))]
        visible = requests_visible_to(self.request.user).filter(pk__in=blocking).values_list("pk", flat=True)
        body = {"detail": " ".join(exc.messages), "existing_requests": sorted(visible)}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)

    def _detail(self, sr: ServiceRequest) -> dict[str, Any]:
        user = self.request.user
        episode = ServiceEpisode.objects.filter(request=sr).select_related("professional").first()
        context = {
            **self.get_serializer_context(),
            "episode": episode,
            "events": list(RequestEvent.objects.filter(request=sr).select_related("actor")),
            "actions": available_actions(user, sr, episode),
        }
        return dict(s.ServiceRequestDetailSerializer(sr, context=context).data)

    def _act(self, request: Request, pk: str, body_class: Any, run: Any) -> Response:
        """Validate the body, find the request as the pages do (404), run the named action, answer with the
        request as it is now. The action checks the permission (403), the state (400), the version (409)."""
        sr = get_request_for(request.user, int(pk))
        values: dict[str, Any] = {}
        if body_class is not None:
            body = body_class(data=request.data)
            body.is_valid(raise_exception=True)
            values = dict(body.validated_data)
        try:
            run(request.user, sr, values)
        except actions.ConflictError as exc:
            raise Conflict(str(exc)) from exc
        except DjangoValidationError as exc:
            raise _refused(exc) from exc
        return Response(self._detail(get_request_for(request.user, sr.pk)))

    @_action_schema(
        "Demander des précisions",
        "La coordination du guichet unique pose une question au demandeur (la demande passe à "
        "`info_requested`).",
        s.AskInformationSerializer,
    )
    @action(detail=True, methods=["post"], url_path=Act.ASK, url_name="ask")
    def ask(self, request: Request, pk: str) -> Response:
        return self._act(
            request,
            pk,
            s.AskInformationSerializer,
            lambda u, r, d: actions.ask_for_information(u, r, d["version"], d["question"]),
        )

    @_action_schema(
        "Répondre aux précisions demandées",
        "Le demandeur répond à la question du guichet unique (la demande revient à `submitted`).",
        s.AnswerInformationSerializer,
    )
    @action(detail=True, methods=["post"], url_path=Act.ANSWER, url_name="answer")
    def answer(self, request: Request, pk: str) -> Response:
        return self._act(
            request,
            pk,
            s.AnswerInformationSerializer,
            lambda u, r, d: actions.answer_information(u, r, d["version"], d["answer"]),
        )

    @_action_schema(
        "Réorienter vers un autre service",
        "La coordination ferme la demande comme réorientée et en ouvre une dans le service choisi, avec "
        "les mêmes renseignements.",
        s.RedirectSerializer,
    )
    @action(detail=True, methods=["post"], url_path=Act.REDIRECT, url_name="redirect")
    def redirect(self, request: Request, pk: str) -> Response:
        return self._act(
            request,
            pk,
            s.RedirectSerializer,
            lambda u, r, d: actions.redirect_request(u, r, d["version"], d["domain"], d["note"]),
        )

    @_action_schema(
        "Refuser la demande",
        "La coordination refuse la demande avec un motif, transmis au demandeur.",
        s.RefuseSerializer,
    )
    @action(detail=True, methods=["post"], url_path=Act.REFUSE, url_name="refuse")
    def refuse(self, request: Request, pk: str) -> Response:
        return self._act(
            request,
            pk,
            s.RefuseSerializer,
            lambda u, r, d: actions.refuse_request(u, r, d["version"], d["reason"]),
        )

    @_action_schema(
        "Accepter et placer en liste d'attente",
        "La coordination accepte la demande ; la priorité est calculée avec la grille du centre et ses "
        "parts sont conservées.",
        s.AcceptSerializer,
    )
    @action(detail=True, methods=["post"], url_path=Act.ACCEPT, url_name="accept")
    def accept(self, request: Request, pk: str) -> Response:
        return self._act(
            request,
            pk,
            s.AcceptSerializer,
            lambda u, r, d: actions.accept_request(
                u,
                r,
                d["version"],
                urgency=d["urgency"],
                schooling_impact=d["schooling_impact"],
                tier=int(d["tier"]),
                note=d["note"],
            ),
        )

    @_action_schema(
        "Assigner à un·e professionnel·le",
        "La coordination assigne une personne de la bonne profession qui dessert le réseau de l'école ; "
        "l'épisode de service s'ouvre et l'élève entre dans sa charge de cas.",
        s.AssignSerializer,
    )
    @action(detail=True, methods=["post"], url_path=Act.ASSIGN, url_name="assign")
    def assign(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, s.AssignSerializer, _assign)

    @_action_schema(
        "Noter le premier service",
        "Le ou la professionnel·le assigné·e note le premier service donné. Sans corps ; sans effet si "
        "le premier service est déjà noté (la version n'est donc pas demandée).",
        None,
    )
    @action(detail=True, methods=["post"], url_path=Act.FIRST_SERVICE, url_name="first-service")
    def first_service(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, None, _first_service)

    @_action_schema(
        "Fermer le suivi",
        "Le ou la professionnel·le assigné·e ferme le suivi avec son issue et une note de fermeture.",
        s.CloseSerializer,
    )
    @action(detail=True, methods=["post"], url_path=Act.CLOSE, url_name="close")
    def close(self, request: Request, pk: str) -> Response:
        return self._act(
            request,
            pk,
            s.CloseSerializer,
            lambda u, r, d: actions.close_episode(u, r, d["version"], d["outcome"], d["note"]),
        )

    @_action_schema(
        "Retirer la demande",
        "Le demandeur retire sa demande tant qu'elle n'est pas assignée.",
        s.WithdrawSerializer,
    )
    @action(detail=True, methods=["post"], url_path=Act.WITHDRAW, url_name="withdraw")
    def withdraw(self, request: Request, pk: str) -> Response:
        return self._act(
            request,
            pk,
            s.WithdrawSerializer,
            lambda u, r, d: actions.withdraw_request(u, r, d["version"], d["note"]),
        )


def _assign(user: Any, sr: ServiceRequest, data: dict[str, Any]) -> Any:
    """The action checks who may assign (403) before whether this person serves the network (400)."""
    professional = User.objects.filter(pk=data["professional"], role=Role.PROFESSIONAL).first()
    if professional is None:
        raise DjangoValidationError(
            _("Choisissez une personne qui offre ce service dans ce réseau d'écoles.")
        )
    return actions.assign_request(user, sr, data["version"], professional)


def _first_service(user: Any, sr: ServiceRequest, data: dict[str, Any]) -> Any:
    episode = ServiceEpisode.objects.filter(request=sr).first()
    if episode is None:
        raise DjangoValidationError(_("Cette demande n'a pas encore d'épisode de service."))
    return actions.record_first_service(user, episode)


# --- Waiting lists --------------------------------------------------------------------------------


def _ref(pk: int | None, name: str) -> dict[str, Any] | None:
    return None if pk is None else {"id": pk, "name": name}


class WaitingListsView(NoStoreMixin, APIView):
    permission_classes = [IsAuthenticated, MayViewWaitingLists]

    @extend_schema(
        summary="Lister les listes d'attente",
        operation_id="listes_attente_list",
        description=(
            "Une liste par service et par réseau d'écoles du centre, avec le nombre de demandes en "
            "attente et celles en attente depuis plus que le délai maximal du centre (`wait_limit_days`). "
            "Réservé à la gestion et à la coordination du guichet unique (403 pour les autres)."
        ),
        responses={200: s.WaitingListsSerializer, 403: s.ErrorSerializer},
        tags=[WAITING_TAG],
    )
    def get(self, request: Request) -> Response:
        config = intake_settings(request.user)
        summaries = waiting.list_summaries(requests_visible_to(request.user), config.wait_limit_days)
        data = {
            "wait_limit_days": config.wait_limit_days,
            "results": [
                {
                    "domain": _ref(row.domain_id, row.domain_name),
                    "network": _ref(row.network_id, row.network_name),
                    "length": row.length,
                    "overdue": row.overdue,
                }
                for row in summaries
            ],
        }
        return Response(s.WaitingListsSerializer(data).data)


class WaitingListDetailView(NoStoreMixin, APIView):
    permission_classes = [IsAuthenticated, MayViewWaitingLists]

    @extend_schema(
        summary="Consulter une liste d'attente",
        operation_id="listes_attente_retrieve",
        description=(
            "Les demandes en attente d'un service dans un réseau d'écoles (`0` pour les écoles sans "
            "réseau), dans l'ordre de service : priorité la plus haute d'abord, puis la plus ancienne "
            "acceptation. Pour chacune : rang, priorité et ses parts, jours d'attente, attente estimée "
            "(rang ÷ assignations par semaine de cette liste sur la fenêtre du débit du centre ; null sans "
            "assignation récente) et délai dépassé. Réservé à la gestion et à la coordination ; 404 pour "
            "un service ou un réseau inconnu ou d'un autre centre."
        ),
        responses={
            200: s.WaitingListSerializer,
            403: s.ErrorSerializer,
            404: OpenApiResponse(s.ErrorSerializer, description="Liste d'attente introuvable."),
        },
        tags=[WAITING_TAG],
    )
    def get(self, request: Request, domain_id: int, network_id: int) -> Response:
        user: Any = request.user
        domain = ServiceDomain.objects.filter(pk=domain_id).first()
        network = (
            Network.objects.filter(pk=network_id, centre_id=user.centre_id).first() if network_id else None
        )
        if domain is None or (network_id and network is None):
            raise NotFound("Liste d'attente introuvable")
        config = intake_settings(user)
        entries = waiting.waiting_list(
            requests_visible_to(user),
            domain.pk,
            network.pk if network else None,
            window_weeks=config.throughput_window_weeks,
            limit_days=config.wait_limit_days,
        )
        data = {
            "domain": _ref(domain.pk, domain.name),
            "network": _ref(network.pk, network.name) if network else None,
            "wait_limit_days": config.wait_limit_days,
            "throughput_window_weeks": config.throughput_window_weeks,
            "length": len(entries),
            "overdue": sum(1 for e in entries if e.overdue),
            "entries": [
                {
                    "position": e.position,
                    "request_id": e.request.pk,
                    "student": e.request.student,
                    "school": e.request.student.school,
                    "priority": e.request.priority,
                    "priority_parts": e.request.priority_parts,
                    "accepted_at": e.request.accepted_at,
                    "waited_days": e.waited_days,
                    "estimated_weeks": None if e.estimated_weeks is None else round(e.estimated_weeks, 1),
                    "overdue": e.overdue,
                }
                for e in entries
            ],
        }
        return Response(s.WaitingListSerializer(data).data)
