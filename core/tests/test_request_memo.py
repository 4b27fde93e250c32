"""The schools a user serves are asked once per request, and never outlive a change or a rollback."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from core.request_memo import RequestMemoMiddleware


def in_a_request(view):
    """Run `view()` inside the middleware, as a page would."""
    middleware = RequestMemoMiddleware(lambda request: HttpResponse(repr(view())))
    return middleware(RequestFactory().get("/")).content.decode()


@pytest.mark.django_db
def test_a_network_and_a_direct_school_both_count(cast):
    cast.principal.schools.clear()
    cast.principal.networks.add(cast.sud)
    cast.principal.schools.add(cast.sources)
    assert cast.principal.served_school_ids() == {cast.sources.pk, cast.laurent.pk}
    assert cast.manager.served_school_ids() == set()


@pytest.mark.django_db
def test_asked_many_times_in_one_request_it_is_read_once(cast, django_assert_num_queries):
    def twelve_sections():
        with django_assert_num_queries(1):
            return [cast.principal.served_school_ids() for _ in range(12)]

    assert in_a_request(twelve_sections) == repr([{cast.sources.pk}] * 12)


@pytest.mark.django_db
def test_outside_a_request_nothing_is_kept(cast, django_assert_num_queries):
    with django_assert_num_queries(2):
        cast.principal.served_school_ids()
        cast.principal.served_school_ids()


@pytest.mark.django_db
def test_a_change_in_the_request_is_seen_at_once(cast):
    def change():
        before = cast.principal.served_school_ids()
        cast.principal.schools.add(cast.laurent)
        return before, cast.principal.served_school_ids()

    assert in_a_request(change) == repr(({cast.sources.pk}, {cast.sources.pk, cast.laurent.pk}))


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_stale_answer(cast):
    def change_then_roll_back():
        try:
            with transaction.atomic():
                cast.principal.networks.add(cast.sud)
                inside = cast.principal.served_school_ids()
                raise RuntimeError
        except RuntimeError:
            pass
        return inside, cast.principal.served_school_ids()

    assert in_a_request(change_then_roll_back) == repr(
        ({cast.sources.pk, cast.laurent.pk}, {cast.sources.pk})
    )


@pytest.mark.django_db
def test_a_school_moved_to_another_network_is_seen_at_once(cast):
    cast.principal.schools.clear()
    cast.principal.networks.add(cast.nord)

    def move():
        before = cast.principal.served_school_ids()
        cast.laurent.network = cast.nord
        cast.laurent.save()
        return before, cast.principal.served_school_ids()

    assert in_a_request(move) == repr(({cast.sources.pk}, {cast.sources.pk, cast.laurent.pk}))
