"""How fast the demo generator fills a fresh database. Prints one JSON object.

    python bench/demo_scale.py --students 20000                       # SQLite file in var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/demo_scale.py --students 100000

With PostgreSQL, the benchmark creates its own database `eleve360_bench` on the server of DATABASE_URL
(whatever database the URL names), migrates it, and drops it at the end. With SQLite, it uses a new
file under var/bench/ and removes it afterwards. ELEVE360_ENV defaults to "test".
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "eleve360_bench"


def postgres_admin_url(url: str) -> str:
    """The same server's maintenance database, to create and drop the benchmark database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres"))


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_postgres(url: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(postgres_admin_url(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    os.environ.setdefault("ELEVE360_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eleve360.settings")
    sys.path.insert(0, str(ROOT))
    given = os.environ.get("DATABASE_URL", "")
    postgres = given.startswith(("postgres://", "postgresql://"))
    sqlite_file: Path | None = None
    if postgres:
        recreate_postgres(given)
        os.environ["DATABASE_URL"] = with_database(given, BENCH_DATABASE)
    else:
        bench_dir = ROOT / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        sqlite_file = bench_dir / f"demo-{os.getpid()}.sqlite3"
        sqlite_file.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_file}"

    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from demo import generator

        call_command("migrate", verbosity=0, interactive=False)
        began = time.perf_counter()
        generator.generate(args.students, args.seed)
        seconds = time.perf_counter() - began
        connections.close_all()
    finally:
        if postgres:
            from django.db import connections as open_connections

            open_connections.close_all()
            recreate_postgres(given, drop_only=True)
        elif sqlite_file is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)

    print(
        json.dumps(
            {
                "students": args.students,
                "seconds": round(seconds, 2),
                "students_per_s": round(args.students / seconds),
                "database": "postgresql" if postgres else "sqlite",
            }
        )
    )


if __name__ == "__main__":
    main()
