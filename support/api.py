"""REST endpoints of tiers and interventions, mounted under /api/ by api/urls.py: read-only.

Lists come from `support.queries` (one audit row per student shown on the page); a detail goes through
the access helper (the same 404 for missing and forbidden) and is audited with its reason, like the
pages. The family receives an intervention's type, goal and progress, never the team's notes, the tier
decisions or the review decisions. Changes stay in the pages (decisions are a person's act).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
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
from core.audit import log_access
from lib.text import is_identifier
from support.access import get_intervention_for
from support.audit import log_list_read
from support.models import Intervention, TierDecision
from support.monitoring import monitor, monitor_all
from support.queries import (
    STAFF_ROLES,
    current_tier_decisions,
    decisions_visible_to,
    interventions_visible_to,
    tier_decisions_visible_to,
)

TAG = "paliers et interventions"
STUDENT = OpenApiParameter("eleve", int, description="Numéro de l'élève.")


def _student_filter(qs: QuerySet[Any], request: Request) -> QuerySet[Any]:
    student = request.query_params.get("eleve")
    if student is None:
        return qs
    if not is_identifier(student):
        return qs.none()
    return qs.filter(student_id=int(student))


class TierDecisionSerializer(serializers.ModelSerializer[TierDecision]):
    student = serializers.IntegerField(source="student_id", read_only=True)
    decided_by = serializers.CharField(source="decided_by.get_full_name", read_only=True)
    previous = serializers.IntegerField(source="previous_id", read_only=True, allow_null=True)
    # Plain values, not enums: the codes are listed here.
    tier = serializers.IntegerField(read_only=True, help_text="Palier : 1 universel, 2 ciblé, 3 intensif.")
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = TierDecision
        fields = [
            "id",
            "student",
            "tier",
            "reason",
            "source",
            "source_reference",
            "decided_by",
            "decided_at",
            "previous",
            "in_force",
        ]

    def get_in_force(self, decision: TierDecision) -> bool:
        return decision.pk in self.context["in_force"]


class PointSerializer(serializers.Serializer[Any]):
    measured_on = serializers.DateField()
    value = serializers.FloatField()
    goal = serializers.FloatField(help_text="La ligne de but ce jour-là.")
    note = serializers.CharField(allow_null=True, help_text="Personnel seulement; null pour la famille.")


class DecisionSerializer(serializers.Serializer[Any]):
    decided_on = serializers.DateField()
    kind = serializers.CharField()
    reason = serializers.CharField()
    decided_by = serializers.CharField()
    point_count = serializers.IntegerField()
    slope_per_week = serializers.FloatField(allow_null=True)


class InterventionSerializer(serializers.ModelSerializer[Intervention]):
    student = serializers.IntegerField(source="student_id", read_only=True)
    kind = serializers.CharField(source="kind.code", read_only=True)
    kind_label = serializers.CharField(source="kind.label", read_only=True)
    responsible = serializers.CharField(source="responsible.get_full_name", read_only=True)
    planned_end = serializers.DateField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="Statut : active ou ended.")
    outcome = serializers.CharField(
        read_only=True, help_text="goal_met, progress, no_progress, interrupted ou vide."
    )
    point_due = serializers.SerializerMethodField()
    decision_due = serializers.SerializerMethodField()

    class Meta:
        model = Intervention
        fields = [
            "id",
            "student",
            "kind",
            "kind_label",
            "goal",
            "unit",
            "baseline",
            "target",
            "responsible",
            "frequency",
            "start_on",
            "planned_weeks",
            "planned_end",
            "review_from",
            "status",
            "ended_on",
            "outcome",
            "point_due",
            "decision_due",
        ]

    def _monitoring(self, intervention: Intervention) -> Any:
        return self.context["monitors"][intervention.pk]

    def _staff(self) -> bool:
        return getattr(self.context["request"].user, "role", "") in STAFF_ROLES

    def get_point_due(self, intervention: Intervention) -> bool | None:
        """Staff only: a progress point is due (tier 3 weekly, tier 2 every two weeks)."""
        return bool(self._monitoring(intervention).point_due) if self._staff() else None

    def get_decision_due(self, intervention: Intervention) -> bool | None:
        """Staff only: the review period is over with at least 4 points."""
        return bool(self._monitoring(intervention).decision_due) if self._staff() else None


class InterventionDetailSerializer(InterventionSerializer):
    slope_per_week = serializers.SerializerMethodField()
    staff_notes = serializers.SerializerMethodField()
    points = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()

    class Meta(InterventionSerializer.Meta):
        fields = [*InterventionSerializer.Meta.fields, "slope_per_week", "staff_notes", "points", "decisions"]

    def get_slope_per_week(self, intervention: Intervention) -> float | None:
        line = self._monitoring(intervention).trend
        return None if line is None else round(line.slope_per_week, 4)

    def get_staff_notes(self, intervention: Intervention) -> str | None:
        return intervention.staff_notes if self._staff() else None

    @extend_schema_field(PointSerializer(many=True))
    def get_points(self, intervention: Intervention) -> list[dict[str, Any]]:
        m = self._monitoring(intervention)
        return [
            {
                "measured_on": p.measured_on,
                "value": float(p.value),
                "goal": m.goal_at(p.measured_on),
                "note": p.note if self._staff() else None,
            }
            for p in m.points
        ]

    @extend_schema_field(DecisionSerializer(many=True, allow_null=True))
    def get_decisions(self, intervention: Intervention) -> list[dict[str, Any]] | None:
        if not self._staff():
            return None
        user = self.context["request"].user
        return [
            {
                "decided_on": d.decided_on,
                "kind": d.kind,
                "reason": d.reason,
                "decided_by": d.decided_by.get_full_name(),
                "point_count": d.point_count,
                "slope_per_week": d.slope_per_week,
            }
            for d in decisions_visible_to(user).filter(intervention=intervention).select_related("decided_by")
        ]


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Décisions de palier visibles",
        description=(
            "Les décisions de palier (1 universel, 2 ciblé, 3 intensif) des élèves que le personnel sert : "
            "direction (ses écoles), enseignant·e (ses groupes), professionnel·le (sa charge de cas). "
            "Historique complet : `in_force` marque la décision en vigueur. La famille n'y a pas accès. "
            "Chaque élève montré est inscrit au journal d'audit."
        ),
        parameters=[STUDENT],
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Une décision de palier (lecture journalisée)",
        responses={200: TierDecisionSerializer, 404: OpenApiResponse(description="Décision introuvable.")},
    ),
)
class TierDecisionViewSet(NoStoreMixin, viewsets.ReadOnlyModelViewSet[TierDecision]):
    serializer_class = TierDecisionSerializer
    queryset = TierDecision.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[TierDecision]:
        qs = tier_decisions_visible_to(self.request.user).select_related("decided_by", "student")
        return _student_filter(qs, self.request).order_by("student_id", "-decided_at", "-pk")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        ids = tier_decisions_visible_to(self.request.user).values("pk")
        context["in_force"] = set(current_tier_decisions().filter(pk__in=ids).values_list("pk", flat=True))
        return context

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        log_list_read(self.request.user, [d.student for d in (page or [])], view="api:tier-decision-list")
        return page

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            decision = self.get_queryset().get(pk=int(kwargs.get("pk", "")))
        except (TierDecision.DoesNotExist, ValueError):
            raise Http404("Décision introuvable") from None
        log_access(
            request.user,
            decision,
            reason=_reason(request.user),
            view="api:tier-decision-detail",
            student_id=decision.student_id,
        )
        return Response(self.get_serializer(decision).data)


def _reason(user: Any) -> str:
    from support.audit import REASON_BY_ROLE

    return REASON_BY_ROLE.get(str(getattr(user, "role", "")), "")


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Interventions visibles",
        description=(
            "Les interventions que l'utilisateur peut voir, comme dans les pages : la direction, celles de "
            "ses écoles; l'enseignant·e, celles dont il ou elle est responsable dans ses groupes; le ou la "
            "professionnel·le, celles de sa charge de cas; le parent et l'élève de 14 ans ou plus, les "
            "leurs. `point_due` et `decision_due` : personnel seulement (null pour la famille). "
            "Chaque élève montré est inscrit au journal d'audit."
        ),
        parameters=[STUDENT],
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Une intervention et son suivi (lecture journalisée)",
        description=(
            "L'intervention, ses points de suivi avec la ligne de but, la tendance par semaine et, pour le "
            "personnel, les notes et les décisions de suivi (null pour la famille). 404 si elle n'existe pas "
            "ou n'est pas visible."
        ),
        responses={
            200: InterventionDetailSerializer,
            404: OpenApiResponse(description="Intervention introuvable."),
        },
    ),
)
class InterventionViewSet(NoStoreMixin, viewsets.ReadOnlyModelViewSet[Intervention]):
    serializer_class = InterventionSerializer
    queryset = Intervention.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Intervention]:
        qs = interventions_visible_to(self.request.user).select_related("student", "kind", "responsible")
        return _student_filter(qs, self.request).order_by("student_id", "-start_on", "-pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        log_list_read(request.user, [i.student for i in page], view="api:intervention-list")
        context = {
            **self.get_serializer_context(),
            "monitors": {m.intervention.pk: m for m in monitor_all(page)},
        }
        return self.get_paginated_response(InterventionSerializer(page, many=True, context=context).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access = get_intervention_for(request.user, kwargs.get("pk"), view="api:intervention-detail")
        m = monitor(access.intervention)
        context = {**self.get_serializer_context(), "monitors": {access.intervention.pk: m}}
        return Response(InterventionDetailSerializer(access.intervention, context=context).data)


router = SimpleRouter()
router.register("paliers", TierDecisionViewSet, basename="tier-decision")
router.register("interventions", InterventionViewSet, basename="intervention")
urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
