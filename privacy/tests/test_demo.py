"""The demo privacy officer finds working registers at first run: candidates (one from a real emergency
access, which the scan does not raise twice), a qualified incident, communications, an access request a
few days from its deadline, a hold, and something the schedule makes destructible; a reset removes them."""

from __future__ import annotations

import pytest

from core.models import User
from demo import generator
from privacy import retention
from privacy.models import AccessRequest, Communication, Incident, LegalHold
from privacy.scan import scan

N = 400


@pytest.fixture
def demo(db, mailoutbox):
    result = generator.generate(N, 42)
    assert mailoutbox == []
    return result


def test_the_demo_privacy_officer_sees_working_registers(demo, client):
    officer = User.objects.get(username="prp")
    assert Incident.objects.filter(centre=officer.centre, status="candidate").count() >= 3
    assert Incident.objects.filter(centre=officer.centre, status="open").count() == 1
    assert Communication.objects.filter(centre=officer.centre).count() >= 3
    soon = [
        r for r in AccessRequest.objects.filter(centre=officer.centre) if r.deadline_state() == "due_soon"
    ]
    assert soon and soon[0].requester_user == User.objects.get(username="parent")
    assert LegalHold.objects.filter(centre=officer.centre).count() == 1
    assert sum(scan().values()) == 0  # the demo's emergency access already has its candidate
    planned, _held = retention.dry_run(officer)
    assert any(d.kind == "access_request" for d in planned)


def test_the_same_seed_gives_the_same_registers_and_a_reset_replaces_them(demo):
    first = sorted(Communication.objects.values_list("recipient", "persons_count", "communicated_on"))
    generator.generate(N, 42, reset=True)
    assert sorted(Communication.objects.values_list("recipient", "persons_count", "communicated_on")) == first
    assert Incident.objects.filter(status="open").count() == 1 and LegalHold.objects.count() == 1
