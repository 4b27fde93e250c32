"""The small imports (absences, résultats, événements, issues): one row per natural key of a student,
created, updated or left alone. ``plan`` checks every line without writing; ``apply`` writes a valid
plan in one transaction, refreshes the facts of the students touched and writes one audit row per
service centre (counts only)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import QuerySet

from core import bulk
from core.models import School
from earlywarning.imports import common
from sis import formats
from sis.base import ImportSummary, LineError


class RowErrors(ValueError):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Spec:
    code: str
    model: type[models.Model]
    required: tuple[str, ...]
    key_fields: tuple[str, ...]
    value_fields: tuple[str, ...]
    parse: Callable[[dict[str, str]], tuple[tuple[Any, ...], dict[str, Any]]]
    describe: str  # what makes two lines the same, for the duplicate message
    aliases: dict[str, str] = field(default_factory=dict)
    refresh: Callable[[set[int]], None] | None = None

    @property
    def all_aliases(self) -> dict[str, str]:
        return {formats.compact(n): n for n in self.required} | self.aliases


@dataclass
class KeyedRow:
    line: int
    code_permanent: str
    student_id: int
    school_id: int
    key: tuple[Any, ...]
    values: dict[str, Any]
    pk: int | None = None
    status: str = ""


@dataclass
class KeyedPlan:
    spec: Spec
    row_count: int = 0
    rows: list[KeyedRow] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    sha256: str = ""

    @property
    def is_valid(self) -> bool:
        return not self.errors and self.row_count > 0

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def summary(self) -> ImportSummary:
        return ImportSummary(self.count("create"), self.count("update"), self.count("unchanged"))


def plan(spec: Spec, data: bytes, *, schools: QuerySet[School] | None = None) -> KeyedPlan:
    result = KeyedPlan(spec=spec, sha256=hashlib.sha256(data).hexdigest())
    try:
        table = formats.read_bytes(data, spec.all_aliases)
    except formats.FormatError as exc:
        result.errors.append(LineError(exc.line, exc.message))
        return result
    missing = formats.missing_columns(table.headers, spec.required)
    if missing:
        result.errors.append(
            LineError(
                1,
                f"Colonnes obligatoires manquantes : {', '.join(missing)}. "
                f"L'en-tête doit contenir : {';'.join(spec.required)}.",
            )
        )
        return result
    if not table.rows:
        result.errors.append(
            LineError(None, "Le fichier ne contient que la ligne d'en-tête : aucune donnée.")
        )
        return result
    result.row_count = len(table.rows)
    codes = {r.values.get("code_permanent", "").strip().upper() for r in table.rows}
    known = common.student_ids(codes - {""}, schools)
    lines_by_key: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for row in table.rows:
        messages: list[str] = []
        if row.problem:
            result.errors.append(LineError(row.line, row.problem))
            continue
        code = row.values.get("code_permanent", "").strip().upper()
        ids = known.get(code)
        if not code:
            messages.append("code permanent manquant")
        elif ids is None:
            messages.append(common.unknown_code(code))
        try:
            key, values = spec.parse(row.values)
        except RowErrors as exc:
            messages.extend(exc.messages)
        except ValueError as exc:
            messages.append(str(exc))
        if messages:
            result.errors.extend(LineError(row.line, m) for m in messages)
            continue
        assert ids is not None
        lines_by_key[(ids[0], *key)].append(row.line)
        result.rows.append(KeyedRow(row.line, code, ids[0], ids[1], key, values))
    result.errors.extend(common.duplicate_errors(lines_by_key, spec.describe))
    result.errors.sort(key=lambda e: e.line or 0)
    if not result.errors:
        _classify(result)
    return result


def _classify(plan: KeyedPlan) -> None:
    spec = plan.spec
    existing: dict[tuple[Any, ...], tuple[int, dict[str, Any]]] = {}
    ids = sorted({r.student_id for r in plan.rows})
    for chunk in common.chunks(ids):
        for item in spec.model._default_manager.filter(student_id__in=chunk).values(
            "pk", "student_id", *spec.key_fields, *spec.value_fields
        ):
            key = (item["student_id"], *(item[f] for f in spec.key_fields))
            existing[key] = (item["pk"], {f: item[f] for f in spec.value_fields})
    for row in plan.rows:
        stored = existing.get((row.student_id, *row.key))
        if stored is None:
            row.status = "create"
        else:
            row.pk = stored[0]
            row.status = "unchanged" if stored[1] == row.values else "update"


def apply(user: Any, plan: KeyedPlan, *, source: str = "commande") -> ImportSummary:
    if not plan.is_valid:
        raise ValueError("Un plan d'importation comportant des erreurs ne peut pas être appliqué.")
    spec = plan.spec
    model: Any = spec.model
    with transaction.atomic():
        model.objects.bulk_create(
            [
                model(student_id=r.student_id, **dict(zip(spec.key_fields, r.key, strict=True)), **r.values)
                for r in plan.rows
                if r.status == "create"
            ],
            batch_size=1000,
        )
        changed = [r for r in plan.rows if r.status == "update"]
        if changed:
            model.objects.bulk_update(
                [model(pk=r.pk, **r.values) for r in changed], list(spec.value_fields), batch_size=500
            )
        touched = {r.student_id for r in plan.rows if r.status != "unchanged"}
        if spec.refresh is not None and touched:
            spec.refresh(touched)
        summary = plan.summary()
        common.audit(
            user,
            f"sis.import.{spec.code}",
            {r.school_id for r in plan.rows},
            source=source,
            sha256=plan.sha256,
            rows=plan.row_count,
            created=summary.created,
            updated=summary.updated,
            unchanged=summary.unchanged,
        )
        bulk.announce(model._meta.label)
    return summary
