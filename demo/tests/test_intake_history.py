"""The demo's guichet unique history: every status, coherent steps, the product's own priorities, and
something to see for each demo account."""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import re

import pytest
from django.db import connection
from django.utils import timezone

from core.models import User
from demo import generator
from intake import actions, waiting
from intake.config import settings_for
from intake.models import OPEN_STATUSES, ReasonChoice, RequestEvent, ServiceEpisode, ServiceRequest, Status
from intake.queries import requests_visible_to
from intake.suggestions import eligible_professionals
from students.models import Caseload, Student

N = 2000

# what the named actions allow, and who takes each step
TRANSITIONS: dict[str, set[str]] = {
    Status.SUBMITTED: {
        Status.INFO_REQUESTED,
        Status.REDIRECTED,
        Status.REFUSED,
        Status.WAITING,
        Status.WITHDRAWN,
    },
    Status.INFO_REQUESTED: {
        Status.SUBMITTED,
        Status.REDIRECTED,
        Status.REFUSED,
        Status.WAITING,
        Status.WITHDRAWN,
    },
    Status.WAITING: {Status.ASSIGNED, Status.WITHDRAWN},
    Status.ASSIGNED: {Status.CLOSED},
}
BY_COORDINATOR = {Status.INFO_REQUESTED, Status.WAITING, Status.ASSIGNED, Status.REFUSED, Status.REDIRECTED}


@pytest.fixture
def demo(db, mailoutbox):
    result = generator.generate(N, 42)
    assert mailoutbox == []  # the history is written, not acted: nobody is e-mailed
    return result


def account(username: str) -> User:
    return User.objects.get(username=username)


def requests() -> list[ServiceRequest]:
    return list(
        ServiceRequest.objects.select_related("student__school", "domain", "requested_by", "assigned_to")
        .prefetch_related("events__actor")
        .order_by("pk")
    )


def test_about_one_student_in_twenty_has_a_request_and_every_status_is_there(demo):
    rows = requests()
    students = {r.student_id for r in rows}
    assert 0.035 <= len(students) / N <= 0.065
    assert demo.counts["demandes de service"] == len(rows)
    statuses = collections.Counter(r.status for r in rows)
    assert set(statuses) == set(Status.values)
    assert (
        statuses[Status.WAITING] >= 15 and statuses[Status.ASSIGNED] >= 15 and statuses[Status.SUBMITTED] >= 5
    )
    domains = collections.Counter(r.domain.code for r in rows)
    assert len(domains) == 8
    frequent = ("psychologie", "orthophonie", "psychoeducation", "orthopedagogie")
    assert min(domains[code] for code in frequent) > max(domains["sante"], domains["services-sociaux"])
    speech = [r for r in rows if r.domain.code == "orthophonie"]
    assert sum(r.student.school.level == "primary" for r in speech) / len(speech) >= 0.8
    assert all(r.network_id == r.student.school.network_id for r in rows)
    # by the student's teacher or principal, sometimes a professional; by a parent for the demo family
    roles = collections.Counter(r.requested_by.role for r in rows)
    assert roles["teacher"] > roles["principal"] > 0 and roles["teacher"] > len(rows) / 2
    for r in rows:
        if r.requested_by.role == "teacher":
            assert r.student.group is not None
            assert r.student.group.teachers.filter(pk=r.requested_by_id).exists()
        elif r.requested_by.role == "principal":
            assert r.student.school_id in r.requested_by.served_school_ids()
        elif r.requested_by.role == "guardian":
            assert r.mandate_origin == "family"
            assert r.student.guardian_links.filter(guardian__user=r.requested_by).exists()
    assert any(r.mandate_origin == "family" and r.requested_by.role != "guardian" for r in rows)
    # open requests: at most one per student and service (the product's constraint)
    open_pairs = [(r.student_id, r.domain_id) for r in rows if r.status in OPEN_STATUSES]
    assert len(open_pairs) == len(set(open_pairs))


def test_each_request_has_a_consistent_french_file(demo):
    rows = requests()
    for r in rows:
        assert (
            r.reasons and set(r.reasons) <= set(ReasonChoice.values) and r.reasons == sorted(set(r.reasons))
        )
        assert len(r.details) > 40 and r.details[0].isupper() and r.details.endswith(".")
        assert r.already_tried.endswith(".") and 1 <= r.tier <= 3
        assert (r.tried_weeks == 0) <= (r.tier == 1)
    assert len({r.details for r in rows}) > len(rows) / 2  # varied, not one sentence repeated


def test_every_assigned_or_closed_request_has_an_episode_with_an_eligible_professional(demo):
    now = timezone.now()
    episodes = {e.request_id: e for e in ServiceEpisode.objects.all()}
    for r in requests():
        if r.status not in (Status.ASSIGNED, Status.CLOSED):
            assert r.pk not in episodes and r.assigned_to_id is None and r.assigned_at is None
            continue
        episode = episodes[r.pk]
        assert r.assigned_to is not None and r.accepted_at is not None and r.assigned_at is not None
        assert episode.professional_id == r.assigned_to_id
        assert r.assigned_to.profession in r.domain.professions
        assert eligible_professionals(r).filter(pk=r.assigned_to_id).exists()
        assert r.created_at < r.accepted_at < r.assigned_at == episode.opened_at < now
        if episode.first_service_at is not None:
            assert r.assigned_at < episode.first_service_at < now
        caseloads = Caseload.objects.filter(professional=r.assigned_to, student=r.student)
        if r.status == Status.ASSIGNED:
            assert episode.closed_at is None and not episode.outcome and not episode.closing_note
            assert caseloads.filter(ended_on__isnull=True).exists()
        else:
            assert r.closed_at is not None
            assert episode.closed_at == r.closed_at and r.assigned_at < r.closed_at < now
            assert episode.outcome in dict(actions.Outcome.CHOICES) and episode.closing_note
            assert r.status_note == dict(actions.Outcome.CHOICES)[episode.outcome]
            assert caseloads.filter(ended_on=timezone.localtime(r.closed_at).date()).exists()
            still_assigned = ServiceRequest.objects.filter(
                student=r.student, assigned_to=r.assigned_to, status=Status.ASSIGNED
            ).exists()
            assert still_assigned or not caseloads.filter(ended_on__isnull=True).exists()  # as close_episode
    # a few episodes have started, a few have ended
    assert ServiceEpisode.objects.filter(first_service_at__isnull=False, closed_at__isnull=True).exists()
    assert ServiceEpisode.objects.filter(closed_at__isnull=False).count() >= 5


def test_events_tell_each_story_in_order_and_end_with_the_current_status(demo):
    now = timezone.now()
    year_start = timezone.make_aware(dt.datetime(2026, 7, 1))
    for r in requests():
        events = list(r.events.all())
        assert events[0].from_status == "" and events[0].to_status == Status.SUBMITTED
        assert events[-1].to_status == r.status
        assert r.version == len(events)
        assert year_start < r.created_at <= events[0].at
        assert all(a.at < b.at for a, b in itertools.pairwise(events))
        assert events[-1].at < now
        for before, event in itertools.pairwise(events):
            assert event.from_status == before.to_status
            assert event.to_status in TRANSITIONS[before.to_status], (r.pk, before, event)
            if event.to_status in BY_COORDINATOR:
                assert event.actor.role == "coordinator"
            elif event.to_status == Status.CLOSED:
                assert event.actor_id == r.assigned_to_id
            else:  # an answer or a withdrawal
                assert event.actor_id == r.requested_by_id
        if len(events) > 1:
            assert r.status_note == events[-1].note
        steps = {e.to_status: e.at for e in events}
        if Status.WAITING in steps:
            assert r.accepted_at == r.triaged_at == steps[Status.WAITING]
        if r.status in (Status.REFUSED, Status.REDIRECTED):
            assert r.triaged_at == r.closed_at == events[-1].at
        if r.status == Status.WITHDRAWN:
            assert r.closed_at == events[-1].at
        if r.status in OPEN_STATUSES:
            assert r.closed_at is None
        if r.status == Status.INFO_REQUESTED:
            assert r.status_note.endswith("?")
    # a redirected request left a new one for the other service, with the same facts and filing date
    for r in ServiceRequest.objects.filter(status=Status.REDIRECTED):
        new = ServiceRequest.objects.get(student=r.student, domain=r.redirected_to)
        first = new.events.first()
        assert first is not None and first.note == f"Réorientée depuis la demande nº {r.pk}"
        assert new.created_at == r.created_at and new.details == r.details and first.at == r.closed_at


def test_priorities_are_those_the_product_computes_on_acceptance(demo, monkeypatch):
    accepted = [r for r in requests() if r.accepted_at is not None]
    assert accepted
    for r in accepted:
        monkeypatch.setattr(actions.timezone, "now", lambda r=r: r.accepted_at)
        assert actions.priority_for(r, r.urgency, r.schooling_impact, r.tier) == (
            r.priority,
            r.priority_parts,
        )
    monkeypatch.undo()
    assert not ServiceRequest.objects.filter(accepted_at__isnull=True, priority__isnull=False).exists()
    assert len({r.priority for r in accepted}) > 10


def test_waiting_lists_have_positions_estimated_waits_and_overdue_entries(demo):
    coordinator = account("guichet")
    config = settings_for(coordinator.centre)
    base = requests_visible_to(coordinator)
    summaries = waiting.list_summaries(base, config.wait_limit_days)
    assert len(summaries) >= 5 and sum(s.overdue for s in summaries) >= 1
    entries = []
    for summary in summaries:
        found = waiting.waiting_list(
            base,
            summary.domain_id,
            summary.network_id,
            window_weeks=config.throughput_window_weeks,
            limit_days=config.wait_limit_days,
        )
        assert [e.position for e in found] == list(range(1, summary.length + 1))
        assert sum(e.overdue for e in found) == summary.overdue
        entries += found
    with_estimate = [e for e in entries if e.estimated_weeks is not None]
    assert len(with_estimate) >= len(entries) / 3
    overdue = [e for e in entries if e.overdue]
    assert 0 < len(overdue) < len(entries) / 2  # a few, not most


def test_the_demo_accounts_see_the_product_working(demo):
    own = Student.objects.get(user__username="eleve")
    teacher = account("enseignant")
    filed = requests_visible_to(teacher)
    group = set(teacher.taught_groups.get().students.values_list("pk", flat=True))
    assert filed.count() >= 2 and set(filed.values_list("student_id", flat=True)) <= group
    assert filed.filter(student=own).exists()
    parent_sees = requests_visible_to(account("parent"))
    assert parent_sees.filter(student=own, status__in=[Status.WAITING, Status.ASSIGNED]).exists()
    assert parent_sees.filter(requested_by__username="parent", mandate_origin="family").exists()
    psychologist = account("psychologue")
    mine = requests_visible_to(psychologist).filter(assigned_to=psychologist, status=Status.ASSIGNED)
    assert mine.count() >= 4 and mine.filter(student=own).exists()
    assert all(hasattr(r, "episode") for r in mine)
    assert requests_visible_to(account("orthophoniste")).filter(status=Status.ASSIGNED).exists()
    inbox = requests_visible_to(account("guichet")).filter(status=Status.SUBMITTED)
    assert inbox.count() >= 5
    principal = account("direction")
    assert requests_visible_to(principal).filter(student=own).exists()
    assert requests_visible_to(account("gestion")).count() == ServiceRequest.objects.count()
    assert not requests_visible_to(account("prp")).exists()


def test_the_details_are_encrypted_at_rest(demo):
    with connection.cursor() as cursor:
        cursor.execute("SELECT details, already_tried FROM intake_servicerequest")
        raw = cursor.fetchall()
    assert raw and all(d.startswith("e360:") and t.startswith("e360:") for d, t in raw)
    assert not any("élève" in d or "élève" in t for d, t in raw)
    assert any("élève" in r.details for r in ServiceRequest.objects.all())  # and they read back


def history() -> list[tuple[object, ...]]:
    """The history without database keys (a reset gives new ones)."""
    rows = []
    for r in requests():
        events = [
            (e.actor.username, e.at, e.from_status, e.to_status, re.sub(r"nº \d+", "nº N", e.note))
            for e in r.events.all()
        ]
        episode = ServiceEpisode.objects.filter(request=r).values_list(
            "professional__username", "opened_at", "first_service_at", "closed_at", "outcome", "closing_note"
        )
        rows.append(
            (
                r.student.code_permanent,
                r.domain.code,
                r.status,
                r.requested_by.username,
                r.created_at,
                r.reasons,
                r.details,
                r.already_tried,
                r.priority,
                r.priority_parts,
                events,
                list(episode),
            )
        )
    return sorted(rows, key=lambda row: (str(row[0]), str(row[1])))


def test_same_seed_gives_the_same_history_and_reset_removes_it(db):
    generator.generate(300, 7)
    first = history()
    assert len(first) >= 30
    generator.generate(300, 7, reset=True)
    assert history() == first
    generator.generate(300, 8, reset=True)
    assert history() != first
    generator.delete_demo()
    assert not ServiceRequest.objects.exists() and not RequestEvent.objects.exists()
    assert not ServiceEpisode.objects.exists() and not Caseload.objects.exists()
