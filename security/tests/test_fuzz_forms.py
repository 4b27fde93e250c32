"""Hypothesis on every form of the project: whatever a browser posts (random text, control characters,
huge strings, numbers, dates out of range, formula payloads, several values for one field), validation
answers with errors or clean data, never an exception, and writes nothing to the database.

The forms are found by walking each app's `forms*.py`; one that needs constructor arguments gets them from
CONTEXT (a new argument fails here with the name to add)."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

ROOT = Path(settings.BASE_DIR)
ABSTRACT = {"Styled", "_Styled", "_ScopeFields"}
WRITES = ("INSERT", "UPDATE", "DELETE")


def project_forms() -> list[tuple[str, type[forms.BaseForm]]]:
    found = []
    for path in sorted(ROOT.glob("*/forms*.py")):
        module = importlib.import_module(f"{path.parent.name}.{path.stem}")
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, forms.BaseForm)
                and obj.__module__ == module.__name__
                and name not in ABSTRACT
            ):
                found.append((f"{module.__name__}.{name}", obj))
    return found


FORMS = project_forms()


def context(cast: Any) -> dict[str, Any]:
    from core.models import SchoolYear, ServiceDomain, User
    from intake.models import ServiceEpisode
    from intake.queries import requests_visible_to
    from lib import record_profiles
    from plans.tests.helpers import opened
    from records.models import ProfessionalRecord
    from records.tests.core_helpers import open_alice

    record = open_alice(cast)
    return {
        "student": cast.alice,
        "reason_required": True,
        "visible": requests_visible_to(cast.coordinator),
        "current_domain_id": ServiceDomain.objects.get(code="psychologie").pk,
        "user": cast.psychologist,
        "years": SchoolYear.objects.all(),
        "plan": opened(cast),
        "centre_id": cast.centre.pk,
        "editing": False,
        "profile": record_profiles.profile_for("psychologist"),
        "fixed_kind": None,
        "student_age": 15,
        "episode": None,
        "record": record,
        "records": list(ProfessionalRecord.objects.all()),
        "targets": User.objects.filter(role="professional"),
        "unit": "mots par minute",
        "students": [cast.alice],
        "episodes": ServiceEpisode.objects.all(),
    }


def build(form_class: type[forms.BaseForm], data: MultiValueDict, ctx: dict[str, Any]) -> forms.BaseForm:
    wanted = [
        p.name
        for p in inspect.signature(form_class.__init__).parameters.values()
        if p.kind == p.KEYWORD_ONLY and p.default is inspect.Parameter.empty
    ]
    extra = [name for name in wanted if name not in ctx]
    assert not extra, f"{form_class.__name__} demande {extra} : l'ajouter à context() de ce test."
    return form_class(data, **{name: ctx[name] for name in wanted})


NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        '=HYPERLINK("http://x")',
        "-1",
        "0",
        "99999999999999999999",
        "1e309",
        "NaN",
        "2026-02-30",
        "31/12/9999",
        "0001-01-01",
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "é" * 5000,
        "\ud7ff\ue000",
        "true",
        "on",
    ]
)
VALUE = st.one_of(NASTY, st.text(max_size=300), st.integers().map(str))


@pytest.mark.parametrize(("name", "form_class"), FORMS, ids=[name for name, _cls in FORMS])
def test_every_form_survives_anything_posted_and_writes_nothing(cast, name, form_class):
    ctx = context(cast)
    fields = list(build(form_class, MultiValueDict(), ctx).fields)
    assert fields or name.endswith("SignForm"), f"{name} has no field"
    keys = st.sampled_from([*fields, "csrfmiddlewaretoken", "inconnu"]) if fields else st.just("inconnu")

    @hsettings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.dictionaries(keys, st.lists(VALUE, min_size=1, max_size=3), max_size=len(fields) + 2))
    def check(posted: dict[str, list[str]]) -> None:
        form = build(form_class, MultiValueDict(posted), ctx)
        with CaptureQueriesContext(connection) as queries:
            valid = form.is_valid()
            if not valid:
                assert all(isinstance(e, list) for e in form.errors.values())
        written = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
        assert not written, written

    check()


def test_the_walk_finds_the_forms_of_every_app():
    apps = {name.split(".")[0] for name, _cls in FORMS}
    assert len(FORMS) > 40
    assert apps >= {"consents", "intake", "plans", "privacy", "records", "sis", "students", "support"}
