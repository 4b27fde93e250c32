"""Per-centre settings of the guichet unique (created with defaults on first use)."""

from __future__ import annotations

from typing import Any


def settings_for(centre: Any) -> Any:
    from intake.models import IntakeSettings

    obj, _created = IntakeSettings.objects.get_or_create(centre=centre)
    return obj
