"""The ministry declaration: plans activated in the year, per school for the principal, for the whole
centre for the manager; hand-computed rows; formula cells neutralised; the export audited."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from plans import actions, export
from plans.models import InterventionPlan
from plans.tests.helpers import active, opened

HEADER = "code_permanent;code_organisme_ecole;niveau;code_ehdaa;date_activation;derniere_revision"


@pytest.fixture
def declared(cast):
    """Alice (active, reviewed), Bruno (draft: not declared), Zoé (active, other school, EHDAA 50)."""
    cast.alice.ehdaa_code = "34"
    cast.alice.save()
    alice = active(cast)
    InterventionPlan.objects.filter(pk=alice.pk).update(
        activated_at=timezone.make_aware(dt.datetime(2026, 10, 3, 10, 0)),
        opened_at=timezone.make_aware(dt.datetime(2026, 9, 15, 10, 0)),
    )
    actions.record_review(cast.principal, alice, held_on=dt.date(2026, 11, 20), notes="Progrès.")
    opened(cast, cast.bruno)
    cast.zoe.ehdaa_code = "50"
    cast.zoe.code_permanent = "=ROYZ(1)"  # a hostile value from an import
    cast.zoe.save()
    zoe_plan = actions.open_plan(cast.outsider, cast.zoe)
    zoe_plan = actions.update_analysis(cast.outsider, zoe_plan, strengths="Souriante.", difficulties="")
    objective = actions.add_objective(
        cast.outsider,
        zoe_plan,
        actions.ObjectiveData(
            text="Lire", indicator="MPM", target="60", due_on=timezone.localdate() + dt.timedelta(days=30)
        ),
    )
    actions.add_means(
        cast.outsider,
        zoe_plan,
        actions.MeansData(objective=objective, what="Lecture", responsible_text="Les parents"),
    )
    actions.activate(cast.outsider, zoe_plan)
    InterventionPlan.objects.filter(pk=zoe_plan.pk).update(
        activated_at=timezone.make_aware(dt.datetime(2026, 11, 2, 9, 0))
    )
    return alice, zoe_plan


def lines(text):
    assert text.startswith("\ufeff")
    return text[1:].split("\r\n")


def test_the_principal_declares_the_active_plans_of_own_schools(cast, declared):
    text, count = export.declaration(cast.principal, cast.year)
    assert count == 1
    assert lines(text) == [HEADER, "TREA11561101;751001;S3;34;2026-10-03;2026-11-20", ""]


def test_the_manager_declares_the_whole_centre_with_formulas_neutralised(cast, declared):
    text, count = export.declaration(cast.manager, cast.year)
    assert count == 2
    assert lines(text) == [
        HEADER,
        "TREA11561101;751001;S3;34;2026-10-03;2026-11-20",
        "'=ROYZ(1);751002;P5;50;2026-11-02;",
        "",
    ]


def test_a_closed_plan_that_was_active_is_declared_a_draft_is_not(cast, declared):
    alice, _zoe = declared
    actions.close_plan(cast.principal, alice, "Fin.")
    assert export.declaration(cast.principal, cast.year)[1] == 1


def test_others_cannot_export(cast, declared):
    for user in (cast.teacher, cast.psychologist, cast.coordinator, cast.privacy_officer, cast.parent):
        with pytest.raises(PermissionDenied):
            export.declaration(user, cast.year)


def test_the_export_is_audited_without_content(cast, declared):
    export.declaration(cast.principal, cast.year)
    entry = LogEntry.objects.filter(additional_data__event="plans_declaration_exported").get()
    assert entry.actor == cast.principal and entry.additional_data["count"] == 1
    assert "TREA" not in str(entry.additional_data)


def test_the_page_downloads_the_csv_for_the_right_people_only(client, cast, declared):
    url = reverse("plans:export")
    assert client.get(url).status_code == 302  # anonymous: to the login
    client.force_login(cast.teacher)
    assert client.get(url).status_code == 403
    client.force_login(cast.manager)
    assert client.get(url).status_code == 200
    response = client.get(url, {"annee": cast.year.pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert b"'=ROYZ(1)" in response.content
    response = client.get(url, {"annee": "999999"})
    assert response.status_code == 200 and "Choisissez une année".encode() in response.content
