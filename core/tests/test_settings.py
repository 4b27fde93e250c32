"""Settings fail loudly: production needs its database, secret key and keys; check --deploy is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "ELEVE360_ENV": "production",
    "DJANGO_SETTINGS_MODULE": "eleve360.settings",
    "SECRET_KEY": "k" * 30 + "-production-secret-key-that-is-long-enough-0123456789",
    "DATABASE_URL": "postgres://eleve360@127.0.0.1:5432/eleve360",
    "ENCRYPTION_KEYS": "p1:" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIzNDU=",
    "ALLOWED_HOSTS": "eleve360.exemple.qc.ca",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("ELEVE360", "DATABASE_URL", "SECRET_KEY", "ENCRYPTION_KEYS", "DEBUG", "DJANGO_ALLOW_ASYNC")
        )
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ENCRYPTION_KEYS"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PROD_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} is required in production" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_typo_in_a_boolean_setting_is_an_error():
    result = run_manage("check", env={**PROD_ENV, "SECURE_COOKIES": "ture"})
    assert result.returncode != 0
    assert "is not a boolean" in result.stderr


def test_debug_cannot_be_enabled_in_production():
    result = run_manage("check", env={**PROD_ENV, "DEBUG": "true"})
    assert result.returncode != 0
    assert "DEBUG cannot be true in production" in result.stderr


def test_secrets_can_come_from_files(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text(PROD_ENV["SECRET_KEY"] + "\n")
    env = {k: v for k, v in PROD_ENV.items() if k != "SECRET_KEY"}
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**env, "SECRET_KEY_FILE": str(secret_file)}
    )
    assert result.returncode == 0, result.stderr
