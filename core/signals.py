"""Forget a user's cached served schools when their schools or networks change through that user."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from core.models import User


@receiver(m2m_changed, sender=User.schools.through)
@receiver(m2m_changed, sender=User.networks.through)
def forget_served_schools(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, User):
        instance.forget_served_schools()
