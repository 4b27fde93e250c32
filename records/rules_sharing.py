"""`rules` predicates of publishing, sharing and transfer. Denied by default.

- Publish into the dossier d'aide particulière, withdraw a publication: the record's professional
  (open or closed record).
- Share the record with another professional, record a copy to a third party, release that copy, revoke
  a share: the record's professional.
- Transfer a professional's records: the coordinator of the same service centre, who never reads them.
"""

from __future__ import annotations

from typing import Any

import rules

from core.models import Role
from records.access import RecordReason, record_reason


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_owner(user: Any, record: Any) -> bool:
    """The record's professional, still a professional with a profession."""
    return (
        record is not None
        and _active(user)
        and user.role == Role.PROFESSIONAL
        and bool(user.profession)
        and record_reason(user, record) == RecordReason.OWNER
    )


@rules.predicate
def can_publish(user: Any, record: Any) -> bool:
    return is_owner(user, record)


@rules.predicate
def can_withdraw(user: Any, publication: Any) -> bool:
    return publication is not None and publication.withdrawn_at is None and is_owner(user, publication.record)


@rules.predicate
def can_share(user: Any, record: Any) -> bool:
    return is_owner(user, record)


@rules.predicate
def can_manage_share(user: Any, share: Any) -> bool:
    """See a share's details, release its copy, revoke it: the record's professional."""
    return share is not None and is_owner(user, share.record)


@rules.predicate
def can_transfer_from(user: Any, professional: Any) -> bool:
    """Move this professional's records: the coordinator of the same service centre."""
    return (
        professional is not None
        and _active(user)
        and user.role == Role.COORDINATOR
        and user.centre_id is not None
        and professional.centre_id == user.centre_id
    )


rules.add_perm("records.publish", can_publish)
rules.add_perm("records.withdraw_publication", can_withdraw)
rules.add_perm("records.share", can_share)
rules.add_perm("records.manage_share", can_manage_share)
rules.add_perm("records.transfer_from", can_transfer_from)
