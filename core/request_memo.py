"""What one request asks many times and cannot change under it, computed once for that request.

Every section of a page asks which schools the user serves (the 360 page asked twelve times, two
queries each). The answer is kept for one request only, in a context variable that
`RequestMemoMiddleware` opens and closes: outside a request (commands, tasks, functions called by
tests) nothing is kept. A write to what such an answer reads (a user's schools or networks, a school,
a network) switches the memo off for the rest of the request, so that neither a change nor a rolled-back
change can leave a stale answer behind.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")
_OFF = object()
_memo: ContextVar[dict[Any, Any] | object | None] = ContextVar("eleve360_request_memo", default=None)


def remember(key: Any, compute: Callable[[], T]) -> T:
    """`compute()` once per request for `key`; computed every time outside a request or once switched
    off."""
    store = _memo.get()
    if not isinstance(store, dict):
        return compute()
    if key not in store:
        store[key] = compute()
    value: T = store[key]
    return value


def switch_off(*_args: Any, **_kwargs: Any) -> None:
    """Forget everything and keep nothing more in this request (connected to the writes that matter)."""
    if _memo.get() is not None:
        _memo.set(_OFF)


class RequestMemoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def connect() -> None:
    """Switch the memo off on every write to the schools a user serves (CoreConfig.ready)."""
    from django.db.models import signals

    from core.models import Network, School, User

    for model in (School, Network, User):
        signals.post_save.connect(switch_off, sender=model, dispatch_uid=f"memo-save-{model.__name__}")
        signals.post_delete.connect(switch_off, sender=model, dispatch_uid=f"memo-del-{model.__name__}")
    for through in (User.schools.through, User.networks.through):
        signals.m2m_changed.connect(switch_off, sender=through, dispatch_uid=f"memo-m2m-{through.__name__}")
