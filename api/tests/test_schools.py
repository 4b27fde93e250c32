"""/api/ecoles/: reference data for the centre's staff; family accounts get nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from api.tests.helpers import ids
from conftest import make_user
from core.models import Role, School, ServiceCentre

LIST = reverse("api:school-list")


def detail(school):
    return reverse("api:school-detail", args=[school.pk])


def test_anonymous_gets_401_from_the_school_list_and_detail(api, cast):
    for url in [LIST, detail(cast.sources)]:
        assert api.get(url).status_code == 401, url


@pytest.mark.parametrize(
    "who", ["psychologist", "principal", "teacher", "outsider", "manager", "coordinator", "privacy_officer"]
)
def test_every_staff_member_lists_the_schools_of_the_centre(token_as, cast, who):
    client = token_as(getattr(cast, who))
    response = client.get(LIST)
    assert response.status_code == 200
    assert ids(response) == {cast.sources.pk, cast.laurent.pk}
    assert client.get(detail(cast.laurent)).status_code == 200


@pytest.mark.parametrize("who", ["parent", "student15"])
def test_family_accounts_get_an_empty_list_and_a_404(session_as, cast, who):
    client = session_as(getattr(cast, who))
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert client.get(detail(cast.sources)).status_code == 404


def test_staff_of_another_centre_see_none_of_this_centres_schools(token_as, cast):
    other = ServiceCentre.objects.create(name="CSS de l'Estuaire", code="CSS-AUTRE", region="Côte-Nord")
    elsewhere = School.objects.create(
        centre=other, ministry_code="861001", name="École du Phare", level="primary"
    )
    stranger = make_user("rita.ailleurs", Role.MANAGER, centre=other)
    client = token_as(stranger)
    assert ids(client.get(LIST)) == {elsewhere.pk}
    assert client.get(detail(cast.sources)).status_code == 404


def test_a_staff_member_without_a_centre_sees_no_school(token_as, cast):
    client = token_as(make_user("sans.centre", Role.TEACHER))
    assert client.get(LIST).json()["count"] == 0


def test_the_school_detail_carries_the_documented_fields(token_as, cast):
    cast.sources.latitude, cast.sources.longitude = "46.343210", "-72.543210"
    cast.sources.postal_code = "G9A 5H7"
    cast.sources.save()
    data = token_as(cast.teacher).get(detail(cast.sources)).json()
    assert data == {
        "id": cast.sources.pk,
        "ministry_code": "751001",
        "name": "École secondaire des Sources",
        "address": "1200, rue des Sources",
        "city": "Trois-Rivières",
        "postal_code": "G9A 5H7",
        "region": "Mauricie",
        "latitude": 46.34321,
        "longitude": -72.54321,
        "level": "secondary",
        "imse_decile": 8,
        "sfr_decile": 7,
        "network_name": "Réseau Nord",
    }


def test_a_school_without_network_has_a_null_network_name(token_as, cast):
    cast.laurent.network = None
    cast.laurent.save()
    assert token_as(cast.manager).get(detail(cast.laurent)).json()["network_name"] is None


def test_the_school_list_takes_a_bounded_number_of_queries(token_as, cast, django_assert_max_num_queries):
    for n in range(30):
        School.objects.create(
            centre=cast.centre,
            network=cast.nord,
            ministry_code=f"7519{n:02d}",
            name=f"École {n}",
            level="primary",
        )
    client = token_as(cast.manager)
    with django_assert_max_num_queries(4):  # token, two-factor check, count, page
        response = client.get(LIST)
    assert response.json()["count"] == 32
