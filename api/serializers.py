"""Serializers of the API. What is never here: health alerts, notes, anything from records."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.authtoken.models import Token

from api.permissions import is_staff_member
from core.models import School
from students.authorizer import REASON_LABELS
from students.models import EhdaaCode, GuardianLink, Student

STAFF_ONLY_GUARDIAN_FIELDS = ("email", "phone")


class SchoolSerializer(serializers.ModelSerializer[School]):
    """Une école du centre de services scolaire (données de référence)."""

    latitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-90),
        max_value=Decimal(90),
        coerce_to_string=False,
        allow_null=True,
        read_only=True,
    )
    longitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-180),
        max_value=Decimal(180),
        coerce_to_string=False,
        allow_null=True,
        read_only=True,
    )
    network_name = serializers.CharField(
        source="network.name", allow_null=True, read_only=True, help_text="Nom du réseau d'écoles."
    )

    class Meta:
        model = School
        fields = [
            "id",
            "ministry_code",
            "name",
            "address",
            "city",
            "postal_code",
            "region",
            "latitude",
            "longitude",
            "level",
            "imse_decile",
            "sfr_decile",
            "network_name",
        ]
        read_only_fields = fields


class SchoolSummarySerializer(serializers.ModelSerializer[School]):
    """L'école de l'élève : identifiant et nom."""

    class Meta:
        model = School
        fields = ["id", "name"]
        read_only_fields = fields


class GuardianSerializer(serializers.Serializer[GuardianLink]):
    """Un parent ou tuteur de l'élève. Courriel et téléphone : au personnel seulement."""

    name = serializers.CharField(source="guardian", help_text="Prénom et nom.")
    relationship = serializers.ChoiceField(choices=GuardianLink.Relationship.choices)
    has_parental_authority = serializers.BooleanField()
    email = serializers.EmailField(
        source="guardian.email", required=False, help_text="Présent pour le personnel seulement."
    )
    phone = serializers.CharField(
        source="guardian.phone", required=False, help_text="Présent pour le personnel seulement."
    )

    def to_representation(self, instance: GuardianLink) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        request = self.context.get("request")
        if not is_staff_member(getattr(request, "user", None)):
            for field in STAFF_ONLY_GUARDIAN_FIELDS:
                data.pop(field, None)
        return data


class StudentSerializer(serializers.ModelSerializer[Student]):
    """Un élève visible par l'utilisateur. L'alerte santé n'est jamais exposée."""

    group = serializers.CharField(
        source="group.code", allow_null=True, read_only=True, help_text="Code du groupe-repère."
    )
    school = SchoolSummarySerializer(read_only=True)
    ehdaa_code = serializers.ChoiceField(
        choices=EhdaaCode.choices, allow_blank=True, read_only=True, help_text="Vide si aucun code."
    )
    guardians = GuardianSerializer(source="guardian_links", many=True, read_only=True)

    class Meta:
        model = Student
        fields = [
            "id",
            "code_permanent",
            "last_name",
            "first_name",
            "birth_date",
            "sex",
            "grade_level",
            "group",
            "school",
            "ehdaa_code",
            "guardians",
        ]
        read_only_fields = fields


class StudentDetailSerializer(StudentSerializer):
    """Un élève, avec le motif pour lequel l'utilisateur y a accès (inscrit au journal d'audit)."""

    access_reason = serializers.SerializerMethodField(
        help_text="Motif de l'accès : " + ", ".join(REASON_LABELS) + "."
    )

    class Meta(StudentSerializer.Meta):
        fields = [*StudentSerializer.Meta.fields, "access_reason"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=list(REASON_LABELS)))
    def get_access_reason(self, obj: Student) -> str:
        return str(self.context["access_reason"])


class TokenSerializer(serializers.ModelSerializer[Token]):
    """Le jeton d'API, montré une seule fois à sa création."""

    class Meta:
        model = Token
        fields = ["key", "created"]
        read_only_fields = fields
