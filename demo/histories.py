"""The demo histories of the capabilities built on the roster and the guichet unique.

Each module named here exposes two functions, called in this order by `demo.generator`:
- `write_history(seed, log) -> dict[str, int]`: reads the demo centre just written (students, staff,
  requests and episodes) and bulk-writes its own rows, from its own seeded random stream; returns the
  counts to print, keyed by a French label.
- `delete_for(students, users) -> int`: deletes its rows attached to these students or users (querysets
  of the demo centre), before the students and users themselves go; returns the number deleted.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

Log = Callable[[str], None]

# Order matters: consents before the records that share under them, records before documents; plans
# before support (an intervention links to the student's plan); privacy last (it reads the others).
# One module a line, so that a new capability adds one line.
MODULES = (
    "demo.consent_history",
    "records.demo",
    "plans.demo",
    "documents.demo",
    "support.demo",
    "scheduling.demo",
    "earlywarning.demo",
    "insights.demo",
    "privacy.demo",
)


def write_histories(seed: int, log: Log) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name in MODULES:
        counts.update(importlib.import_module(name).write_history(seed, log=log))
    return counts


def delete_histories(students: Any, users: Any) -> int:
    return sum(importlib.import_module(name).delete_for(students, users) for name in reversed(MODULES))
