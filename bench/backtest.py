"""How good and how fast the backtest is on realistic synthetic folders. Prints one JSON object.

    python bench/backtest.py                       # 5,000 and 50,000 students, seed 42
    python bench/backtest.py --students 5000 --fit-repeats 5

For each size it writes a synthetic folder (earlywarning.backtest.sample, the same generator as
`manage.py earlywarning backtest-sample`) under var/bench/, then times reading and scoring it with the
default criteria (lib.risk.DEFAULT_CRITERIA) at the end of étape 2, and the fit (repeated 10-fold
cross-validation). No database is used: the folder is read in memory, as the command does.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def measure(students: int, seed: int, repeats: int) -> dict[str, Any]:
    from earlywarning.backtest import sources
    from earlywarning.backtest.calendar import default_calendar
    from earlywarning.backtest.report import prepare, report_of
    from earlywarning.backtest.sample import write_sample
    from lib.risk import DEFAULT_CRITERIA

    folder = ROOT / "var" / "bench" / f"backtest-{students}"
    shutil.rmtree(folder, ignore_errors=True)
    began = time.perf_counter()
    write_sample(folder, students=students, seed=seed)
    generated = time.perf_counter() - began
    size = sum(p.stat().st_size for p in folder.iterdir())
    began = time.perf_counter()
    prepared = prepare(sources.from_directory(folder), etape=2, calendar=default_calendar())
    read = time.perf_counter() - began
    began = time.perf_counter()
    report, _ = report_of(prepared, criteria=DEFAULT_CRITERIA, criteria_name="défaut")
    scored = time.perf_counter() - began
    began = time.perf_counter()
    fitted, _ = report_of(
        prepared, criteria=DEFAULT_CRITERIA, criteria_name="défaut", fit=True, seed=seed, repeats=repeats
    )
    fit = time.perf_counter() - began
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "students": students,
        "positives": report["positives"],
        "folder_mb": round(size / 1e6, 1),
        "auc_default": report["auc"],
        "precision_at_10pct": report["precision_at_10pct"],
        "recall_at_10pct": report["recall_at_10pct"],
        "auc_fit": fitted["auc_fit"],
        "accuracy_fit": fitted["accuracy_fit"],
        "accuracy_baseline": fitted["fit"]["accuracy_baseline"],
        "generate_s": round(generated, 2),
        "read_and_facts_s": round(read, 2),
        "score_report_s": round(scored, 2),
        "backtest_s": round(read + scored, 2),
        "fit_s": round(fit, 2),
        "fit_repeats": repeats,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, nargs="*", default=[5000, 50000])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--fit-repeats", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("ELEVE360_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eleve360.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    runs = [measure(n, args.seed, args.fit_repeats) for n in args.students]
    print(json.dumps({"bench": "backtest", "seed": args.seed, "runs": runs}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
