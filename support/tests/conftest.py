"""Fixtures of the support tests: interventions of the cast that the matrix and the pages share."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from support import actions
from support.tests.helpers import start, with_points


@pytest.fixture
def support(cast):
    """Alice: tier 2, two interventions (the teacher's, with 4 points over 6 weeks: a decision is due;
    the psychologist's). Bruno: tier 3, an intervention the principal runs. Zoé (Saint-Laurent): one
    intervention the outsider (her principal) runs."""
    alice_tier = actions.record_tier_decision(cast.principal, cast.alice, 2, "Lecture lente, absences.")
    bruno_tier = actions.record_tier_decision(cast.principal, cast.bruno, 3, "Désorganisations fréquentes.")
    zoe_tier = actions.record_tier_decision(cast.outsider, cast.zoe, 2, "Retard en mathématiques.")
    reading = with_points(
        cast.teacher, start(cast.principal, cast.alice, cast.teacher, started_days_ago=42), [40, 44, 45, 51]
    )
    coping = with_points(
        cast.psychologist,
        start(cast.principal, cast.alice, cast.psychologist, started_days_ago=14, baseline="6", target="2"),
        [6, 5],
    )
    bruno = with_points(
        cast.principal, start(cast.principal, cast.bruno, cast.principal, started_days_ago=10), [40]
    )
    zoe = with_points(
        cast.outsider, start(cast.outsider, cast.zoe, cast.outsider, started_days_ago=21), [30, 33]
    )
    decision = actions.record_intervention_decision(
        cast.principal, bruno, kind="intensify", reason="Peu de progrès : deux séances de plus."
    )
    zoe_decision = actions.record_intervention_decision(
        cast.outsider, zoe, kind="continue", reason="Progrès : on poursuit."
    )
    return SimpleNamespace(
        alice_tier=alice_tier,
        bruno_tier=bruno_tier,
        zoe_tier=zoe_tier,
        reading=reading,
        coping=coping,
        bruno=bruno,
        zoe=zoe,
        bruno_decision=decision,
        zoe_decision=zoe_decision,
    )
