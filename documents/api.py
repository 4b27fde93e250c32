"""REST endpoints of documents (read-only metadata), mounted under /api/ by api/urls.py. The content is
downloaded from the page `documents:download` (audited); a detail read here is audited too."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import URLPattern, URLResolver
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.views import NoStoreMixin
from core.audit import log_access
from documents.access import reason_for
from documents.models import Document
from documents.queries import documents_visible_to

TAG = "documents"
DETAIL_VIEW = "api:document-detail"


class DocumentSerializer(serializers.ModelSerializer[Document]):
    student = serializers.IntegerField(source="student_id", read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "student",
            "compartment",
            "kind",
            "title",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "shared_with_guardians",
        ]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Documents visibles",
        description=(
            "Les documents du dossier que l'utilisateur peut voir (personnel qui voit l'élève : les deux "
            "dossiers; famille : ce qui lui est communiqué). Métadonnées seulement."
        ),
        parameters=[OpenApiParameter("eleve", int, description="Numéro de l'élève.")],
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Un document (lecture journalisée)",
        description="Les métadonnées d'un document visible; 404 sinon. La lecture est journalisée.",
    ),
)
class DocumentViewSet(NoStoreMixin, viewsets.ReadOnlyModelViewSet[Document]):
    serializer_class = DocumentSerializer

    def get_queryset(self) -> QuerySet[Document]:
        qs = documents_visible_to(self.request.user)
        student = self.request.query_params.get("eleve")
        if student is not None:
            if not student.isdigit():
                return qs.none()
            qs = qs.filter(student_id=int(student))
        return qs.order_by("-uploaded_at", "-pk")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            document = self.get_object()
        except (Http404, ValueError):
            raise Http404("Document introuvable") from None
        log_access(request.user, document, reason=reason_for(request.user, document), view=DETAIL_VIEW)
        return Response(self.get_serializer(document).data)


router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="document")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
