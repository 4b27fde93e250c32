"""The criteria-set contract: versions, validation in French, the shipped default, the audit row."""

from __future__ import annotations

import dataclasses

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from earlywarning.criteria import (
    DEFAULT_NAME,
    activate,
    create_criteria_set,
    criteria_of,
    criteria_set_of,
)
from earlywarning.models import CriteriaSet
from lib.risk import DEFAULT_CRITERIA

pytestmark = pytest.mark.django_db


def test_the_default_set_ships_with_the_product_and_is_active():
    assert criteria_of() == DEFAULT_CRITERIA
    shipped = criteria_set_of()
    assert shipped.name == DEFAULT_NAME and shipped.version == 1 and shipped.is_default


def test_a_copy_is_a_new_version_of_its_name_audited():
    base = criteria_set_of()
    changed = [dataclasses.replace(DEFAULT_CRITERIA[0], threshold=85), *DEFAULT_CRITERIA[1:]]
    first = create_criteria_set(name="École des Sources", criteria=changed, based_on=base, notes="essai")
    second = create_criteria_set(name="École des Sources", criteria=DEFAULT_CRITERIA)
    assert (first.version, second.version) == (1, 2)
    assert criteria_of("École des Sources") == DEFAULT_CRITERIA  # the latest version
    assert first.based_on == base and not first.is_default
    assert criteria_of() == DEFAULT_CRITERIA  # creating does not change the active set
    events = LogEntry.objects.filter(
        object_pk=str(first.pk), additional_data__event="earlywarning.criteria_created"
    )
    assert events.count() == 1


def test_activating_a_version_makes_it_the_only_default():
    other = create_criteria_set(name="autre", criteria=DEFAULT_CRITERIA[:3])
    activate(None, other)
    assert criteria_of() == DEFAULT_CRITERIA[:3]
    assert CriteriaSet.objects.filter(is_default=True).count() == 1


def test_an_unknown_name_raises_a_french_lookup_error():
    with pytest.raises(LookupError, match="Ensemble de critères inconnu « rien »"):
        criteria_of("rien")


@pytest.mark.parametrize(
    ("name", "criteria", "message"),
    [
        ("", DEFAULT_CRITERIA, "Donnez un nom"),
        ("vide", (), "au moins un critère"),
        ("double", (DEFAULT_CRITERIA[0], DEFAULT_CRITERIA[0]), "plus d'un critère"),
        ("seuil", (dataclasses.replace(DEFAULT_CRITERIA[0], threshold=120),), "entre 0 et 100"),
        ("poids", (dataclasses.replace(DEFAULT_CRITERIA[0], weight=0),), "somme des poids"),
        ("texte", (dataclasses.replace(DEFAULT_CRITERIA[0], description=" "),), "description en clair"),
    ],
)
def test_a_bad_set_is_refused_in_french_and_nothing_is_stored(name, criteria, message):
    before = CriteriaSet.objects.count()
    with pytest.raises(ValidationError) as raised:
        create_criteria_set(name=name, criteria=criteria)
    assert any(message in m for m in raised.value.messages)
    assert CriteriaSet.objects.count() == before
