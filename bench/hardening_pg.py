"""A private PostgreSQL cluster for the hardening drills (bench/hardening_*.py), on loopback.

The drills restart PostgreSQL and kill workers: they must not touch the server the other developers and
test runs share, so they run their own cluster (initdb in a temporary directory, port 55433, trust
authentication on 127.0.0.1 only), started and stopped with pg_ctl as the `postgres` system user when
run as root. Nothing here is imported by the application."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
DATA = Path(os.environ.get("DRILL_PGDATA", "/tmp/e360-hardening-pg"))
PORT = int(os.environ.get("DRILL_PGPORT", "55433"))
ROOT = Path(__file__).resolve().parent.parent


def _as_postgres(*cmd: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else list(cmd)


def url(db: str) -> str:
    return f"postgres://postgres@127.0.0.1:{PORT}/{db}"


def pg_ctl(action: str, *extra: str) -> None:
    log = DATA.parent / "e360-hardening-pg.log"
    options = f"-p {PORT} -c listen_addresses=127.0.0.1 -k /tmp -c max_connections=200 -c fsync=on"
    subprocess.run(
        _as_postgres(
            str(BIN / "pg_ctl"), "-D", str(DATA), "-l", str(log), "-o", options, "-w", action, *extra
        ),
        check=True,
        capture_output=True,
    )


def start_fresh() -> None:
    """A new cluster (any previous one of the drills is removed), started."""
    stop(quiet=True)
    shutil.rmtree(DATA, ignore_errors=True)
    DATA.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(DATA, "postgres", "postgres")
    subprocess.run(
        _as_postgres(str(BIN / "initdb"), "-D", str(DATA), "-A", "trust", "-U", "postgres", "-E", "UTF8"),
        check=True,
        capture_output=True,
    )
    pg_ctl("start")


def stop(quiet: bool = False) -> None:
    try:
        pg_ctl("stop", "-m", "fast")
    except (subprocess.CalledProcessError, FileNotFoundError):
        if not quiet:
            raise


def execute(sql: str, db: str = "postgres") -> None:
    with psycopg.connect(url(db), autocommit=True) as conn:
        conn.execute(sql)


def create_database(name: str, template: str = "template1") -> None:
    execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def django_env(db: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ELEVE360", "DATABASE_URL", "DJANGO"))}
    env.update(
        {
            "ELEVE360_ENV": "test",
            "DATABASE_URL": url(db),
            "ELEVE360_VAR_DIR": str(DATA.parent / "e360-hardening-var"),
            "AXES_ENABLED": "false",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(extra)
    return env


def manage(db: str, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", *args],
        cwd=ROOT,
        env=django_env(db, **extra),
        capture_output=True,
        text=True,
        check=False,
    )


def checksums(db: str, tables: list[str] | None = None) -> dict[str, tuple[int, str]]:
    """Per table: (rows, md5 of every row's text in primary-key order)."""
    out: dict[str, tuple[int, str]] = {}
    with psycopg.connect(url(db)) as conn:
        names = tables or [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        for table in names:
            digest = "md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
            row = conn.execute(f'SELECT count(*), {digest} FROM "{table}" t').fetchone()
            assert row is not None
            out[table] = (int(row[0]), str(row[1]))
    return out


def wait_for(check: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False
