"""The demo's consents: every first service has the consent its start needs, signed before it by whom the
Civil Code allows; every state shows; the demo family has something to sign; reset and seeds hold."""

from __future__ import annotations

import collections
import hashlib

import pytest
from django.utils import timezone

from consents import actions, formtext
from consents.models import Channel, Consent, ConsentDocument, ConsentRequest, Scope, SignerKind
from consents.queries import consents_visible_to, missing_for, requests_visible_to
from consents.rules import signing_refusal
from core.models import Role, User
from demo import consent_history, generator
from intake.consent_status import start_scopes
from intake.models import Modality, ServiceEpisode
from lib import consent as logic
from lib import filetypes
from students.models import GuardianLink

N = 2000


@pytest.fixture
def demo(db, mailoutbox):
    result = generator.generate(N, 42)
    assert mailoutbox == []  # written, not acted: nobody is e-mailed
    return result


def account(username: str) -> User:
    return User.objects.get(username=username)


def day(moment):
    return timezone.localtime(moment).date()


def started_episodes() -> list[ServiceEpisode]:
    return list(
        ServiceEpisode.objects.filter(first_service_at__isnull=False)
        .select_related("request__student", "request__domain")
        .order_by("pk")
    )


def consents() -> list[Consent]:
    return list(
        Consent.objects.select_related("student", "signer_guardian", "request", "recorded_by").order_by("pk")
    )


def test_every_episode_with_a_first_service_has_its_start_consent_signed_before_it(demo):
    episodes = started_episodes()
    assert len(episodes) >= 20
    by_student = collections.defaultdict(list)
    for consent in consents():
        by_student[consent.student_id].append(consent)
    today = timezone.localdate()
    for episode in episodes:
        assert episode.first_service_at is not None
        request = episode.request
        scope = start_scopes(request)[0]
        found = [
            c
            for c in by_student[request.student_id]
            if c.scope == scope
            and c.domain_id in (request.domain_id, None)
            and c.signed_at <= episode.first_service_at
            and c.state(day(episode.first_service_at)) == logic.VALID
        ]
        assert found, f"épisode {episode.pk} sans consentement {scope}"
        assert not missing_for(request.student, [scope], request.domain, day(episode.first_service_at))
        if episode.closed_at is None:  # an open episode is not blocked today
            assert not missing_for(request.student, [scope], request.domain, today)
            actions.require(request.student, [scope], request.domain)


def test_signers_obey_the_14_year_rule(demo):
    authority: dict[tuple[int, int | None], bool] = {
        (link.student_id, link.guardian_id): link.has_parental_authority
        for link in GuardianLink.objects.all()
    }
    kinds: collections.Counter[str] = collections.Counter()
    for consent in consents():
        age = consent.student.age(day(consent.signed_at))
        kinds[consent.signer_kind] += 1
        if consent.signer_kind == SignerKind.STUDENT:
            assert age >= logic.SOLO_CONSENT_AGE
            assert consent.signer_guardian_id is None and consent.signer_name == consent.student.full_name
        else:
            assert age < logic.SOLO_CONSENT_AGE
            assert authority.get((consent.student_id, consent.signer_guardian_id)) is True
            assert consent.signer_name == str(consent.signer_guardian)
        assert logic.may_sign(consent.signer_kind, age)
    assert kinds[SignerKind.STUDENT] >= 3 and kinds[SignerKind.GUARDIAN] > kinds[SignerKind.STUDENT]


def test_paper_forms_are_recorded_by_the_professional_with_the_scan_and_portal_ones_by_the_signer(demo):
    rows = consents()
    channels = collections.Counter(c.channel for c in rows)
    assert channels[Channel.PORTAL] >= 1 and channels[Channel.PAPER] > 10 * channels[Channel.PORTAL]
    professionals = collections.defaultdict(set)
    for student, professional in ServiceEpisode.objects.values_list("request__student_id", "professional_id"):
        professionals[student].add(professional)
    scan = consent_history.scan()
    assert filetypes.sniff(scan[:16]) == filetypes.PDF and filetypes.looks_complete(scan, filetypes.PDF)
    documents = dict(ConsentDocument.objects.values_list("consent_id", "content"))
    assert set(documents) == {c.pk for c in rows}
    for consent in rows:
        assert documents[consent.pk] == scan
        assert consent.document_sha256 == hashlib.sha256(scan).hexdigest()
        assert (consent.document_type, consent.document_size) == (filetypes.PDF, len(scan))
        assert consent.recorded_at >= consent.signed_at
        if consent.channel == Channel.PAPER:
            assert consent.recorded_by_id in professionals[consent.student_id]
            if consent.request is not None:
                assert consent.request.closed_by_id == consent.recorded_by_id
        else:
            request = consent.request
            assert request is not None and request.status == ConsentRequest.Status.SIGNED
            assert request.closed_by_id == consent.recorded_by_id and request.created_at <= consent.signed_at
            signer = consent.recorded_by
            if consent.signer_kind == SignerKind.STUDENT:
                assert consent.student.user_id == signer.pk and signer.role == Role.STUDENT
            else:
                assert consent.signer_guardian is not None
                assert consent.signer_guardian.user_id == signer.pk and signer.role == Role.GUARDIAN


def test_every_state_shows_and_sharing_names_who_and_what(demo):
    rows = consents()
    states = collections.Counter(c.state() for c in rows)
    assert states[logic.VALID] > 0 and states[logic.REVOKED] >= 2 and states[logic.EXPIRED] >= 2
    for consent in rows:
        if consent.revoked_at is not None:
            assert (
                consent.revoked_by_id and consent.revocation_reason and consent.revoked_at > consent.signed_at
            )
        if consent.state() == logic.EXPIRED:
            assert consent.expires_on is not None and consent.expires_on < timezone.localdate()
    sharing = [c for c in rows if c.scope == Scope.SHARING]
    assert len(sharing) >= 3
    assert all(c.shared_with and c.shared_what for c in sharing)
    assert all(not c.shared_with and not c.shared_what for c in rows if c.scope != Scope.SHARING)
    telepractice = ServiceEpisode.objects.filter(
        first_service_at__isnull=False, request__modality=Modality.TELEPRACTICE
    )
    if telepractice.exists():
        assert any(c.scope == Scope.TELEPRACTICE for c in rows)


def test_pending_requests_wait_once_per_scope_and_service(demo):
    pending = ConsentRequest.objects.filter(status=ConsentRequest.Status.PENDING).exclude(scope=Scope.SHARING)
    keys = collections.Counter(pending.values_list("student_id", "scope", "domain_id"))
    assert keys and max(keys.values()) == 1
    assert ConsentRequest.objects.filter(status=ConsentRequest.Status.CANCELLED).exists()
    for request in ConsentRequest.objects.exclude(status=ConsentRequest.Status.PENDING):
        assert request.closed_at and request.closed_by_id


def test_the_demo_parent_and_student_have_forms_to_sign_and_can_sign_them(demo):
    for username in ("parent", "eleve"):
        user = account(username)
        pending = requests_visible_to(user).filter(status=ConsentRequest.Status.PENDING)
        assert pending.count() >= 1, username
        for request in pending:
            assert signing_refusal(user, request.student) is None
        request = pending.order_by("pk").first()
        assert request is not None
        kind = logic.GUARDIAN if user.role == Role.GUARDIAN else logic.STUDENT
        digest = formtext.form_text(request, kind, timezone.localdate()).digest()
        consent = actions.sign_consent(user, request, digest=digest, agreed=True)
        assert consent in consents_visible_to(user)
    parent = account("parent")
    # the parent never sees what the 14+ student signs alone
    eleve_student = account("eleve").student_profile
    assert not consents_visible_to(parent).filter(student=eleve_student).exists()
    assert not requests_visible_to(parent).filter(student=eleve_student).exists()


def facts() -> list[tuple[object, ...]]:
    return sorted(
        Consent.objects.values_list(
            "student__code_permanent",
            "scope",
            "domain__code",
            "signer_kind",
            "signer_name",
            "signed_at",
            "channel",
            "expires_on",
            "revoked_at",
            "recorded_by__username",
        )
    ) + sorted(ConsentRequest.objects.values_list("student__code_permanent", "scope", "status", "created_at"))


def test_a_seed_gives_the_same_consents_and_reset_replaces_them(db):
    generator.generate(N, 7)
    first = facts()
    assert first
    generator.generate(N, 7, reset=True)
    assert facts() == first
    generator.generate(N, 8, reset=True)
    assert facts() != first
    generator.delete_demo()
    assert not Consent.objects.exists() and not ConsentRequest.objects.exists()
    assert not ConsentDocument.objects.exists()


def test_the_reset_keeps_the_consents_of_students_outside_the_demo(cast):
    request = actions.request_consent(
        cast.psychologist, cast.alice, scope=Scope.SERVICES, domain=None, explanation="Suivi proposé."
    )
    student15 = User.objects.get(pk=cast.student15.pk)
    digest = formtext.form_text(request, logic.STUDENT, timezone.localdate()).digest()
    outside = actions.sign_consent(student15, request, digest=digest, agreed=True)
    generator.generate(N, 3)
    generator.generate(N, 3, reset=True)
    generator.delete_demo()
    assert list(Consent.objects.all()) == [outside]
    assert ConsentDocument.objects.filter(consent=outside).exists()
    assert list(ConsentRequest.objects.all()) == [request]
