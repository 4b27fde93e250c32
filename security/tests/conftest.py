"""Fixtures of the hardening suite: what the cast needs to file a request."""

from __future__ import annotations

import pytest


@pytest.fixture
def psychology(db):
    from core.models import ServiceDomain

    return ServiceDomain.objects.get(code="psychologie")


@pytest.fixture
def request_data():
    return make_request_data()


def make_request_data():
    from intake.actions import RequestData

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
