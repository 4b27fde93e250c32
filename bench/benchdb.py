"""A throw-away database for one benchmark run, migrated and dropped at the end.

With PostgreSQL (DATABASE_URL names a postgres:// server), the benchmark database `eleve360_bench` is
created on that server and dropped afterwards; otherwise a new SQLite file under var/bench/ is used
and removed. ELEVE360_ENV defaults to "test".
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "eleve360_bench"


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_postgres(url: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')


@contextmanager
def bench_database(name: str) -> Iterator[str]:
    """Set up Django on a fresh, migrated database; yield "postgresql" or "sqlite"; clean up after."""
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
        sqlite_file = bench_dir / f"{name}-{os.getpid()}.sqlite3"
        sqlite_file.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_file}"
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        yield "postgresql" if postgres else "sqlite"
    finally:
        from django.db import connections

        connections.close_all()
        if postgres:
            recreate_postgres(given, drop_only=True)
        elif sqlite_file is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
