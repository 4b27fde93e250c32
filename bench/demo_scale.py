"""How fast the demo generator fills a fresh database. Prints one JSON object.

    python bench/demo_scale.py --students 20000                       # SQLite file in var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/demo_scale.py --students 100000

The database is created, migrated and dropped by bench/benchdb.py.
"""

from __future__ import annotations

import argparse
import json
import time

from benchdb import bench_database


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    with bench_database("demo") as database:
        from demo import generator

        began = time.perf_counter()
        generator.generate(args.students, args.seed)
        seconds = time.perf_counter() - began

    result = {
        "students": args.students,
        "seconds": round(seconds, 2),
        "students_per_s": round(args.students / seconds),
        "database": database,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
