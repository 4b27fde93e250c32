"""How long the privacy scan (`manage.py privacy scan`) takes over a day of audit reads. Prints one JSON
object.

    python bench/privacy_scan.py --students 2000 --reads 50000       # SQLite file in var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/privacy_scan.py --reads 200000

It generates the demo centre, writes `--reads` ACCESS rows of the audit spread over the last 24 hours
(staff reading students of their school, a few professionals reading many students in an hour), then
times a first scan (raises the candidates) and a second one (raises nothing: idempotent).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time

from benchdb import bench_database


def write_reads(count: int, seed: int) -> None:
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from core.models import User
    from students.models import Student

    rng = random.Random(seed)
    kind = ContentType.objects.get(app_label="students", model="student")
    principals = list(User.objects.filter(role="principal").values_list("pk", flat=True))
    students = list(Student.objects.values_list("pk", flat=True))
    now = timezone.now()
    rows = []
    for i in range(count):
        rows.append(
            LogEntry(
                content_type=kind,
                object_pk=str(rng.choice(students)),
                object_repr="élève",
                action=LogEntry.Action.ACCESS,
                actor_id=rng.choice(principals),
                changes={},
                additional_data={"reason": "school", "view": "students:detail"},
                timestamp=now - dt.timedelta(seconds=rng.randint(0, 86_400)),
            )
        )
        if len(rows) == 5000 or i == count - 1:
            LogEntry.objects.bulk_create(rows)
            rows = []


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--reads", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    with bench_database("privacy_scan") as database:
        from demo import generator
        from privacy.scan import scan

        generator.generate(args.students, args.seed)
        write_reads(args.reads, args.seed)
        began = time.perf_counter()
        first = scan()
        first_s = time.perf_counter() - began
        began = time.perf_counter()
        second = scan()
        second_s = time.perf_counter() - began

    result = {
        "students": args.students,
        "reads": args.reads,
        "database": database,
        "first_scan_s": round(first_s, 2),
        "first_scan_raised": first,
        "second_scan_s": round(second_s, 2),
        "second_scan_raised": sum(second.values()),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
