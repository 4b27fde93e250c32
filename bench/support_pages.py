"""How fast the tiers and interventions pages compute on a demo centre. Prints one JSON object.

    python bench/support_pages.py --students 20000                         # SQLite file in var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/support_pages.py --students 100000

It generates the demo centre (with its tiers, interventions and progress points), then times, each
`--repeat` times, what the pages compute: the school list of the demo principal and of the demo
teacher (`support.lists.school_rows`: tiers in force, active interventions, their points and flags),
one intervention's monitoring with its chart data, and the manager's counts for the whole centre;
it reports the median and the 95th percentile in milliseconds and the rows shown. The database is
created, migrated and dropped by bench/benchdb.py.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from benchdb import bench_database
from permissions import timed


def measure(repeat: int) -> dict[str, Any]:
    from django.utils import timezone

    from core.models import User
    from support.lists import centre_counts, school_rows
    from support.models import Intervention, ProgressPoint, TierDecision
    from support.monitoring import monitor

    today = timezone.localdate()
    figures: dict[str, Any] = {
        "tier_decisions": TierDecision.objects.count(),
        "interventions": Intervention.objects.count(),
        "progress_points": ProgressPoint.objects.count(),
    }
    for username in ("direction", "enseignant"):
        user = User.objects.get(username=username)
        rows = school_rows(user, today=today)

        def listing(u: Any = user) -> Any:
            return school_rows(u, today=today)

        figures[f"school_list_{username}"] = {
            "rows": len(rows),
            "decisions_due": sum(r.decisions_due for r in rows),
            "points_due": sum(r.points_due for r in rows),
            **timed(listing, repeat),
        }
    busiest = Intervention.objects.order_by("-pk").first()
    if busiest is not None:
        figures["intervention_page"] = timed(lambda: monitor(busiest).chart(), repeat)
    manager = User.objects.get(username="gestion")
    figures["manager_counts"] = {
        "schools": len(centre_counts(manager.centre_id)),
        **timed(lambda: centre_counts(manager.centre_id), repeat),
    }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    with bench_database("support") as database:
        from demo import generator

        began = time.perf_counter()
        generator.generate(args.students, args.seed)
        generated = time.perf_counter() - began
        figures = measure(args.repeat)

    result = {"students": args.students, "database": database, "demo_seconds": round(generated, 2), **figures}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
