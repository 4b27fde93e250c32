"""The complementary services the platform schedules (Régime pédagogique, art. 5) and who provides them."""

from __future__ import annotations

from typing import Any

DEFAULT_DOMAINS: list[tuple[str, str, list[str]]] = [
    ("psychologie", "Psychologie", ["psychologist"]),
    ("orthophonie", "Orthophonie", ["speech_therapist"]),
    ("psychoeducation", "Psychoéducation", ["psychoeducator"]),
    ("orientation", "Information et orientation scolaires et professionnelles", ["guidance_counsellor"]),
    ("orthopedagogie", "Orthopédagogie", ["remedial_teacher"]),
    ("education-specialisee", "Éducation spécialisée", ["special_education"]),
    ("services-sociaux", "Services sociaux", ["social_worker"]),
    ("sante", "Santé et soins infirmiers", ["nurse"]),
]


def domain_for_profession(profession: str) -> str | None:
    """The service domain code a profession provides, or None."""
    for code, _name, professions in DEFAULT_DOMAINS:
        if profession in professions:
            return code
    return None


def ensure_default_domains(service_domain_model: Any) -> None:
    for code, name, professions in DEFAULT_DOMAINS:
        service_domain_model.objects.get_or_create(
            code=code, defaults={"name": name, "professions": professions}
        )
