"""Bandit finds no medium or high issue in the project's code (tests, benchmarks and the virtualenv
aside). A finding that is a false positive is marked on its line with `# nosec BXXX` and a reason."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXCLUDE = ",".join(
    [f"./{d}" for d in (".venv", "var", "static", "staticfiles", "node_modules", "bench", "browser")]
    + ["*/tests/*"]
)


def test_bandit_reports_no_medium_or_high_issue():
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-q", "-r", ".", "-x", EXCLUDE, "-ll", "-f", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    assert report["metrics"]["_totals"]["loc"] > 10_000, "bandit scanned (almost) nothing"
    issues = [
        f"{i['filename']}:{i['line_number']} {i['test_id']} {i['issue_severity']}: {i['issue_text']}"
        for i in report["results"]
    ]
    assert not issues, "bandit (medium/high):\n" + "\n".join(issues)
