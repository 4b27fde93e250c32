"""What the audit chain costs on the hot path: one audited read (`core.audit.log_access`) with the seal
written in the same transaction, against the same read with the chain disconnected.

    .venv/bin/python bench/hardening_audit.py [--reads 2000]     (DATABASE_URL=postgres://… for PostgreSQL)

Prints one JSON object: microseconds per audited read with and without the chain, and the verification
speed of `verify_audit` over what was written."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import bench_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reads", type=int, default=2000)
    args = parser.parse_args()
    with bench_database("hardening_audit") as engine:
        from auditlog.models import LogEntry
        from django.db.models.signals import post_save

        from core.audit import log_access
        from core.models import ServiceCentre
        from security import chain

        centre = ServiceCentre.objects.create(name="CSS du banc", code="CSS-BANC", region="Mauricie")

        def run(n: int) -> float:
            t0 = time.perf_counter()
            for _ in range(n):
                log_access(None, centre, reason="bench", view="bench")
            return (time.perf_counter() - t0) / n * 1e6

        run(50)
        with_chain = run(args.reads)
        post_save.disconnect(dispatch_uid="security.chain.seal", sender=LogEntry)
        without_chain = run(args.reads)
        post_save.connect(chain._on_save, sender=LogEntry, dispatch_uid="security.chain.seal")
        chain.seal_existing()  # the unsealed reads of the second run, so that the chain verifies
        t0 = time.perf_counter()
        checked, broken = chain.verify()
        verify_s = time.perf_counter() - t0
        print(
            json.dumps(
                {
                    "engine": engine,
                    "reads": args.reads,
                    "us_per_read_with_chain": round(with_chain, 1),
                    "us_per_read_without_chain": round(without_chain, 1),
                    "overhead_us": round(with_chain - without_chain, 1),
                    "overhead_pct": round((with_chain / without_chain - 1) * 100, 1),
                    "verified_entries": checked,
                    "verify_ok": broken is None,
                    "verify_entries_per_s": round(checked / verify_s),
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
