"""The consents of the demo centre (see demo/histories.py for the contract).

Every service episode with a first service gets the consent its start needs (`intake.consent_status.
start_scopes`: the evaluation when the request asks for one, else the follow-up services), for the
request's service, signed before the first service by whom the Civil Code allows (`lib.consent`: the
student from 14, else a guardian with parental authority). A signer with a portal account signs in the
portal, answering a request the professional prepared; the others sign on paper, recorded by the
professional with a scan (one small PDF stand-in, the same bytes everywhere). Around them: telepractice
consents for a share of the telepractice requests, sharing consents for a few students, a few revoked
and a few expired ones, pending requests where no first service happened yet, and something to sign
for the demo family accounts (`parent`, `eleve`).

It writes what the named actions of `consents.actions` would have stored, without calling them (no
e-mail, no audit row): a handful of queries, nothing per student, then `bulk_create`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import random
from collections.abc import Callable
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from consents.formtext import expiry_for
from consents.models import Channel, Consent, ConsentDocument, ConsentRequest, Scope, SignerKind
from core.models import ServiceCentre, User
from demo import geography
from demo.consent_texts import EXPLANATIONS, REVOCATIONS, SHARING
from intake.consent_status import start_scopes
from intake.models import Modality, ServiceEpisode
from lib import consent as logic
from lib import filetypes
from lib.schoolyear import age_on
from students.models import Caseload, GuardianLink, Student

BATCH_SIZE = 2000
CHUNK = 5000
TELEPRACTICE_SHARE = 0.7  # of the telepractice requests served: the consent is on file
PENDING_SHARE = 0.75  # of the open episodes not yet started: the form waits for a signature
CANCELLED_SHARE, CANCELLED_MIN = 0.5, 2  # of the episodes closed before any service: form cancelled
ANSWERED_SHARE = 0.3  # of the paper forms: they answer a request the professional prepared
SHARING_SHARE, SHARING_MIN = 0.12, 3
EXPIRED_SHARE, EXPIRED_MIN = 0.04, 2
REVOKED_SHARE, REVOKED_MIN = 0.15, 2
ENDED_REVOKED_SHARE = 0.6  # episodes the family ended: the consent was revoked on closing
FAMILY = ("parent", "eleve", "psychologue", "orthophoniste")


@functools.cache
def scan() -> bytes:
    """The one scanned-form stand-in (a small PDF, the same bytes on every run)."""
    from fpdf import FPDF

    pdf = FPDF(format="letter")
    pdf.set_creation_date(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    pdf.set_title("Formulaire de consentement (démonstration)")
    pdf.set_creator("Élève 360")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, "Formulaire de consentement signé", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(
        0,
        6,
        "Document de démonstration : il tient lieu du formulaire signé, numérisé ou produit par le "
        "portail. Toutes les données du centre de démonstration sont fictives.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())


@functools.cache
def scan_digest() -> str:
    return hashlib.sha256(scan()).hexdigest()


class Episode(NamedTuple):
    pk: int
    student: int
    professional: int
    domain: int | None  # None: every service (a request made outside an episode)
    opened: dt.datetime
    first: dt.datetime | None
    closed: dt.datetime | None
    outcome: str
    reasons: list[str]
    modality: str


class Kid(NamedTuple):
    name: str
    birth: dt.date
    user: int | None


class Parent(NamedTuple):
    guardian: int
    name: str
    user: int | None


class Signer(NamedTuple):
    kind: str
    guardian: int | None
    name: str
    account: int | None  # the portal account that signs, if any


class Snapshot(NamedTuple):
    episodes: list[Episode]
    kids: dict[int, Kid]
    parents: dict[int, list[Parent]]  # student → guardians with parental authority, in pk order
    family: list[tuple[int, list[int]]]  # demo family: (student, professionals serving them)
    accounts: dict[str, int]


def snapshot(centre: ServiceCentre) -> Snapshot:
    """The episodes, their students and guardians, read in primary-key order: five queries."""
    episodes = [
        Episode(*row)
        for row in ServiceEpisode.objects.filter(request__student__school__centre=centre)
        .order_by("pk")
        .values_list(
            "pk",
            "request__student_id",
            "professional_id",
            "request__domain_id",
            "opened_at",
            "first_service_at",
            "closed_at",
            "outcome",
            "request__reasons",
            "request__modality",
        )
    ]
    accounts = dict(User.objects.filter(username__in=FAMILY).values_list("username", "pk"))
    family_ids: set[int] = set()
    if "eleve" in accounts:
        own = Student.objects.filter(user=accounts["eleve"], school__centre=centre)
        family_ids.update(own.values_list("pk", flat=True))
    if "parent" in accounts:
        children = GuardianLink.objects.filter(
            guardian__user=accounts["parent"], student__school__centre=centre
        )
        family_ids.update(children.values_list("student_id", flat=True))
    wanted = sorted({e.student for e in episodes} | family_ids)
    kids: dict[int, Kid] = {}
    parents: dict[int, list[Parent]] = {}
    for start in range(0, len(wanted), CHUNK):  # a list of keys, in chunks (SQLite's variable limit)
        chunk = wanted[start : start + CHUNK]
        rows = Student.objects.filter(pk__in=chunk).order_by("pk")
        for pk, first, last, birth, user in rows.values_list(
            "pk", "first_name", "last_name", "birth_date", "user_id"
        ):
            kids[pk] = Kid(f"{first} {last}", birth, user)
        links = GuardianLink.objects.filter(student__in=chunk, has_parental_authority=True)
        for student, guardian, first, last, user in links.order_by("guardian_id", "pk").values_list(
            "student_id", "guardian_id", "guardian__first_name", "guardian__last_name", "guardian__user_id"
        ):
            parents.setdefault(student, []).append(Parent(guardian, f"{first} {last}", user))
    serving: dict[int, list[int]] = {}
    active = Caseload.objects.active().filter(student__in=family_ids).order_by("pk")
    for student, professional in active.values_list("student_id", "professional_id"):
        serving.setdefault(student, []).append(professional)
    eleve = next((pk for pk, kid in kids.items() if kid.user and kid.user == accounts.get("eleve")), None)
    order = sorted(family_ids, key=lambda pk: (pk != eleve, pk))
    family = [(pk, serving.get(pk, [])) for pk in order]
    return Snapshot(episodes, kids, parents, family, accounts)


# -- the plan --------------------------------------------------------------------------------------------


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def noon(day: dt.date) -> dt.datetime:
    """A paper form signed on a past day is dated at noon, as `record_paper_consent` does."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


class Planner:
    """Plans unsaved requests and consents; every draw comes from one stream seeded by the demo seed."""

    def __init__(self, snap: Snapshot, seed: int, today: dt.date) -> None:
        self.s = snap
        self.rng = random.Random(f"eleve360-demo:{seed}:consents")  # noqa: S311 — fiction, not secrets
        self.today = today
        self.end = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=1), dt.time(17, 30)))
        self.requests: list[ConsentRequest] = []
        self.consents: list[Consent] = []
        self.pending: set[tuple[int, str, int | None]] = set()
        self.revocable: list[tuple[Consent, Episode]] = []
        self.unsigned = 0  # episodes whose student has nobody who may sign (none in the demo)
        self.telepractice_signed = False

    # -- people and moments ----------------------------------------------------------------------------

    def signer(self, student: int, day: dt.date) -> Signer | None:
        """The student from 14 on that day, else a guardian with parental authority (one with a portal
        account first: the demo parent signs for the younger child)."""
        kid = self.s.kids[student]
        if age_on(kid.birth, day) >= logic.SOLO_CONSENT_AGE:
            return Signer(SignerKind.STUDENT, None, kid.name, kid.user)
        parents = self.s.parents.get(student, [])
        if not parents:
            return None
        with_account = [p for p in parents if p.user is not None]
        chosen = with_account[0] if with_account else parents[self.rng.randrange(len(parents))]
        return Signer(SignerKind.GUARDIAN, chosen.guardian, chosen.name, chosen.user)

    def between(
        self, after: dt.datetime, before: dt.datetime, low: float = 0.1, high: float = 0.9
    ) -> dt.datetime:
        return after + (before - after) * self.rng.uniform(low, high)

    def paper_moment(self, after: dt.datetime, before: dt.datetime) -> dt.datetime:
        """A day strictly between the two (dated at noon), else a moment between them."""
        first, last = local_day(after) + dt.timedelta(days=1), local_day(before) - dt.timedelta(days=1)
        if first > last:
            return self.between(after, before)
        return noon(first + dt.timedelta(days=self.rng.randrange((last - first).days + 1)))

    def at_hour(self, moment: dt.datetime, start: dt.time, minutes: int, days: int = 0) -> dt.datetime:
        """A moment of the local day of `moment` (or `days` later) from `start`, within `minutes`."""
        day = local_day(moment) + dt.timedelta(days=days)
        naive = dt.datetime.combine(day, start) + dt.timedelta(minutes=self.rng.randrange(minutes))
        return timezone.make_aware(naive)

    def portal_moment(self, after: dt.datetime, before: dt.datetime) -> dt.datetime:
        """Families sign in the portal in the evening, when the day allows it."""
        moment = self.between(after, before)
        evening = self.at_hour(moment, dt.time(18, 30), 180)
        return evening if after < evening < before else moment

    def recorded_moment(self, signed_at: dt.datetime, before: dt.datetime) -> dt.datetime:
        """The professional records the paper form during office hours, the same day or soon after."""
        moment = self.at_hour(signed_at, dt.time(8, 0), 510, days=self.rng.randint(0, 2))
        if signed_at <= moment <= before:
            return moment
        return signed_at + min(before - signed_at, dt.timedelta(hours=2)) * self.rng.random()

    # -- one consent, as an action would have stored it -----------------------------------------------------

    def request(
        self, ep: Episode, scope: str, created: dt.datetime, shared: tuple[str, str] = ("", "")
    ) -> ConsentRequest:
        request = ConsentRequest(
            student_id=ep.student,
            scope=scope,
            domain_id=ep.domain,
            explanation=self.rng.choice(EXPLANATIONS[scope]),
            shared_with=shared[0],
            shared_what=shared[1],
            requested_by_id=ep.professional,
            created_at=created,
        )
        self.requests.append(request)
        return request

    def ask(self, ep: Episode, scope: str, created: dt.datetime, shared: tuple[str, str] = ("", "")) -> bool:
        """A pending request (one per student, scope and service, as `request_consent` allows)."""
        key = (ep.student, scope, ep.domain)
        if scope != Scope.SHARING and key in self.pending:
            return False
        self.pending.add(key)
        self.request(ep, scope, created, shared)
        return True

    def sign(
        self,
        ep: Episode,
        scope: str,
        after: dt.datetime,
        before: dt.datetime,
        *,
        shared: tuple[str, str] = ("", ""),
        expires_on: dt.date | None = None,
    ) -> Consent | None:
        """Signed between `after` and `before`: in the portal when the signer has an account, else on
        paper recorded by the professional (now and then answering a request they had prepared)."""
        rng = self.rng
        if before <= after:
            return None
        created = self.between(after, before, 0.0, 0.3)
        signed_at = self.portal_moment(created, before)
        draft = self.signer(ep.student, local_day(signed_at))
        if draft is None or draft.account is None:
            signed_at = self.paper_moment(after, before)
            draft = self.signer(ep.student, local_day(signed_at))
            if draft is None:
                return None
            channel, recorded_by = Channel.PAPER, ep.professional
            recorded_at = self.recorded_moment(signed_at, before)
            answered = rng.random() < ANSWERED_SHARE and scope != Scope.SHARING
        else:
            channel, recorded_by, recorded_at, answered = Channel.PORTAL, draft.account, signed_at, True
        request = None
        if answered:
            request = self.request(ep, scope, min(created, signed_at), shared)
            request.status = ConsentRequest.Status.SIGNED
            request.closed_at, request.closed_by_id = recorded_at, recorded_by
        signed_on = local_day(signed_at)
        consent = Consent(
            student_id=ep.student,
            scope=scope,
            domain_id=ep.domain,
            shared_with=shared[0],
            shared_what=shared[1],
            signer_kind=draft.kind,
            signer_guardian_id=draft.guardian,
            signer_name=draft.name,
            signed_at=signed_at,
            channel=channel,
            expires_on=expires_on or expiry_for(None, signed_on),
            request=request,
            recorded_by_id=recorded_by,
            recorded_at=recorded_at,
            document_type=filetypes.PDF,
            document_size=len(scan()),
            document_sha256=scan_digest(),
        )
        self.consents.append(consent)
        return consent

    def revoke(self, consent: Consent, ep: Episode, at: dt.datetime) -> None:
        consent.revoked_at, consent.revoked_by_id = at, ep.professional
        consent.revocation_reason = self.rng.choice(REVOCATIONS[consent.scope])

    # -- the whole history -------------------------------------------------------------------------------

    def build(self) -> None:
        started: list[tuple[Episode, Consent]] = []
        for ep in self.s.episodes:
            scope = start_scopes(ep)[0]
            if ep.first is None:
                self.not_started(ep, scope)
                continue
            consent = self.sign(ep, scope, ep.opened, ep.first)
            if consent is None:
                self.unsigned += 1
                continue
            started.append((ep, consent))
            if (
                ep.closed is not None
                and ep.outcome == "ended_by_family"
                and local_day(ep.closed) > local_day(ep.first)
            ) and self.rng.random() < ENDED_REVOKED_SHARE:
                self.revoke(consent, ep, ep.closed)
            if ep.modality == Modality.TELEPRACTICE:
                self.telepractice(ep)
        self.sharing(started)
        self.cancelled(started)
        self.expired(started)
        self.revocations()
        self.family()

    def not_started(self, ep: Episode, scope: str) -> None:
        """Assigned, no service yet: the form usually waits for a signature; closed before any service:
        the form was sometimes cancelled."""
        if ep.closed is None:
            if self.rng.random() < PENDING_SHARE:
                self.ask(ep, scope, self.between(ep.opened, max(self.end, ep.opened), 0.0, 0.6))
        elif self.rng.random() < CANCELLED_SHARE:
            request = self.request(ep, scope, self.between(ep.opened, ep.closed, 0.0, 0.3))
            request.status = ConsentRequest.Status.CANCELLED
            request.closed_at, request.closed_by_id = ep.closed, ep.professional

    def telepractice(self, ep: Episode) -> None:
        assert ep.first is not None
        # The first telepractice service always has its consent on file, so that a small demo shows one.
        if self.rng.random() < TELEPRACTICE_SHARE or not self.telepractice_signed:
            consent = self.sign(ep, Scope.TELEPRACTICE, ep.opened, ep.first)
            if consent is not None:
                self.telepractice_signed = True
                self.revocable.append((consent, ep))
        elif ep.closed is None:
            self.ask(ep, Scope.TELEPRACTICE, self.between(ep.first, self.end))

    def cancelled(self, started: list[tuple[Episode, Consent]]) -> None:
        """A few forms the professional withdrew before anyone signed (the family said no, or the
        meetings stayed in person)."""
        done = sum(1 for r in self.requests if r.status == ConsentRequest.Status.CANCELLED)
        room = [ep for ep, _c in started if ep.first is not None and ep.first < (ep.closed or self.end)]
        for ep in self.rng.sample(room, min(len(room), max(0, CANCELLED_MIN - done))):
            assert ep.first is not None
            created = self.between(ep.first, ep.closed or self.end, 0.0, 0.5)
            request = self.request(ep, Scope.TELEPRACTICE, created)
            request.status = ConsentRequest.Status.CANCELLED
            request.closed_at = self.between(created, ep.closed or self.end)
            request.closed_by_id = ep.professional

    def sharing(self, started: list[tuple[Episode, Consent]]) -> None:
        """After some weeks of service, the professional asks to share conclusions with named people."""
        room = [
            (ep, c)
            for ep, c in started
            if ep.first is not None and ep.first + dt.timedelta(days=10) < (ep.closed or self.end)
        ]
        count = min(len(room), max(SHARING_MIN, round(len(started) * SHARING_SHARE)))
        for ep, _consent in self.rng.sample(room, count):
            assert ep.first is not None
            after = ep.first + dt.timedelta(days=7)
            before = min(ep.closed or self.end, ep.first + dt.timedelta(days=60))
            consent = self.sign(ep, Scope.SHARING, after, before, shared=self.rng.choice(SHARING))
            if consent is not None:
                self.revocable.append((consent, ep))

    def expired(self, started: list[tuple[Episode, Consent]]) -> None:
        """An evaluation consent of an earlier school year, expired on the 30 June that followed."""
        count = min(len(started), max(EXPIRED_MIN, round(len(started) * EXPIRED_SHARE)))
        for ep, _consent in self.rng.sample(started, count):
            signed_on = self.today - dt.timedelta(days=self.rng.randint(380, 540))
            while signed_on.month in (6, 7, 8):  # in class time: the month before never spans 1 July
                signed_on -= dt.timedelta(days=31)
            expires_on = dt.date(signed_on.year + (signed_on.month >= 7), 6, 30)
            after = noon(signed_on - dt.timedelta(days=30))
            self.sign(ep, Scope.EVALUATION, after, noon(signed_on), expires_on=expires_on)

    def revocations(self) -> None:
        """A few telepractice or sharing consents revoked later (the start consent stays valid)."""
        room = [
            (c, ep) for c, ep in self.revocable if local_day(c.signed_at) + dt.timedelta(days=3) < self.today
        ]
        already = sum(1 for c in self.consents if c.revoked_at is not None)
        count = min(len(room), max(REVOKED_MIN - already, round(len(room) * REVOKED_SHARE)))
        for consent, ep in self.rng.sample(room, max(0, count)):
            self.revoke(consent, ep, self.between(consent.signed_at + dt.timedelta(days=2), self.end))

    def family(self) -> None:
        """Something to sign for the demo accounts: the `eleve` student (14+) and the younger children
        of `parent` (under 14, parental authority), prepared by a professional serving them."""
        accounts = self.s.accounts
        preferred = {accounts.get("psychologue"), accounts.get("orthophoniste")}
        for student, serving in self.s.family:
            kid = self.s.kids.get(student)
            if kid is None or not serving:
                continue
            is_eleve = kid.user is not None and kid.user == accounts.get("eleve")
            minor = age_on(kid.birth, self.today) < logic.SOLO_CONSENT_AGE
            if not (is_eleve or minor) or (minor and not self.s.parents.get(student)):
                continue
            professional = next((p for p in serving if p in preferred), serving[0])
            own = [ep for ep in self.s.episodes if ep.student == student and ep.professional == professional]
            for waiting in own:
                if waiting.first is None and waiting.closed is None:
                    self.ask(
                        waiting, start_scopes(waiting)[0], self.between(waiting.opened, self.end, 0.0, 0.5)
                    )
            domain = own[0].domain if own else None
            ep = Episode(0, student, professional, domain, self.end, None, None, "", [], "")
            created = self.end - dt.timedelta(days=self.rng.randint(1, 6))
            valid_tele = any(
                c.student_id == student and c.scope == Scope.TELEPRACTICE and c.revoked_at is None
                for c in self.consents
            )
            if not valid_tele:
                self.ask(ep, Scope.TELEPRACTICE, created)
            self.ask(ep, Scope.SHARING, created + dt.timedelta(minutes=20), self.rng.choice(SHARING[:2]))


# -- writing and removing ------------------------------------------------------------------------------


def write_history(seed: int, log: Callable[[str], None], today: dt.date | None = None) -> dict[str, int]:
    """Plan and bulk-write the consents of the demo centre; returns the counts to print."""
    centre = ServiceCentre.objects.filter(code=geography.CENTRE_CODE).first()
    if centre is None:
        return {}
    planner = Planner(snapshot(centre), seed, today or timezone.localdate())
    planner.build()
    with transaction.atomic():
        ConsentRequest.objects.bulk_create(planner.requests, batch_size=BATCH_SIZE)
        Consent.objects.bulk_create(planner.consents, batch_size=BATCH_SIZE)
        content = scan()
        ConsentDocument.objects.bulk_create(
            [ConsentDocument(consent=c, content=content) for c in planner.consents], batch_size=BATCH_SIZE
        )
    pending = sum(1 for r in planner.requests if r.status == ConsentRequest.Status.PENDING)
    log(f"  {len(planner.consents)} consentements, {len(planner.requests)} demandes de consentement")
    if planner.unsigned:
        log(f"  {planner.unsigned} premiers services sans signataire possible (aucun parent inscrit)")
    return {"consentements": len(planner.consents), "demandes de consentement à signer": pending}


def delete_for(students: Any, users: Any) -> int:
    """The consents, their documents and the requests of these students, or recorded, requested,
    closed or revoked by these users (documents first: each protects its consent, each consent its
    request)."""
    requests = ConsentRequest.objects.filter(
        Q(student__in=students) | Q(requested_by__in=users) | Q(closed_by__in=users)
    )
    consents = Consent.objects.filter(
        Q(student__in=students) | Q(recorded_by__in=users) | Q(revoked_by__in=users) | Q(request__in=requests)
    )
    from demo.generator import _delete  # removes first what other apps' rows protect (lazy: no cycle)

    deleted = _delete(ConsentDocument.objects.filter(consent__in=consents))
    ids = list(consents.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        deleted += _delete(Consent.objects.filter(pk__in=ids[start : start + CHUNK]))
    deleted += _delete(requests)
    return deleted
