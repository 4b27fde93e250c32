"""Who reaches the privacy officer's tools: the privacy officer of the centre; a destruction run is also
shown to the centre's manager, who may approve one that somebody else prepared."""

from __future__ import annotations

from typing import Any

import rules

from core.models import Role


def _role(user: Any) -> str:
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.centre_id is None:
        return ""
    return str(user.role)


@rules.predicate
def is_centre_privacy_officer(user: Any) -> bool:
    return _role(user) == Role.PRIVACY_OFFICER


@rules.predicate
def may_see_destruction(user: Any) -> bool:
    return _role(user) in (Role.PRIVACY_OFFICER, Role.MANAGER)


rules.add_perm("privacy.manage", is_centre_privacy_officer)
rules.add_perm("privacy.view_destruction", may_see_destruction)
rules.add_perm("privacy.approve_destruction", may_see_destruction)
