"""Load, restart and backup drills on gunicorn and PostgreSQL on loopback, with the audit (and its chain) on.

    .venv/bin/python bench/hardening_load.py [--students 300] [--steps 1,2,3,4,6] [--seconds 30]

1. A private PostgreSQL cluster (bench/hardening_pg.py), migrated, with the demo service centre.
2. gunicorn (3 workers) serves it on 127.0.0.1:8765; locust runs clients without pause for `--seconds`,
   at each step of `--steps` (numbers of clients): requests per second, p50/p95/p99 and failures (the
   audit rows of every read are sealed). `held` is the busiest step that kept p95 ≤ 300 ms with no
   failure: the throughput the machine holds within the target.
3. The same load (a plain loop of threads) while PostgreSQL is restarted (`pg_ctl restart -m fast`):
   requests fail only while it is down and recover by themselves.
4. `manage.py verify_audit` on everything the load wrote.
5. pg_dump, restore into a new database, per-table counts and checksums compared.
Prints one JSON object."""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hardening_pg as pg

DB = "e360_drill"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
P95_TARGET_MS = 300.0
KEYS = "drill1:ZWxldmUzNjAtdGVzdC1rZXktbm90LWZvci1wcm9kISE="
SETUP = """
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from rest_framework.authtoken.models import Token
from core.models import Role, School, User
from students.models import Student
school = School.objects.order_by("pk").first()
user = User.objects.create_user("charge.bench", password="mot-de-passe-du-banc-2026", role=Role.PRINCIPAL,
                                centre=school.centre, first_name="Banc", last_name="Essai")
user.schools.set([school])
TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
ids = list(Student.objects.filter(school=school).values_list("pk", flat=True)[:200])
print("DRILL", Token.objects.create(user=user).key, session.session_key, ",".join(map(str, ids)))
"""


def env() -> dict[str, str]:
    return pg.django_env(DB, ELEVE360_ENV="development", DEBUG="false", ENCRYPTION_KEYS=KEYS)


def prepare(students: int) -> tuple[str, str, str]:
    pg.start_fresh()
    pg.create_database(DB)
    for args in (("migrate", "--noinput"), ("demo", "--students", str(students), "--seed", "42")):
        done = pg.manage(DB, *args, ELEVE360_ENV="development", DEBUG="false", ENCRYPTION_KEYS=KEYS)
        if done.returncode:
            raise SystemExit(done.stderr[-2000:])
    done = pg.manage(
        DB, "shell", "-c", SETUP, ELEVE360_ENV="development", DEBUG="false", ENCRYPTION_KEYS=KEYS
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("DRILL "))
    _tag, token, session, ids = line.split()
    return token, session, ids


def serve() -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(pg.ROOT / ".venv/bin/gunicorn"), "eleve360.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "3"],
        cwd=pg.ROOT,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=open(pg.DATA.parent / "e360-hardening-gunicorn.log", "wb"),  # noqa: SIM115
    )
    if not pg.wait_for(lambda: _ok(f"{BASE}/sante/"), timeout=120):
        server.kill()
        raise SystemExit("gunicorn did not start (see /tmp/e360-hardening-gunicorn.log)")
    return server


def _ok(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def locust(token: str, session: str, ids: str, users: int, seconds: int) -> dict[str, Any]:
    prefix = pg.DATA.parent / "e360-hardening-locust"
    subprocess.run(
        [
            str(pg.ROOT / ".venv/bin/locust"),
            "-f",
            str(pg.ROOT / "bench/hardening_locustfile.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--host",
            BASE,
            "--csv",
            str(prefix),
            "--only-summary",
        ],
        env={**os.environ, "DRILL_TOKEN": token, "DRILL_SESSION": session, "DRILL_STUDENTS": ids},
        capture_output=True,
        check=False,
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = {r["Name"]: r for r in csv.DictReader(handle)}
    total = rows["Aggregated"]
    return {
        "users": users,
        "seconds": seconds,
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "requests_per_second": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "p95_by_endpoint_ms": {n: float(r["95%"]) for n, r in rows.items() if n != "Aggregated"},
    }


def restart_drill(token: str, ids: str, seconds: float = 30.0, threads: int = 6) -> dict[str, object]:
    student = ids.split(",")[0]
    results: list[tuple[float, bool]] = []
    stop = threading.Event()
    start = time.monotonic()

    def loop() -> None:
        with requests.Session() as http:
            while not stop.is_set():
                t = time.monotonic() - start
                try:
                    ok = (
                        http.get(
                            f"{BASE}/api/eleves/{student}/",
                            headers={"Authorization": f"Token {token}"},
                            timeout=10,
                        ).status_code
                        == 200
                    )
                except requests.RequestException:
                    ok = False
                results.append((t, ok))

    workers = [threading.Thread(target=loop) for _ in range(threads)]
    for w in workers:
        w.start()
    time.sleep(seconds / 3)
    down_at = time.monotonic() - start
    pg.pg_ctl("restart", "-m", "fast")
    up_at = time.monotonic() - start
    time.sleep(seconds * 2 / 3)
    stop.set()
    for w in workers:
        w.join()
    failures = [t for t, ok in results if not ok]
    after = [t for t, ok in results if ok and t > up_at]
    return {
        "requests": len(results),
        "failures": len(failures),
        "postgres_down_s": round(up_at - down_at, 2),
        "failures_before_restart": sum(1 for t in failures if t < down_at),
        "failures_after_up_plus_1s": sum(1 for t in failures if t > up_at + 1.0),
        "first_success_after_up_s": round(min(after) - up_at, 3) if after else None,
        "last_failure_after_up_s": round(max(failures) - up_at, 3) if failures else None,
    }


def verify_audit() -> dict[str, object]:
    done = pg.manage(DB, "verify_audit", ELEVE360_ENV="development", DEBUG="false", ENCRYPTION_KEYS=KEYS)
    return {"exit": done.returncode, "message": (done.stdout + done.stderr).strip()[-300:]}


def backup_restore() -> dict[str, object]:
    dump = pg.DATA.parent / "e360-hardening.dump"
    t0 = time.monotonic()
    bin_ = pg.BIN
    subprocess.run(
        [
            str(bin_ / "pg_dump"),
            "-Fc",
            "-h",
            "127.0.0.1",
            "-p",
            str(pg.PORT),
            "-U",
            "postgres",
            "-f",
            str(dump),
            DB,
        ],
        check=True,
    )
    t1 = time.monotonic()
    pg.create_database("e360_restored", template="template0")
    subprocess.run(
        [
            str(bin_ / "pg_restore"),
            "-h",
            "127.0.0.1",
            "-p",
            str(pg.PORT),
            "-U",
            "postgres",
            "-d",
            "e360_restored",
            "--no-owner",
            str(dump),
        ],
        check=True,
    )
    t2 = time.monotonic()
    before, after = pg.checksums(DB), pg.checksums("e360_restored")
    differing = sorted(t for t in before if before[t] != after.get(t))
    return {
        "dump_bytes": dump.stat().st_size,
        "dump_s": round(t1 - t0, 2),
        "restore_s": round(t2 - t1, 2),
        "tables": len(before),
        "rows": sum(n for n, _ in before.values()),
        "tables_differing": differing,
        "identical": not differing and set(before) == set(after),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--steps", default="1,2,3,4,6", help="numbers of clients, one run each")
    parser.add_argument("--seconds", type=int, default=30)
    args = parser.parse_args()
    figures: dict[str, object] = {}
    t0 = time.monotonic()
    token, session, ids = prepare(args.students)
    figures["setup_s"] = round(time.monotonic() - t0, 1)
    server = serve()
    try:
        steps = [locust(token, session, ids, int(u), args.seconds) for u in args.steps.split(",")]
        within = [s for s in steps if s["failures"] == 0 and s["p95_ms"] <= P95_TARGET_MS]
        figures["load"] = {
            "steps": steps,
            "held": max(within, key=lambda s: s["requests_per_second"], default=None),
            "p95_target_ms": P95_TARGET_MS,
        }
        figures["postgres_restart"] = restart_drill(token, ids)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    figures["verify_audit"] = verify_audit()
    figures["backup_restore"] = backup_restore()
    pg.stop(quiet=True)
    print(json.dumps(figures, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
