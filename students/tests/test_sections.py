"""The 360 page groups its sections by the three files of domain notes §2, then the services."""

from students.sections import PROFESSIONAL, SCHOOL, SERVICES, SUPPORT, Section, compartments_for


def section(key: str, compartment: str) -> Section:
    return Section(key=key, title=key, template="x.html", context={}, compartment=compartment)


def test_sections_are_grouped_in_the_order_of_the_three_files_then_the_services():
    found = compartments_for(
        [section("demandes", SERVICES), section("dossiers", PROFESSIONAL), section("plan", SUPPORT)]
    )
    assert [(c.key, [s.key for s in c.sections]) for c in found] == [
        (SCHOOL, []),
        (SUPPORT, ["plan"]),
        (PROFESSIONAL, ["dossiers"]),
        (SERVICES, ["demandes"]),
    ]


def test_an_empty_file_is_left_out_but_the_school_file_always_shows():
    found = compartments_for([section("demandes", SERVICES)])
    assert [c.key for c in found] == [SCHOOL, SERVICES]


def test_a_section_with_an_unknown_compartment_lands_with_the_services():
    found = compartments_for([section("rdv", "rendez-vous")])
    assert [s.key for s in found[-1].sections] == ["rdv"]


def test_a_teacher_sees_no_professional_file_heading_on_the_360_page(client, cast):
    client.force_login(cast.teacher)
    page = client.get(f"/eleves/{cast.alice.pk}/").content.decode()
    assert "Dossier scolaire" in page
    assert 'id="dossier-professionnel"' not in page
