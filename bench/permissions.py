"""How fast the permission layer answers on a demo centre. Prints one JSON object.

    python bench/permissions.py --students 20000                     # SQLite file in var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/permissions.py --students 100000

For each demo account (principal, teacher, psychologist, guardian, coordinator), it times the three
reads every page makes through the permission layer: counting `Student.objects.visible_to(user)`,
searching it by name (the search page), and `requests_visible_to(user)` (the guichet's list), each
repeated `--repeat` times; it reports the median and the 95th percentile in milliseconds. The
database is created, migrated and dropped by bench/benchdb.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from benchdb import bench_database

ACCOUNTS = ["direction", "enseignant", "psychologue", "parent", "guichet"]


def timed(run: Callable[[], Any], repeat: int) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(p95, 2)}


def measure(repeat: int) -> dict[str, Any]:
    from core.models import User
    from intake.queries import requests_visible_to
    from students.models import Student
    from students.views import search_students

    figures: dict[str, Any] = {}
    for username in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        visible = Student.objects.visible_to(user)
        sample = visible.order_by("pk").values_list("last_name", flat=True).first() or "Tremblay"
        query = sample[:4]

        def count(u: Any = user) -> int:
            return int(Student.objects.visible_to(u).count())

        def search(u: Any = user, q: str = query) -> list[Any]:
            return search_students(u, q)

        def requests(u: Any = user) -> list[Any]:
            return list(requests_visible_to(u).order_by("-created_at")[:25])

        figures[username] = {
            "role": user.role,
            "visible_students": visible.count(),
            "count": timed(count, repeat),
            "search": timed(search, repeat),
            "requests": timed(requests, repeat),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    with bench_database("permissions") as database:
        from demo import generator

        generator.generate(args.students, args.seed)
        figures = measure(args.repeat)

    result = {"students": args.students, "database": database, "accounts": figures}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
