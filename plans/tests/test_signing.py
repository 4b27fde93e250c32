"""Signatures: requested by the principal, signed in the portal by a parent with parental authority or the
student from 14, on the version displayed; paper signatures recorded by the principal."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from plans import actions, signing
from plans.models import Channel, GuardianSignature, SignerKind
from plans.tests.helpers import active, filled, refresh, sign


def test_requesting_signatures_shows_the_plan_and_emails_the_family_without_content(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    plan = filled(cast)
    assert plan.shared_at is None
    with django_capture_on_commit_callbacks(execute=True):
        plan = signing.request_signatures(cast.principal, plan)
    assert plan.shared_at is not None
    recipients = sorted(address for m in mailoutbox for address in m.to)
    assert recipients == sorted(["isabelle@exemple.qc.ca", cast.student15.email])
    for message in mailoutbox:
        assert "Lecture lente" not in message.body and "Alice" in message.subject


def test_the_parent_signs_the_version_displayed_with_time_channel_and_digest(cast):
    plan = active(cast)
    signature = sign(cast.parent, plan)
    assert signature.signer_kind == SignerKind.GUARDIAN and signature.channel == Channel.PORTAL
    assert signature.guardian == cast.parent.guardian_profile and signature.recorded_by == cast.parent
    assert signature.plan_version == plan.version
    assert signature.content_sha256 == signing.digest_of(refresh(plan))
    with pytest.raises(PermissionDenied, match="déjà signé"):
        sign(cast.parent, plan)


def test_alice_signs_her_own_plan_at_15(cast):
    signature = sign(cast.student15, active(cast))
    assert signature.signer_kind == SignerKind.STUDENT and signature.guardian is None


def test_a_changed_plan_is_refused_until_read_again(cast):
    plan = active(cast)
    old = signing.digest_of(refresh(plan))
    actions.add_need(cast.principal, plan, "Un autre besoin.")
    with pytest.raises(ValidationError, match="a changé"):
        signing.sign_plan(cast.parent, refresh(plan), digest=old, agreed=True)
    assert not GuardianSignature.objects.exists()


def test_the_box_must_be_ticked(cast):
    with pytest.raises(ValidationError, match="Cochez"):
        sign(cast.parent, active(cast), agreed=False)


def test_a_new_version_can_be_signed_again(cast):
    plan = active(cast)
    sign(cast.parent, plan)
    actions.add_need(cast.principal, plan, "Un autre besoin.")
    second = sign(cast.parent, plan)
    assert second.plan_version == refresh(plan).version


def test_staff_and_strangers_cannot_sign_and_a_parent_without_authority_neither(cast):
    plan = active(cast)
    for user in (cast.principal, cast.teacher, cast.psychologist, cast.outsider, cast.manager):
        with pytest.raises(PermissionDenied):
            sign(user, plan)
    cast.parent.guardian_profile.links.update(has_parental_authority=False)
    with pytest.raises(PermissionDenied, match="autorité parentale"):
        sign(cast.parent, plan)


def test_a_plan_not_shown_or_closed_cannot_be_signed(cast):
    plan = filled(cast)
    with pytest.raises(PermissionDenied):
        sign(cast.parent, plan)
    plan = actions.close_plan(cast.principal, actions.activate(cast.principal, plan), "Fin.")
    with pytest.raises(PermissionDenied, match="fermé"):
        sign(cast.parent, plan)


def test_the_principal_records_a_paper_signature(cast):
    plan = active(cast)
    signature = signing.record_paper_signature(
        cast.principal, plan, guardian=cast.parent.guardian_profile, signed_on=timezone.localdate()
    )
    assert signature.channel == Channel.PAPER and signature.recorded_by == cast.principal
    with pytest.raises(PermissionDenied):
        signing.record_paper_signature(cast.teacher, plan, guardian=None, signed_on=timezone.localdate())
    bruno_plan = active(cast, cast.bruno)
    with pytest.raises(ValidationError, match="autorité parentale"):
        signing.record_paper_signature(
            cast.principal, bruno_plan, guardian=cast.parent.guardian_profile, signed_on=timezone.localdate()
        )
