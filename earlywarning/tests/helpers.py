"""A school year of data for the cast, through the real imports (the hand-computed figures are in
test_scoring's docstring)."""

from __future__ import annotations

import datetime as dt

from earlywarning.tests.files import ALICE, GOOD
from sis.base import get_kind

WEEKS = [dt.date(2026, 10, 5) + dt.timedelta(weeks=i) for i in range(5)]
ABSENT = [10, 2, 0, 4, 2]
UNEXCUSED = [0, 0, 0, 4, 0]
LATE = [0, 0, 0, 0, 3]


def attendance_file() -> bytes:
    lines = ["code_permanent;date;periode;statut"]
    for week, absent, unexcused, late in zip(WEEKS, ABSENT, UNEXCUSED, LATE, strict=True):
        statuses = ["absent non motivé"] * unexcused + ["absent motivé"] * (absent - unexcused)
        statuses += ["retard"] * late
        statuses += ["présent"] * (20 - len(statuses))
        for n, status in enumerate(statuses):
            day = week + dt.timedelta(days=n // 4)
            lines.append(f"{ALICE};{day:%d/%m/%Y};{n % 4 + 1};{status}")
    return ("\n".join(lines) + "\n").encode()


def load(kind: str, data: bytes) -> None:
    plan = get_kind(kind).plan(data)
    assert plan.is_valid, plan.errors
    get_kind(kind).apply(None, plan)


def build_year(cast):
    cast.alice.birth_date = dt.date(2011, 1, 15)
    cast.alice.save()
    cast.bruno.birth_date, cast.bruno.years_repeated = dt.date(2012, 7, 12), 2
    cast.bruno.save()
    cast.zoe.birth_date = dt.date(2016, 3, 15)  # P5 at 10: on time
    cast.zoe.save()
    load("presences", attendance_file())
    load("resultats", GOOD["resultats"].encode())
    load("evenements", GOOD["evenements"].encode())
    return cast
