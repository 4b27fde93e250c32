"""The import worker killed mid-import, again and again: never a partial import, and the re-run gives the
same data.

    .venv/bin/python bench/hardening_import_kill.py [--rounds 20] [--rows 5000]

A private PostgreSQL cluster (bench/hardening_pg.py) holds a base database (migrated, the demo centre);
each round copies it (CREATE DATABASE … TEMPLATE), starts `manage.py import_sis eleves roster.csv`, kills
it with SIGKILL, counts the students (before or after, nothing between), re-runs the import to the end
and takes a checksum of the imported tables (timestamps aside). Even rounds kill after a random delay
within the import's whole duration (start-up, reading and checking included); odd rounds wait until the
import's transaction has written (its PostgreSQL session holds a transaction id) and kill at a random
moment of the writing, before the commit. Prints one JSON object."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hardening_pg as pg

BASE = "e360_import_base"
KEYS = "drill1:ZWxldmUzNjAtdGVzdC1rZXktbm90LWZvci1wcm9kISE="
HEADER = "code_permanent;nom;prenom;date_naissance;sexe;ecole;niveau;groupe;code_ehdaa;redoublements"
TABLES = ("students_student", "students_group")


def options() -> dict[str, str]:
    return {"ELEVE360_ENV": "development", "DEBUG": "false", "ENCRYPTION_KEYS": KEYS}


def roster(path: Path, rows: int, school_code: str) -> None:
    rng = random.Random(7)
    today = dt.date.today()
    names = [
        "Tremblay",
        "Gagnon",
        "Roy",
        "Côté",
        "Bouchard",
        "Gauthier",
        "Morin",
        "Lavoie",
        "Fortin",
        "Gagné",
    ]
    first = ["Léa", "Noah", "Emma", "Liam", "Alice", "Jacob", "Chloé", "William", "Zoé", "Félix"]
    lines = [HEADER]
    for n in range(rows):
        birth = dt.date(today.year - 12, 1 + n % 12, 1 + n % 28).strftime("%d/%m/%Y")
        code = f"DRIL{n:06d}{n % 100:02d}"
        lines.append(
            f"{code};{rng.choice(names)};{rng.choice(first)};{birth};F;{school_code};Sec 1;1{n % 9:02d};;0"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def count(db: str) -> int:
    with psycopg.connect(pg.url(db)) as conn:
        row = conn.execute("SELECT count(*) FROM students_student").fetchone()
        return int(row[0]) if row else 0


def checksum(db: str) -> str:
    """The imported data by natural keys: timestamps and surrogate ids aside (a killed transaction used up
    sequence numbers, so a re-run's rows get other ids), a student's group named by its school, year and
    code."""
    with psycopg.connect(pg.url(db)) as conn:
        parts = []
        for table in TABLES:
            columns = [
                r[0]
                for r in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                    "AND data_type NOT LIKE 'timestamp%%' AND column_name NOT IN ('id', 'group_id') "
                    "ORDER BY ordinal_position",
                    [table],
                ).fetchall()
            ]
            cols = ", ".join(f'"{c}"' for c in columns)
            if table == "students_student":
                cols += (
                    ", (SELECT g.school_id || '/' || g.school_year_id || '/' || g.code FROM students_group g "
                    "WHERE g.id = group_id)"
                )
            row = conn.execute(
                f"SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM "
                f'(SELECT ({cols})::text AS x FROM "{table}") t'
            ).fetchone()
            parts.append(str(row[0]) if row else "")
        return ":".join(parts)


def writing(db: str) -> bool:
    """Does a session on `db` hold a transaction that has written (a transaction id)?"""
    with psycopg.connect(pg.url("postgres")) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_xid IS NOT NULL", [db]
        ).fetchone()
        return bool(row and row[0])


def wait_for_writing(db: str, worker: subprocess.Popen[bytes], timeout: float = 120.0) -> float | None:
    """Poll until the import writes; the moment (monotonic) or None if it ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and worker.poll() is None:
        if writing(db):
            return time.monotonic()
        time.sleep(0.005)
    return None


def import_command(db: str, path: Path) -> list[str]:
    return [str(pg.ROOT / ".venv/bin/python"), "manage.py", "import_sis", "eleves", str(path)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    pg.start_fresh()
    pg.create_database(BASE)
    for step in (("migrate", "--noinput"), ("demo", "--students", "100", "--seed", "42")):
        done = pg.manage(BASE, *step, **options())
        if done.returncode:
            raise SystemExit(done.stderr[-2000:])
    with psycopg.connect(pg.url(BASE)) as conn:
        row = conn.execute("SELECT ministry_code FROM core_school ORDER BY id LIMIT 1").fetchone()
        assert row is not None
        school = str(row[0])
    path = pg.DATA.parent / "e360-hardening-roster.csv"
    roster(path, args.rows, school)
    before = count(BASE)

    # One uninterrupted import, for its duration, the length of its writing and the reference checksum.
    pg.create_database("e360_import_ref", template=BASE)
    t0 = time.monotonic()
    reference_run = subprocess.Popen(
        import_command("e360_import_ref", path),
        cwd=pg.ROOT,
        env=pg.django_env("e360_import_ref", **options()),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    wrote_at = wait_for_writing("e360_import_ref", reference_run)
    committed_at = None
    while wrote_at is not None and committed_at is None and reference_run.poll() is None:
        if count("e360_import_ref") != before:
            committed_at = time.monotonic()
        time.sleep(0.002)
    _out, err = reference_run.communicate()
    duration = time.monotonic() - t0
    if reference_run.returncode or wrote_at is None:
        raise SystemExit(err[-2000:].decode(errors="replace") or "the import never wrote")
    write_s = (committed_at or t0 + duration) - wrote_at  # from the first write to the commit
    reference = checksum("e360_import_ref")
    after = count("e360_import_ref")

    rng = random.Random(2026)
    rounds = []
    for n in range(args.rounds):
        db = f"e360_import_{n}"
        pg.create_database(db, template=BASE)
        during_write = n % 2 == 1
        worker = subprocess.Popen(
            import_command(db, path),
            cwd=pg.ROOT,
            env=pg.django_env(db, **options()),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started = time.monotonic()
        if during_write:
            wait_for_writing(db, worker)
            time.sleep(rng.uniform(0.0, 0.9) * write_s)
        else:
            time.sleep(rng.uniform(0.15, 0.95) * duration)
        delay = time.monotonic() - started
        killed = worker.poll() is None
        in_write = killed and writing(db)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        students = count(db)
        rerun = subprocess.run(
            import_command(db, path),
            cwd=pg.ROOT,
            env=pg.django_env(db, **options()),
            capture_output=True,
            text=True,
            check=False,
        )
        rounds.append(
            {
                "delay_s": round(delay, 2),
                "killed_while_running": killed,
                "killed_while_writing": in_write,
                "students_after_kill": students,
                "partial": students not in (before, after),
                "rerun_exit": rerun.returncode,
                "same_checksum": checksum(db) == reference,
            }
        )
        pg.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
        print(json.dumps({"round": n + 1, **rounds[-1]}), file=sys.stderr, flush=True)  # progress
    pg.stop(quiet=True)
    print(
        json.dumps(
            {
                "rows": args.rows,
                "import_s": round(duration, 2),
                "writing_s": round(write_s, 2),
                "students_before": before,
                "students_after": after,
                "rounds": len(rounds),
                "killed_while_running": sum(r["killed_while_running"] for r in rounds),
                "killed_while_writing": sum(r["killed_while_writing"] for r in rounds),
                "partial_imports": sum(r["partial"] for r in rounds),
                "killed_before_commit": sum(r["students_after_kill"] == before for r in rounds),
                "reruns_identical": sum(r["same_checksum"] and r["rerun_exit"] == 0 for r in rounds),
                "detail": rounds,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
