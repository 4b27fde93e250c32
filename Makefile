# Élève 360 — every chore in one place. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
PORT ?= 8000
STUDENTS ?= 2000
BENCH_STUDENTS ?= 20000
SEED ?= 42
PY := .venv/bin/python
MANAGE := $(PY) manage.py
PG_URL ?= postgres://postgres@127.0.0.1:5432/eleve360
TEST_DATABASE_URL := $(or $(DATABASE_URL),$(PG_URL))

.PHONY: help venv run serve demo translations test test-sqlite test-postgres browser-deps lint format \
        typecheck bench bench-hardening verify-audit migrations-check messages clean

help:
	@echo "make run               installe, migre, génère la démo et sert l'application (port $(PORT))"
	@echo "make test              installe ce qu'il faut et lance linters + tests (SQLite et PostgreSQL)"
	@echo "make lint              ruff + mypy"
	@echo "make bench             mesures de performance (bench/)"
	@echo "make bench-hardening   exercices de durcissement (charge, redémarrage, sauvegarde, import tué)"
	@echo "make verify-audit      vérifie la chaîne du journal d'audit"
	@echo "make migrations-check  vérifie qu'aucune migration ne manque"
	@echo "make messages          extrait les chaînes à traduire (GNU gettext requis)"

.venv/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	uv sync --frozen
	@touch $@

venv: .venv/.synced

translations: venv
	$(MANAGE) compile_translations

# Extract the French source strings into the English catalogues (needs GNU gettext): each app that has
# its own locale/ gets its strings there, the rest goes to locale/ (docs/adr/0009).
messages: venv
	ELEVE360_ENV=test $(MANAGE) makemessages -l en --no-obsolete --no-location --no-wrap \
	  -i '.venv/*' -i 'static/*' -i 'var/*' -i 'bench/*'

run: venv translations
	@mkdir -p var
	ELEVE360_ENV=development $(MANAGE) ensure_dev_key
	ELEVE360_ENV=development $(MANAGE) migrate --noinput
	ELEVE360_ENV=development $(MANAGE) demo --students $(STUDENTS) --seed $(SEED) --if-empty
	ELEVE360_ENV=development $(MANAGE) runserver 127.0.0.1:$(PORT)

demo: venv
	ELEVE360_ENV=development $(MANAGE) demo --students $(STUDENTS) --seed $(SEED) --reset

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installation de Chromium (Debian)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core; }

test: venv translations browser-deps lint migrations-check test-sqlite test-postgres

test-sqlite: venv
	ELEVE360_ENV=test $(PY) -m pytest -q

test-postgres: venv
	@$(PY) -c "import psycopg,sys; u=sys.argv[1]; \
	  c=psycopg.connect(u.rsplit('/',1)[0]+'/postgres', autocommit=True); \
	  c.close()" "$(TEST_DATABASE_URL)" || { echo "PostgreSQL injoignable à $(TEST_DATABASE_URL)"; exit 1; }
	ELEVE360_ENV=test DATABASE_URL=$(TEST_DATABASE_URL) $(PY) -m pytest -q

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy .
	$(PY) -m mypy bench/earlywarning.py

format: venv
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

migrations-check: venv
	ELEVE360_ENV=test $(MANAGE) makemigrations --check --dry-run

bench: venv
	ELEVE360_ENV=test $(PY) bench/demo_scale.py --students $(BENCH_STUDENTS)
	ELEVE360_ENV=test $(PY) bench/permissions.py --students $(BENCH_STUDENTS)
	ELEVE360_ENV=test $(PY) bench/support_pages.py --students $(BENCH_STUDENTS)
	ELEVE360_ENV=test $(PY) bench/scheduling_pages.py --students $(BENCH_STUDENTS)
	ELEVE360_ENV=test $(PY) bench/earlywarning.py --students $(BENCH_STUDENTS)
	ELEVE360_ENV=test $(PY) bench/backtest.py
	ELEVE360_ENV=test $(PY) bench/privacy_scan.py
	ELEVE360_ENV=test $(PY) bench/web.py --students $(BENCH_STUDENTS)

# Drills of the hardening suite (docs/securite.md): load with the audit on and PostgreSQL restarted during
# it, backup and restore, the import killed mid-way, the cost of the audit chain. They run a private
# PostgreSQL cluster on 55433/55434 (never the shared server).
bench-hardening: venv
	ELEVE360_ENV=test $(PY) bench/hardening_load.py
	ELEVE360_ENV=test $(PY) bench/hardening_import_kill.py --rounds 20
	ELEVE360_ENV=test $(PY) bench/hardening_audit.py

verify-audit: venv
	$(MANAGE) verify_audit

clean:
	rm -rf .venv var staticfiles
