"""The pages of early warning: reasons always beside the coefficient, the person's decision through
support, the family's copy of the factors, the portraits, the criteria UI, audit of every read."""

from __future__ import annotations

import dataclasses

from auditlog.models import LogEntry
from django.urls import reverse

from earlywarning.models import CriteriaSet
from lib.risk import DEFAULT_CRITERIA
from support.models import TierDecision, TierSource


def reads(user, view):
    return LogEntry.objects.filter(actor=user, action=LogEntry.Action.ACCESS, additional_data__view=view)


def test_the_principal_list_shows_why_beside_every_coefficient(client, scored):
    client.force_login(scored.principal)
    response = client.get(reverse("earlywarning:list"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["score"].student for r in rows] == [scored.alice, scored.bruno]  # zoe: other school
    html = response.content.decode()
    assert "Échec en français" in html and ("55,5" in html or "55.5" in html)
    assert "poids 15 sur 19" in html
    assert {e.object_id for e in reads(scored.principal, "earlywarning:list")} == {
        scored.alice.pk,
        scored.bruno.pk,
    }


def test_the_teacher_list_holds_only_the_group(client, scored):
    client.force_login(scored.teacher)
    rows = client.get(reverse("earlywarning:list")).context["rows"]
    assert [r["score"].student for r in rows] == [scored.alice]


def test_the_student_reasons_page_explains_each_criterion_and_is_audited(client, scored):
    client.force_login(scored.psychologist)
    response = client.get(reverse("earlywarning:student", args=[scored.alice.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Présence récente faible" in html and "≤ 90 %" in html
    assert "Consigner la décision de palier" not in html  # the psychologist does not decide tiers
    assert reads(scored.psychologist, "earlywarning:student").count() == 1
    assert client.get(reverse("earlywarning:student", args=[scored.bruno.pk])).status_code == 404


def test_the_principal_records_a_tier_decision_from_the_reasons(client, scored):
    client.force_login(scored.principal)
    url = reverse("earlywarning:tier", args=[scored.alice.pk])
    refused = client.post(url, {"tier": "2", "reason": ""})
    assert refused.status_code == 400 and "le score ne décide jamais seul" in refused.content.decode()
    assert not TierDecision.objects.exists()
    response = client.post(url, {"tier": "2", "reason": "Absences répétées et échecs : mentorat proposé."})
    assert response.status_code == 302
    decision = TierDecision.objects.get(student=scored.alice)
    assert decision.tier == 2 and decision.source == TierSource.EARLY_WARNING
    assert decision.source_reference.startswith("2026-W45 · coefficient nº ")
    assert decision.decided_by == scored.principal


def test_a_teacher_cannot_record_a_tier_decision(client, scored):
    client.force_login(scored.teacher)
    response = client.post(reverse("earlywarning:tier", args=[scored.alice.pk]), {"tier": "2", "reason": "x"})
    assert response.status_code == 403 and not TierDecision.objects.exists()


def test_the_family_copy_lists_the_factors_without_the_coefficient_and_is_audited(client, scored):
    client.force_login(scored.principal)
    response = client.post(reverse("earlywarning:factors", args=[scored.alice.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Échec en mathématique" in html and "correction" in html
    assert "coefficient" not in html.lower().split("<main", 1)[-1]
    assert "Poids" not in html
    given = LogEntry.objects.filter(
        additional_data__event="earlywarning.factors_given", actor=scored.principal
    )
    assert given.count() == 1


def test_the_360_section_shows_the_reasons_to_staff_and_nothing_to_the_family(client, scored):
    client.force_login(scored.teacher)
    html = client.get(reverse("students:detail", args=[scored.alice.pk])).content.decode()
    assert "Repérage" in html and "Échec en français" in html
    client.force_login(scored.parent)
    html = client.get(reverse("students:detail", args=[scored.alice.pk])).content.decode()
    assert "Échec en français" not in html and "coefficient" not in html.lower()


def test_the_portraits_of_a_principal_name_the_chronic_absentees_without_follow_up(client, scored):
    client.force_login(scored.principal)
    response = client.get(reverse("earlywarning:portraits"))
    assert response.status_code == 200
    units = {u.key: u for u in response.context["units"]}
    school = units[f"s{scored.sources.pk}"]
    assert school.rate == 10.0  # 2 of the 20 periods of the week
    assert [line.student for line in school.chronic] == [scored.alice]  # 18 % missed this year
    assert [line.student for line in school.unfollowed] == [scored.alice]
    assert school.new == []  # already over the threshold the week before
    assert 'type="application/json"' in response.content.decode() and "<table" in response.content.decode()


def test_a_decision_recorded_counts_as_follow_up(client, scored):
    from support.actions import record_tier_decision

    record_tier_decision(scored.principal, scored.alice, 2, "Suivi", source="early_warning")
    client.force_login(scored.principal)
    units = {u.key: u for u in client.get(reverse("earlywarning:portraits")).context["units"]}
    assert units[f"s{scored.sources.pk}"].unfollowed == []


def test_the_manager_portrait_has_counts_only_and_hides_small_ones(client, scored):
    client.force_login(scored.manager)
    response = client.get(reverse("earlywarning:portraits"))
    html = response.content.decode()
    assert response.status_code == 200 and "Alice" not in html and "&lt; 5" in html
    assert not reads(scored.manager, "earlywarning:portraits").exists()


def test_families_and_the_coordinator_get_no_list_and_no_portrait(client, scored):
    for user in (scored.parent, scored.student15, scored.coordinator, scored.privacy_officer):
        client.force_login(user)
        assert client.get(reverse("earlywarning:list")).status_code == 403
        assert client.get(reverse("earlywarning:portraits")).status_code == 403
        assert client.get(reverse("earlywarning:student", args=[scored.alice.pk])).status_code == 404


def test_the_manager_copies_and_adjusts_a_set_with_french_errors(client, cast):
    client.force_login(cast.manager)
    base = CriteriaSet.objects.get(is_default=True)
    page = client.get(reverse("earlywarning:criteria_copy", args=[base.pk]))
    assert page.status_code == 200
    data = {
        "name": "Sources 2027",
        "notes": "seuil de présence récente à 85",
        "c-TOTAL_FORMS": "2",
        "c-INITIAL_FORMS": "0",
        "c-MIN_NUM_FORMS": "0",
        "c-MAX_NUM_FORMS": "40",
    }
    first = dataclasses.replace(DEFAULT_CRITERIA[0], threshold=150)
    for i, c in enumerate((first, DEFAULT_CRITERIA[1])):
        data |= {f"c-{i}-{k}": str(v) for k, v in c.to_dict().items()}
    refused = client.post(reverse("earlywarning:criteria_copy", args=[base.pk]), data)
    assert refused.status_code == 400 and "entre 0 et 100" in refused.content.decode()
    data["c-0-threshold"] = "85"
    response = client.post(reverse("earlywarning:criteria_copy", args=[base.pk]), data)
    created = CriteriaSet.objects.get(name="Sources 2027")
    assert response.status_code == 302 and created.version == 1 and created.based_on == base
    assert created.as_criteria()[0].threshold == 85 and len(created.criteria) == 2
    client.post(reverse("earlywarning:criteria_activate", args=[created.pk]))
    assert CriteriaSet.objects.get(is_default=True) == created


def test_only_the_manager_adjusts_criteria_but_staff_read_them(client, cast):
    base = CriteriaSet.objects.get(is_default=True)
    client.force_login(cast.principal)
    assert client.get(reverse("earlywarning:criteria_detail", args=[base.pk])).status_code == 200
    assert client.get(reverse("earlywarning:criteria_copy", args=[base.pk])).status_code == 403
    assert client.post(reverse("earlywarning:criteria_activate", args=[base.pk])).status_code == 403
    client.force_login(cast.parent)
    assert client.get(reverse("earlywarning:criteria")).status_code == 403
