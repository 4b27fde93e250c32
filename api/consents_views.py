"""API of consents: read-only, behind the rules of the pages.

The list is `consents_visible_to(user)` (status for staff who see the student, what the family may see);
the sharing details come only to those `consents.read_content` allows. A detail read is audited like the
document page. Signing stays in the portal (the person must see the form), recording paper needs the scan:
both are pages, not endpoints.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from api.views import NoStoreMixin
from consents.models import Consent
from consents.queries import consents_visible_to
from consents.views import reason_for
from core.audit import log_access
from lib.text import is_identifier

TAG = "consentements"
CONSENT_DETAIL_VIEW = "api:consent-detail"


class ConsentSerializer(serializers.ModelSerializer[Consent]):
    student = serializers.IntegerField(source="student_id", read_only=True)
    domain = serializers.CharField(source="domain.code", default=None, read_only=True)
    state = serializers.SerializerMethodField()
    sharing = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id",
            "student",
            "scope",
            "domain",
            "signer_kind",
            "signer_name",
            "channel",
            "signed_at",
            "expires_on",
            "revoked_at",
            "state",
            "sharing",
        ]

    def get_state(self, consent: Consent) -> str:
        return str(consent.state(timezone.localdate()))

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"shared_with": {"type": "string"}, "shared_what": {"type": "string"}},
        }
    )
    def get_sharing(self, consent: Consent) -> dict[str, str] | None:
        """The recipient and information of a sharing consent, only for those who may read its content."""
        user = self.context["request"].user
        if consent.scope != "sharing" or not user.has_perm("consents.read_content", consent):
            return None
        return {"shared_with": consent.shared_with, "shared_what": consent.shared_what}


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Consentements visibles",
        description=(
            "Les consentements que l'utilisateur peut voir (statut pour le personnel qui voit l'élève; "
            "ce que la famille peut voir). Les détails d'un consentement au partage ne sont remis qu'à "
            "ceux qui peuvent en lire le contenu."
        ),
        parameters=[OpenApiParameter("eleve", int, description="Numéro de l'élève.")],
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Un consentement (lecture journalisée)",
        description=(
            "Un consentement visible; 404 s'il n'existe pas ou n'est pas visible. La lecture est journalisée."
        ),
    ),
)
class ConsentViewSet(NoStoreMixin, viewsets.ReadOnlyModelViewSet[Consent]):
    serializer_class = ConsentSerializer

    def get_queryset(self) -> QuerySet[Consent]:
        qs = consents_visible_to(self.request.user).select_related("domain", "request__requested_by")
        student = self.request.query_params.get("eleve")
        if student is not None:
            if not is_identifier(student):
                return qs.none()
            qs = qs.filter(student_id=int(student))
        return qs.order_by("-signed_at", "-pk")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            consent = self.get_object()
        except (Http404, ValueError):
            raise Http404("Consentement introuvable") from None
        user = request.user
        log_access(user, consent, reason=reason_for(user, consent), view=CONSENT_DETAIL_VIEW)
        return Response(self.get_serializer(consent).data)
