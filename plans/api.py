"""REST endpoints of the plans app, mounted under /api/ by api/urls.py: read-only.

The list is `plans_visible_to(user)`; a detail goes through `get_plan_for` (the same 404 for missing and
forbidden) and is audited with its reason, like the page. The means follow the page's rule (teachers and
professionals: the means they are responsible for); contacts with the parents are for staff only.
Changes stay in the pages (the plan is established in meetings, signed in the portal).
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
from core.models import Role
from lib.text import is_identifier
from plans import display
from plans.access import get_plan_for
from plans.models import InterventionPlan
from plans.queries import plans_visible_to
from plans.reminders import is_due, with_last_contact

TAG = "plans d'intervention"
PLAN_DETAIL_VIEW = "api:plan-detail"


def extend_schema_field_list(serializer: Any, nullable: bool = False) -> Any:
    """The schema of a method field that returns a list of `serializer` objects."""
    return extend_schema_field(serializer(many=True, allow_null=nullable))


STAFF_ROLES = (Role.PRINCIPAL, Role.TEACHER, Role.PROFESSIONAL)


class PlanSerializer(serializers.ModelSerializer[InterventionPlan]):
    student = serializers.IntegerField(source="student_id", read_only=True)
    student_name = serializers.CharField(source="student.full_name", read_only=True)
    school = serializers.CharField(source="student.school.ministry_code", read_only=True)
    school_year = serializers.CharField(source="school_year.label", read_only=True)
    # Plain strings, not enums: the codes are listed here (and the schema keeps one "status" enum).
    phase = serializers.CharField(
        read_only=True, help_text="Phase : collect, planning, carrying_out ou review (MEQ, 2004)."
    )
    status = serializers.CharField(read_only=True, help_text="Statut : draft, active ou closed.")
    contact_due = serializers.SerializerMethodField()

    class Meta:
        model = InterventionPlan
        fields = [
            "id",
            "student",
            "student_name",
            "school",
            "school_year",
            "phase",
            "status",
            "version",
            "opened_at",
            "activated_at",
            "closed_at",
            "next_review_on",
            "contact_due",
        ]

    def get_contact_due(self, plan: InterventionPlan) -> bool | None:
        """Staff only: more than a month since the last contact with the parents; null for the family."""
        if getattr(self.context["request"].user, "role", "") not in STAFF_ROLES:
            return None
        return is_due(plan)


class NeedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    description = serializers.CharField()


class MeansSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    what = serializers.CharField()
    responsible = serializers.CharField(allow_null=True)
    frequency = serializers.CharField()


class ObjectiveSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    text = serializers.CharField()
    indicator = serializers.CharField()
    target = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.CharField()
    means = MeansSerializer(many=True)


class ReviewSerializer(serializers.Serializer[Any]):
    held_on = serializers.DateField()
    notes = serializers.CharField()
    decisions = serializers.CharField()


class SignatureSerializer(serializers.Serializer[Any]):
    signer_name = serializers.CharField()
    signer_kind = serializers.CharField()
    signed_at = serializers.DateTimeField()
    channel = serializers.CharField()
    plan_version = serializers.IntegerField()


class ContactSerializer(serializers.Serializer[Any]):
    contacted_on = serializers.DateField()
    mode = serializers.CharField()


class PlanDetailSerializer(PlanSerializer):
    strengths = serializers.CharField(read_only=True)
    difficulties = serializers.CharField(read_only=True)
    needs = serializers.SerializerMethodField()
    objectives = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()
    signatures = serializers.SerializerMethodField()
    contacts = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [
            *PlanSerializer.Meta.fields,
            "strengths",
            "difficulties",
            "needs",
            "objectives",
            "reviews",
            "signatures",
            "contacts",
        ]

    def _page(self) -> dict[str, Any]:
        return self.context["page"]

    def get_contact_due(self, plan: InterventionPlan) -> bool | None:
        contact = self._page()["contact"]
        return None if contact is None else bool(contact["due"])

    @extend_schema_field_list(NeedSerializer)
    def get_needs(self, plan: InterventionPlan) -> list[dict[str, Any]]:
        return [{"id": n.pk, "description": n.description} for n in self._page()["needs"]]

    @extend_schema_field_list(ObjectiveSerializer)
    def get_objectives(self, plan: InterventionPlan) -> list[dict[str, Any]]:
        return [
            {
                "id": row["objective"].pk,
                "text": row["objective"].text,
                "indicator": row["objective"].indicator,
                "target": row["objective"].target,
                "due_on": row["objective"].due_on,
                "status": row["objective"].status,
                "means": [
                    {
                        "id": m.pk,
                        "what": m.what,
                        "responsible": m.responsible.get_full_name() if m.responsible else m.responsible_text,
                        "frequency": m.frequency,
                    }
                    for m in row["means"]
                ],
            }
            for row in self._page()["objectives"]
        ]

    @extend_schema_field_list(ReviewSerializer)
    def get_reviews(self, plan: InterventionPlan) -> list[dict[str, Any]]:
        return [
            {"held_on": r.held_on, "notes": r.notes, "decisions": r.decisions}
            for r in self._page()["reviews"]
        ]

    @extend_schema_field_list(SignatureSerializer)
    def get_signatures(self, plan: InterventionPlan) -> list[dict[str, Any]]:
        return [
            {
                "signer_name": s.signer_name,
                "signer_kind": s.signer_kind,
                "signed_at": s.signed_at,
                "channel": s.channel,
                "plan_version": s.plan_version,
            }
            for s in self._page()["signatures"]
        ]

    @extend_schema_field_list(ContactSerializer, nullable=True)
    def get_contacts(self, plan: InterventionPlan) -> list[dict[str, Any]] | None:
        page = self._page()
        if not page["is_staff"]:
            return None
        return [{"contacted_on": c.contacted_on, "mode": c.mode} for c in page["contacts"]]


PLAN_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Numéro du plan.")


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Plans d'intervention visibles",
        description=(
            "Les plans que l'utilisateur peut voir, comme dans les pages : la direction, ceux de ses écoles; "
            "l'enseignant·e, ceux des élèves de ses groupes; le ou la professionnel·le, ceux de sa charge de "
            "cas; le parent et l'élève de 14 ans ou plus, ceux qui leur ont été montrés. `contact_due` "
            "(personnel seulement) : plus d'un mois depuis le dernier contact avec les parents. La liste "
            "n'est pas inscrite au journal d'audit."
        ),
        parameters=[OpenApiParameter("eleve", int, description="Numéro de l'élève.")],
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Un plan d'intervention (lecture journalisée)",
        description=(
            "Le plan, ses besoins, objectifs et moyens (pour l'enseignant·e et le ou la professionnel·le : "
            "les moyens dont il ou elle est responsable), révisions, signatures et, pour le personnel, les "
            "dates et modes des contacts avec les parents. 404 s'il n'existe pas ou n'est pas visible. "
            "Chaque lecture est inscrite au journal d'audit avec son motif."
        ),
        parameters=[PLAN_ID],
        responses={200: PlanDetailSerializer, 404: OpenApiResponse(description="Plan introuvable.")},
    ),
)
class PlanViewSet(NoStoreMixin, viewsets.ReadOnlyModelViewSet[InterventionPlan]):
    serializer_class = PlanSerializer
    queryset = InterventionPlan.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[InterventionPlan]:
        qs = with_last_contact(plans_visible_to(self.request.user)).select_related(
            "student__school", "school_year"
        )
        student = self.request.query_params.get("eleve")
        if student is not None:
            if not is_identifier(student):
                return qs.none()
            qs = qs.filter(student_id=int(student))
        return qs.order_by("-opened_at", "-pk")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access = get_plan_for(request.user, kwargs.get("pk"), view=PLAN_DETAIL_VIEW)
        page = display.plan_context(request.user, access.plan, access.reason)
        context = {**self.get_serializer_context(), "page": page}
        return Response(PlanDetailSerializer(access.plan, context=context).data)


router = SimpleRouter()
router.register("plans-intervention", PlanViewSet, basename="plan")
urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
