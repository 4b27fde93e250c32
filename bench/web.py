"""Response times of the portraits and the 360 page under gunicorn, on a demo centre. Prints one JSON.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/web.py --students 20000

It creates a scratch PostgreSQL database (bench/benchdb.py, under its own name so that other benches can
run beside it), generates the demo centre of N students, signs in the demo manager, principal and
teacher (sessions in the database), starts gunicorn on 127.0.0.1 and, for each page — the centre
dashboard (manager), the school portrait (principal), the class portrait (teacher), a student's 360 page
(principal) and a minimal page of the app (`floor`) — runs `--clients` concurrent clients for
`--seconds` seconds after a warm-up, then reports p50_ms, p95_ms and requests_per_s. The first request
of a dashboard computes its aggregates; the following ones read them from the cache (keyed by the data
version): `first_ms` gives that first request. Every request is bounded in time; gunicorn is stopped
and the database dropped at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import benchdb

ROOT = Path(__file__).resolve().parent.parent
benchdb.BENCH_DATABASE = "e360_insights_bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def session_cookie(username: str) -> str:
    from django.conf import settings
    from django.test import Client

    from core.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def get(port: int, path: str, cookie: str) -> tuple[int, float]:
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, (time.perf_counter() - began) * 1000


def load(port: int, path: str, cookie: str, clients: int, seconds: float) -> dict[str, Any]:
    status, first = get(port, path, cookie)
    if status != 200:
        raise SystemExit(f"{path}: HTTP {status}")
    for _ in range(3):
        get(port, path, cookie)
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        while time.perf_counter() < deadline:
            code, ms = get(port, path, cookie)
            with lock:
                times.append(ms)
                errors[0] += code != 200

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(times)
    return {
        "path": path,
        "first_ms": round(first, 1),
        "requests": len(times),
        "errors": errors[0],
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "requests_per_s": round(len(times) / elapsed, 1),
    }


def pages() -> dict[str, tuple[str, str]]:
    from django.urls import reverse

    from core.models import User
    from students.models import Group, Student

    principal = User.objects.get(username="direction")
    teacher = User.objects.get(username="enseignant")
    school_id = sorted(principal.served_school_ids())[0]
    group = Group.objects.filter(teachers=teacher, school_year__is_current=True).order_by("pk").first()
    assert group is not None, "the demo teacher has no group"
    student = Student.objects.filter(school_id=school_id).order_by("pk").first()
    assert student is not None
    return {
        "floor": (reverse("insights:floor"), "gestion"),
        "centre": (reverse("insights:centre"), "gestion"),
        "school": (reverse("insights:school", args=[school_id]), "direction"),
        "group": (reverse("insights:group", args=[group.pk]), "enseignant"),
        "student_360": (reverse("students:detail", args=[student.pk]), "direction"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with benchdb.bench_database("web") as database:
        from django.db import connections

        from demo import generator

        began = time.perf_counter()
        generator.generate(args.students, args.seed)
        demo_seconds = round(time.perf_counter() - began, 1)
        targets = pages()
        cookies = {name: session_cookie(name) for name in {user for _p, user in targets.values()}}
        connections.close_all()
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "eleve360.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(args.workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            results = {
                name: load(port, path, cookies[user], args.clients, args.seconds)
                for name, (path, user) in targets.items()
            }
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    floor = results["floor"]
    print(
        json.dumps(
            {
                "students": args.students,
                "database": database,
                "demo_seconds": demo_seconds,
                "clients": args.clients,
                "workers": args.workers,
                "seconds_per_page": args.seconds,
                "pages": results,
                "p50_over_floor": {
                    k: round(v["p50_ms"] / floor["p50_ms"], 2) for k, v in results.items() if k != "floor"
                },
            }
        )
    )


if __name__ == "__main__":
    main()
