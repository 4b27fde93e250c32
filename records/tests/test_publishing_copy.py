"""The readable copy (access request): the publications the requester may see, nothing else of the record."""

from __future__ import annotations

from records import publishing
from records.tests.test_sharing_support import (  # noqa: F401 — fixtures
    CONCLUSION,
    alice_record_fixture,
    open_for,
    publication,
    signed,
)
from records.wiring_sharing import copy_part
from students.copy import parts_for


def test_alice_receives_her_publications_in_her_copy(cast, alice_record):
    publication(alice_record)
    part = copy_part(cast.student15, cast.alice)
    assert part is not None and part.key == "dossier_aide_particuliere"
    [item] = part.items
    assert item.fields["Texte"] == CONCLUSION
    assert item.fields["Profession"] == "Psychologue"


def test_the_provider_is_registered_with_the_readable_copy(cast, alice_record):
    publication(alice_record)
    assert "dossier_aide_particuliere" in [p.key for p in parts_for(cast.student15, cast.alice)]


def test_the_parent_of_alice_15_receives_none_but_receives_leos(cast, alice_record, leo):
    publication(alice_record)
    publication(open_for(cast, leo))
    assert copy_part(cast.parent, cast.alice) is None
    part = copy_part(cast.parent, leo)
    assert part is not None and len(part.items) == 1


def test_withdrawn_publications_and_entries_are_not_in_the_copy(cast, alice_record):
    signed(cast, alice_record, "Note signée qui ne va pas dans la copie.")
    pub = publication(alice_record)
    publishing.withdraw_publication(cast.psychologist, pub)
    assert copy_part(cast.student15, cast.alice) is None
