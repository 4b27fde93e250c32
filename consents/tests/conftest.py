"""What the consent tests add to the shared cast (Léo, 12, is in the root conftest): the service domains."""

from __future__ import annotations

import pytest

from core.models import ServiceDomain


@pytest.fixture
def psychology(db):
    return ServiceDomain.objects.get(code="psychologie")


@pytest.fixture
def speech(db):
    return ServiceDomain.objects.get(code="orthophonie")
