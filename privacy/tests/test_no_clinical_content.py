"""The privacy officer sees metadata, never clinical content: with a note, a publication, a plan's analysis
and a health alert on file for Alice, and Alice in every register (a candidate incident, an access request
with its copy prepared, a destruction run), no page nor export of the app shows any of them."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from privacy import actions_requests, retention
from privacy.scan import scan
from privacy.tests.test_matrix import PAGES
from records.models import ProfessionalRecord, Publication
from records.tests.core_helpers import break_glass, signed

NOTE = "CANARI-NOTE-CLINIQUE"
PUBLISHED = "CANARI-PUBLICATION"
STRENGTHS = "CANARI-FORCES"


def test_no_page_of_the_privacy_tools_shows_clinical_content(client, cast, old_record):
    from plans import actions as plan_actions
    from plans.tests.helpers import opened

    current = ProfessionalRecord.objects.create(
        professional=cast.psychologist,
        student=cast.alice,
        profession="psychologist",
        mandate_origin="family",
        opened_by=cast.psychologist,
        reasons="CANARI-MOTIFS",
    )
    signed(cast, current, text=NOTE)
    Publication.objects.create(
        record=current, kind="conclusion", text=PUBLISHED, published_by=cast.psychologist
    )
    plan = opened(cast)
    plan_actions.update_analysis(cast.principal, plan, strengths=STRENGTHS, difficulties="CANARI-DIFFICULTES")
    break_glass(cast.speech_therapist, cast.alice)
    scan()
    request = actions_requests.register_request(
        cast.privacy_officer,
        actions_requests.RequestData(
            student=cast.alice,
            requester_name="Alice Tremblay",
            requester_capacity="self",
            received_on=timezone.localdate() - dt.timedelta(days=3),
            requester_user=cast.student15,
        ),
    )
    actions_requests.prepare_copy(cast.privacy_officer, request)
    run = retention.prepare_run(cast.privacy_officer)
    from privacy.models import Incident

    objects = {"incident": Incident.objects.get(), "request": request, "run": run}
    client.force_login(cast.privacy_officer)
    canaries = (NOTE, PUBLISHED, STRENGTHS, "CANARI-MOTIFS", "CANARI-DIFFICULTES", cast.alice.health_alert)
    checked = 0
    for name, method, obj in PAGES:
        if method != "get" or obj == "hold":
            continue
        response = client.get(reverse(f"privacy:{name}", args=[objects[obj].pk] if obj else []))
        assert response.status_code == 200, name
        body = response.content.decode("utf-8", errors="replace")
        for canary in canaries:
            assert canary not in body, f"{canary!r} shown on privacy:{name}"
        checked += 1
    assert checked >= 18
