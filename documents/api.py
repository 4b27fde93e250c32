"""REST endpoints of documents, mounted under /api/ by api/urls.py: the metadata of the visible documents
(of one student with `?eleve=`), one document's metadata, and its content (`contenu/`, an attachment).
Same rules as the pages (documents_visible_to: 404 for missing and forbidden alike); every read of one
document is audited with its reason."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.urls import URLPattern, URLResolver
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import renderers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.views import NoStoreMixin
from core.audit import log_access
from documents.access import reason_for
from documents.models import Document
from documents.queries import documents_visible_to
from lib.text import is_identifier

TAG = "documents"
DETAIL_VIEW = "api:document-detail"
CONTENT_VIEW = "api:document-content"


class PassthroughRenderer(renderers.BaseRenderer):
    """Lets the content endpoint answer whatever the client accepts: the body is the file itself."""

    media_type = "*/*"
    format = ""

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> Any:
        if isinstance(data, bytes | str):
            return data
        return renderers.JSONRenderer().render(data)  # an error's detail


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
            "shared_with_student",
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
            if not is_identifier(student):
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

    @extend_schema(
        tags=[TAG],
        summary="Le contenu d'un document (téléchargement journalisé)",
        description=(
            "Le fichier, en pièce jointe (`Content-Disposition: attachment`, `nosniff`, `no-store`); "
            "404 si le document n'est pas visible. Chaque téléchargement est journalisé avec sa raison."
        ),
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="Le fichier"),
            404: OpenApiResponse(description="Introuvable ou non visible"),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="contenu",
        renderer_classes=[renderers.JSONRenderer, PassthroughRenderer],
    )
    def content(self, request: Request, pk: str | None = None) -> HttpResponse:
        from documents.views import attachment_response

        try:
            document = self.get_object()
        except (Http404, ValueError):
            raise Http404("Document introuvable") from None
        return attachment_response(request.user, document, view=CONTENT_VIEW)


router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="document")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
