"""A model choice posted as a number too large for the database is an invalid choice, not a crash.

Django's ModelChoiceField sends any integer to the database: SQLite raises OverflowError beyond 64 bits and
PostgreSQL a DataError (which also aborts the transaction). Both fields check the size first, so every form
of the project answers "choix invalide" instead of a server error (security/tests/test_fuzz_forms.py).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import models as form_models

BIGINT_MAX = 2**63 - 1


def too_big(value: Any) -> bool:
    try:
        return abs(int(str(value).strip())) > BIGINT_MAX
    except (TypeError, ValueError):
        return False


def install() -> None:
    single: Any = form_models.ModelChoiceField
    multiple: Any = form_models.ModelMultipleChoiceField
    if getattr(single, "_eleve360_guarded", False):
        return
    to_python = single.to_python
    check_values = multiple._check_values

    def guarded_to_python(self: Any, value: Any) -> Any:
        if value not in self.empty_values and too_big(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(value)[:30]},
            )
        return to_python(self, value)

    def guarded_check_values(self: Any, value: Any) -> Any:
        for item in value or ():
            if too_big(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(item)[:30]},
                )
        return check_values(self, value)

    single.to_python = guarded_to_python
    multiple._check_values = guarded_check_values
    single._eleve360_guarded = True
