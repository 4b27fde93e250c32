"""Locust load of bench/hardening_load.py: the API list and a student's file (audited reads, sealed in the
audit chain), the 360 page and the health check. Credentials come from the environment."""

from __future__ import annotations

import os
import random

from locust import HttpUser, constant, task

TOKEN = os.environ["DRILL_TOKEN"]
SESSION = os.environ["DRILL_SESSION"]
STUDENTS = [int(s) for s in os.environ["DRILL_STUDENTS"].split(",")]


class Staff(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", SESSION)

    @task(4)
    def student_api(self) -> None:
        student = random.choice(STUDENTS)
        self.client.get(
            f"/api/eleves/{student}/", headers={"Authorization": f"Token {TOKEN}"}, name="/api/eleves/[id]/"
        )

    @task(2)
    def student_list(self) -> None:
        self.client.get("/api/eleves/", headers={"Authorization": f"Token {TOKEN}"})

    @task(3)
    def page_360(self) -> None:
        student = random.choice(STUDENTS)
        self.client.get(f"/eleves/{student}/", name="/eleves/[id]/")

    @task(1)
    def health(self) -> None:
        self.client.get("/sante/")
