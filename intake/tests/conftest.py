import pytest

from core.models import ServiceDomain
from intake.actions import RequestData


@pytest.fixture
def psychology(db):
    return ServiceDomain.objects.get(code="psychologie")


@pytest.fixture
def speech(db):
    return ServiceDomain.objects.get(code="orthophonie")


@pytest.fixture
def data():
    return RequestData(
        reasons=["emotional", "attendance"],
        details="Anxiété marquée avant les examens, absences le lundi.",
        already_tried="Rencontres avec la TES, plan de retour progressif.",
        tried_weeks=6,
        tier=2,
        urgency="moderate",
        schooling_impact="marked",
        availability="Mardi et jeudi en après-midi",
        modality="any",
        mandate_origin="school",
    )
