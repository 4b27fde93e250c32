"""Filters of the backtest report: shares as percentages, missing values as a dash."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()
DASH = "—"


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    """0.1234 -> '12,3 %' (in French); None -> '—'."""
    if value is None:
        return DASH
    return f"{number_format(round(100 * float(value), digits), digits)} %"


@register.filter
def decimal(value: Any, digits: int = 2) -> str:
    """A number with a fixed count of decimals (localized); None -> '—'."""
    if value is None:
        return DASH
    return str(number_format(round(float(value), digits), digits))


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None
