"""API views. Thin: students come from `visible_to` (lists) and `get_student_for` (reads, audited)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import actions
from api.filters import StudentFilter
from api.permissions import IsStaffWithTwoFactor
from api.serializers import SchoolSerializer, StudentDetailSerializer, StudentSerializer, TokenSerializer
from core.models import STAFF_ROLES, School
from students.access import get_student_for
from students.models import GuardianLink, Student

STUDENT_DETAIL_VIEW = "api:student-detail"


class NoStoreMixin:
    """API answers are private: token requests escape core's NoStoreMiddleware, so set it here."""

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response["Cache-Control"] = "no-store, private"
        return response


def _guardian_links() -> Prefetch[Any]:
    return Prefetch(
        "guardian_links",
        queryset=GuardianLink.objects.select_related("guardian").order_by(
            "guardian__last_name", "guardian__first_name", "pk"
        ),
    )


@extend_schema_view(
    list=extend_schema(
        summary="Lister les élèves visibles",
        description=(
            "Les élèves que l'utilisateur a le droit de voir (charge de cas, groupe, école, enfant, "
            "soi-même), paginés et triés par nom. Tout autre élève est absent de la liste. "
            "Courriel et téléphone des parents : au personnel seulement. La liste n'est pas inscrite "
            "élève par élève au journal d'audit ; chaque fiche consultée l'est."
        ),
        tags=["élèves"],
    ),
    retrieve=extend_schema(
        summary="Consulter un élève",
        description=(
            "La fiche d'un élève et le motif de l'accès (`access_reason`). Chaque consultation est "
            "inscrite au journal d'audit avec ce motif. Un élève inexistant ou non autorisé donne la "
            "même réponse 404."
        ),
        responses={200: StudentDetailSerializer, 404: OpenApiResponse(description="Élève introuvable.")},
        tags=["élèves"],
    ),
)
class StudentViewSet(NoStoreMixin, viewsets.ReadOnlyModelViewSet[Student]):
    permission_classes = [IsAuthenticated]
    serializer_class = StudentSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = StudentFilter

    def get_queryset(self) -> QuerySet[Student]:
        return (
            Student.objects.visible_to(self.request.user)
            .select_related("school", "group")
            .prefetch_related(_guardian_links())
            .order_by("last_name", "first_name", "pk")
        )

    def get_serializer_class(self) -> Any:
        return StudentDetailSerializer if self.action == "retrieve" else StudentSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access = get_student_for(request.user, kwargs["pk"], view=STUDENT_DETAIL_VIEW)
        prefetch_related_objects([access.student], _guardian_links())
        context = {**self.get_serializer_context(), "access_reason": access.reason}
        return Response(StudentDetailSerializer(access.student, context=context).data)


@extend_schema_view(
    list=extend_schema(
        summary="Lister les écoles du centre",
        description=(
            "Données de référence : les écoles du centre de services scolaire de l'utilisateur, "
            "pour tout membre du personnel. Les comptes de parents et d'élèves reçoivent une liste vide."
        ),
        tags=["écoles"],
    ),
    retrieve=extend_schema(
        summary="Consulter une école",
        description="Une école du centre de l'utilisateur ; 404 pour toute autre école ou tout autre compte.",
        responses={200: SchoolSerializer, 404: OpenApiResponse(description="École introuvable.")},
        tags=["écoles"],
    ),
)
class SchoolViewSet(NoStoreMixin, viewsets.ReadOnlyModelViewSet[School]):
    permission_classes = [IsAuthenticated]
    serializer_class = SchoolSerializer

    def get_queryset(self) -> QuerySet[School]:
        user: Any = self.request.user
        centre_id = getattr(user, "centre_id", None)
        if getattr(user, "role", "") not in STAFF_ROLES or not user.is_active or centre_id is None:
            return School.objects.none()
        schools = School.objects.filter(centre_id=centre_id).select_related("network")
        return schools.order_by("name", "pk")


class TokenView(NoStoreMixin, APIView):
    """Personal API token of the signed-in staff member: session only, never a token to mint a token."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated, IsStaffWithTwoFactor]

    @extend_schema(
        summary="Créer ou renouveler mon jeton d'API",
        description=(
            "Réservé au personnel connecté par session avec la double authentification. Crée un jeton "
            "ou remplace l'ancien, qui cesse aussitôt de fonctionner. La clé n'est montrée qu'une fois : "
            "l'envoyer ensuite dans l'en-tête `Authorization: Token <clé>`."
        ),
        request=None,
        responses={201: TokenSerializer},
        tags=["jeton"],
    )
    def post(self, request: Request) -> Response:
        token = actions.issue_token(request.user)
        return Response(TokenSerializer(token).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Révoquer mon jeton d'API",
        description="Le jeton cesse aussitôt de fonctionner. Sans jeton, la requête réussit aussi.",
        request=None,
        responses={204: None},
        tags=["jeton"],
    )
    def delete(self, request: Request) -> Response:
        actions.revoke_token(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
