"""The demo's observations: written by a teacher of the student's group, a fixed share of each group, the
demo teacher's class portrait shows some at first run, and the dashboards of the demo roles answer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import User
from demo import generator
from insights.models import Observation
from students.models import Student

N = 1500


@pytest.fixture
def demo(db, mailoutbox):
    return generator.generate(N, 42)


def test_observations_are_written_by_a_teacher_of_the_group_in_a_fixed_share(demo):
    observations = list(Observation.objects.select_related("student", "group", "author"))
    assert observations
    for o in observations[:200]:
        assert o.group_id == o.student.group_id
        assert o.group is not None and o.group.teachers.filter(pk=o.author_id).exists()
        assert o.text and o.observed_on.weekday() < 5
    observed = {o.student_id for o in observations}
    in_groups = Student.objects.filter(group__teachers__isnull=False).distinct().count()
    assert in_groups / 8 * 0.8 <= len(observed) <= in_groups / 8 * 1.3 + 30


def test_the_demo_roles_open_their_portraits(demo, client):
    teacher = User.objects.get(username="enseignant")
    client.force_login(teacher)
    response = client.get(reverse("insights:index"), follow=True)
    assert response.status_code == 200
    board = response.context["board"]
    assert any(row["cells"][-1] for row in board.students)  # some observations shown at first run
    for username in ("gestion", "direction"):
        client.force_login(User.objects.get(username=username))
        response = client.get(reverse("insights:index"), follow=True)
        assert response.status_code == 200 and response.context["board"].panels
