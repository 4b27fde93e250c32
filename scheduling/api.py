"""REST endpoints of appointments, mounted under /api/ by api/urls.py: read-only list and detail.

The list comes from `scheduling.queries.appointments_visible_to` (one audit row per student shown); the
detail goes through the access helper (the same 404 for missing and forbidden) and is audited with its
reason. Neither carries the video link (it opens only near the time, in the pages) nor the place where
the student is during a telepractice session.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, URLResolver
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from api.views import NoStoreMixin
from scheduling.access import get_appointment_for
from scheduling.models import Appointment
from scheduling.queries import appointments_visible_to
from support.audit import log_list_read

TAG = "rendez-vous"


class AppointmentSerializer(serializers.ModelSerializer[Appointment]):
    episode = serializers.IntegerField(source="episode_id", read_only=True)
    students = serializers.SerializerMethodField()
    professionals = serializers.SerializerMethodField()
    school = serializers.IntegerField(source="school_id", read_only=True, allow_null=True)
    room = serializers.CharField(source="room.name", read_only=True, allow_null=True, default=None)
    uid = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True, help_text="session, evaluation, parent_meeting, follow_up.")
    modality = serializers.CharField(read_only=True, help_text="school, telepractice ou phone.")
    status = serializers.CharField(
        read_only=True, help_text="planned, held, absent, cancelled_late ou cancelled."
    )

    class Meta:
        model = Appointment
        fields = [
            "id",
            "uid",
            "sequence",
            "episode",
            "kind",
            "starts_at",
            "ends_at",
            "modality",
            "school",
            "room",
            "status",
            "students",
            "professionals",
        ]

    def get_students(self, appointment: Appointment) -> list[int]:
        return [s.pk for s in appointment.students.all()]

    def get_professionals(self, appointment: Appointment) -> list[str]:
        return [p.get_full_name() for p in appointment.professionals.all()]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Rendez-vous visibles",
        description=(
            "Les rendez-vous que l'utilisateur peut voir, comme dans les pages : le ou la "
            "professionnel·le, les siens; l'enseignant·e et le parent, ceux où ils sont invités; le "
            "parent, ceux de ses enfants de moins de 14 ans; l'élève de 14 ans ou plus, les siens; "
            "la direction, ceux tenus dans ses écoles. Sans lien vidéo. Chaque élève montré est "
            "inscrit au journal d'audit."
        ),
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Un rendez-vous (lecture journalisée)",
        responses={200: AppointmentSerializer, 404: OpenApiResponse(description="Rendez-vous introuvable.")},
    ),
)
class AppointmentViewSet(NoStoreMixin, viewsets.ReadOnlyModelViewSet[Appointment]):
    serializer_class = AppointmentSerializer
    queryset = Appointment.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Appointment]:
        return (
            appointments_visible_to(self.request.user)
            .select_related("room")
            .prefetch_related("students", "professionals")
            .order_by("starts_at", "pk")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        log_list_read(request.user, [s for a in page for s in a.students.all()], view="api:appointment-list")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        appointment, _reason = get_appointment_for(
            request.user, kwargs.get("pk"), view="api:appointment-detail"
        )
        return Response(self.get_serializer(appointment).data)


router = SimpleRouter()
router.register("rendez-vous", AppointmentViewSet, basename="appointment")
urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
