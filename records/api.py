"""REST endpoints of the records app, mounted under /api/ by api/urls.py. Read-only, behind the very rules
of the pages.

- `/api/dossiers/`: the records the user may read (`records_visible_to`), metadata only, not audited row by
  row (no content).
- `/api/dossiers/<id>/`: the header and the entries the user may read (`entries_visible_to`: signed
  entries; drafts only for their author) through `get_record_for` — the same 404 for missing and
  forbidden, the read audited with its reason.
- `/api/publications/?eleve=<id>`: the publications the user may see (`publications_visible_to`); the
  read is audited on the student, one row per reason, naming the publications returned.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, URLResolver
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.views import NoStoreMixin
from lib.text import is_identifier
from records.access import get_record_for
from records.models import Entry, ProfessionalRecord, Publication
from records.queries import entries_visible_to, records_visible_to
from records.queries_sharing import publications_visible_to
from students.authorizer import access_reason

RECORD_DETAIL_VIEW = "api:record-detail"
PUBLICATION_LIST_VIEW = "api:publication-list"


class RecordSerializer(serializers.ModelSerializer[ProfessionalRecord]):
    student = serializers.IntegerField(source="student_id", read_only=True)
    student_name = serializers.CharField(source="student.full_name", read_only=True)
    professional = serializers.IntegerField(source="professional_id", read_only=True)
    professional_name = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text="`open` (ouvert) ou `closed` (fermé).")

    class Meta:
        model = ProfessionalRecord
        fields = [
            "id",
            "student",
            "student_name",
            "professional",
            "professional_name",
            "profession",
            "mandate_origin",
            "opened_at",
            "status",
            "closed_at",
        ]

    def get_professional_name(self, record: ProfessionalRecord) -> str:
        return record.professional.get_full_name() or record.professional.username


class EntrySerializer(serializers.ModelSerializer[Entry]):
    author = serializers.IntegerField(source="author_id", read_only=True)
    corrects = serializers.IntegerField(source="corrects_id", read_only=True, allow_null=True)
    status = serializers.CharField(read_only=True, help_text="`draft` (brouillon) ou `signed` (signée).")
    modality = serializers.CharField(
        read_only=True, help_text="`in_person`, `telepractice`, `phone`, ou vide si non précisée."
    )

    class Meta:
        model = Entry
        fields = [
            "id",
            "kind",
            "service_date",
            "duration_minutes",
            "modality",
            "student_location",
            "text",
            "status",
            "author",
            "signed_at",
            "signature_sha256",
            "corrects",
        ]


class RecordDetailSerializer(RecordSerializer):
    reasons = serializers.CharField(read_only=True)
    parent_name = serializers.CharField(read_only=True)
    closing_note = serializers.CharField(read_only=True)
    access_reason = serializers.SerializerMethodField()
    entries = serializers.SerializerMethodField()

    class Meta(RecordSerializer.Meta):
        fields = [
            *RecordSerializer.Meta.fields,
            "reasons",
            "parent_name",
            "last_service_on",
            "closing_note",
            "retention_until",
            "access_reason",
            "entries",
        ]

    def get_access_reason(self, record: ProfessionalRecord) -> str:
        return str(self.context["access_reason"])

    @extend_schema_field(EntrySerializer(many=True))
    def get_entries(self, record: ProfessionalRecord) -> list[dict[str, Any]]:
        user = self.context["request"].user
        entries = entries_visible_to(user).filter(record=record).order_by("service_date", "created_at", "pk")
        return list(EntrySerializer(entries, many=True).data)


class PublicationSerializer(serializers.ModelSerializer[Publication]):
    student = serializers.IntegerField(source="record.student_id", read_only=True)
    profession = serializers.CharField(source="record.profession", read_only=True)

    class Meta:
        model = Publication
        fields = ["id", "student", "profession", "kind", "text", "published_at"]


TAG = "dossiers professionnels"
RECORD_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Numéro du dossier.")


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Dossiers professionnels que je peux lire",
        description=(
            "Les dossiers de l'utilisateur (professionnel·le responsable) et ceux qui lui sont communiqués "
            "avec un consentement valide ou ouverts en accès d'urgence : métadonnées seulement (élève, "
            "profession, mandat, dates, statut). Liste vide pour tout autre rôle."
        ),
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Un dossier professionnel (lecture journalisée)",
        description=(
            "L'en-tête et les entrées lisibles : les entrées signées ; les brouillons seulement pour leur "
            "auteur. Chaque lecture est journalisée avec son motif (owner, shared, break_glass). Un dossier "
            "inexistant ou non autorisé donne la même réponse 404."
        ),
        parameters=[RECORD_ID],
        responses={200: RecordDetailSerializer, 404: OpenApiResponse(description="Dossier introuvable.")},
    ),
)
class RecordViewSet(NoStoreMixin, viewsets.ReadOnlyModelViewSet[ProfessionalRecord]):
    serializer_class = RecordSerializer

    def get_queryset(self) -> QuerySet[ProfessionalRecord]:
        return (
            records_visible_to(self.request.user)
            .select_related("student", "professional")
            .order_by("-opened_at", "-pk")
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access = get_record_for(request.user, kwargs["pk"], view=RECORD_DETAIL_VIEW)
        context = {**self.get_serializer_context(), "access_reason": access.reason}
        return Response(RecordDetailSerializer(access.record, context=context).data)


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Publications au dossier d'aide particulière",
        description=(
            "Les conclusions et recommandations publiées que l'utilisateur peut voir : professionnel·le "
            "responsable, professionnel·les qui servent l'élève, direction de l'école, enseignant·es du "
            "groupe, l'élève, et ses parents s'il a moins de 14 ans. Filtrer par élève avec `eleve`. "
            "La lecture est journalisée sur l'élève."
        ),
        parameters=[OpenApiParameter("eleve", int, description="Numéro de l'élève.")],
    ),
)
class PublicationViewSet(NoStoreMixin, viewsets.GenericViewSet[Publication]):
    serializer_class = PublicationSerializer

    def get_queryset(self) -> QuerySet[Publication]:
        qs = publications_visible_to(self.request.user).select_related("record__student")
        student = self.request.query_params.get("eleve")
        if student is not None:
            if not is_identifier(student):
                return qs.none()
            qs = qs.filter(record__student_id=int(student))
        return qs.order_by("-published_at", "-pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        from core.audit import log_access

        page = self.paginate_queryset(self.get_queryset())
        rows = list(page if page is not None else self.get_queryset())
        user = request.user
        groups: dict[tuple[int, str], tuple[Any, list[int]]] = {}
        student_reasons: dict[int, str] = {}
        for publication in rows:
            record = publication.record
            if record.professional_id == user.pk:
                reason = "owner"
            else:
                if record.student_id not in student_reasons:
                    student_reasons[record.student_id] = access_reason(user, record.student) or "none"
                reason = student_reasons[record.student_id]
            key = (record.student_id, reason)
            groups.setdefault(key, (record.student, []))[1].append(publication.pk)
        for (_student_id, reason), (student, ids) in groups.items():
            log_access(user, student, reason=reason, view=PUBLICATION_LIST_VIEW, publication_ids=ids)
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)


router = SimpleRouter()
router.register("dossiers", RecordViewSet, basename="record")
router.register("publications", PublicationViewSet, basename="publication")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
