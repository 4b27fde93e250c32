"""Who in the family a document reaches: the rule for a child under 14, and from 14 by file."""

import pytest

from lib.document_sharing import Audience, audience, guardians_need_explicit_share, newly_reached


@pytest.mark.parametrize("compartment", ["scolaire", "aide"])
def test_a_child_under_14_has_documents_shared_with_the_guardians_only(compartment):
    assert audience(compartment, 13) == Audience(guardians=True, student=False)
    assert audience(compartment, 10, guardians_explicit=True) == Audience(guardians=True, student=False)


def test_from_14_the_school_file_reaches_the_student_and_the_guardians():
    assert audience("scolaire", 14) == Audience(guardians=True, student=True)


def test_from_14_a_support_file_document_reaches_the_student_alone_unless_shared_with_parents_on_purpose():
    assert audience("aide", 14) == Audience(guardians=False, student=True)
    assert audience("aide", 17, guardians_explicit=True) == Audience(guardians=True, student=True)


def test_only_support_documents_of_a_student_of_14_or_more_need_an_explicit_share():
    assert guardians_need_explicit_share("aide", 14)
    assert not guardians_need_explicit_share("aide", 13)
    assert not guardians_need_explicit_share("scolaire", 16)


def test_only_the_people_newly_reached_are_told():
    before = Audience(student=True)
    assert newly_reached(before, before | Audience(guardians=True)) == Audience(guardians=True)
    assert not newly_reached(before, before).anyone
    assert newly_reached(Audience(), Audience(True, True)) == Audience(True, True)
