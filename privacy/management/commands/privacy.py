"""`manage.py privacy scan`: raise the candidate incidents the audit shows (idempotent: never twice).
`manage.py privacy due [--as-of YYYY-MM-DD]`: list what the retention schedule makes destructible (dry run,
nothing written; kind, number, pseudonymous student, rule)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone


class Command(BaseCommand):
    help = "Outils du responsable de la protection des renseignements personnels : scan, due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["scan", "due"])
        parser.add_argument("--as-of", dest="as_of", default="", help="date des échéances (AAAA-MM-JJ)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "scan":
            from privacy.scan import scan

            counts = scan()
            total = sum(counts.values())
            detail = ", ".join(f"{k} : {v}" for k, v in counts.items())
            self.stdout.write(f"{total} signalement(s) nouveau(x) ({detail}).")
            return
        from core.models import ServiceCentre
        from privacy.retention import active_holds, due_now, is_held, student_hash

        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--as-of : date AAAA-MM-JJ attendue") from exc
        for centre in ServiceCentre.objects.order_by("pk"):
            students, items = active_holds(centre.pk)
            for due in due_now(centre, as_of):
                held = " (suspendu)" if is_held(due, students, items) else ""
                self.stdout.write(
                    f"{centre.code};{due.kind};{due.object_id};{student_hash(due.student_id)};"
                    f"{due.rule};{due.due_on.isoformat()};{due.count}{held}"
                )
