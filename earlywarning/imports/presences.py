"""The `presences` import: `code_permanent;date;periode;statut`, one line per period of a school day.

It is the large file (a week of a large centre is ~3 million lines), so lines are read straight into
numpy arrays, not one object per line. The file is authoritative for the student-days it contains:
a day whose rows changed is replaced whole; unchanged days are not touched (a re-import changes
nothing). Then the facts of the student-weeks touched are recomputed from those weeks' rows only.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from array import array
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import QuerySet

from core import bulk
from core.models import School
from earlywarning import facts
from earlywarning.imports import common, pgcopy
from earlywarning.models import Attendance, AttendanceStatus
from lib import arrays
from lib.text import fold
from sis import formats
from sis.base import ImportSummary, LineError
from students.models import Student

REQUIRED = ("code_permanent", "date", "periode", "statut")
ALIASES = {formats.compact(n): n for n in REQUIRED} | {"period": "periode", "status": "statut"}
STATUSES = {
    "present": AttendanceStatus.PRESENT,
    "presente": AttendanceStatus.PRESENT,
    "p": AttendanceStatus.PRESENT,
    "absent_motive": AttendanceStatus.EXCUSED,
    "absente_motivee": AttendanceStatus.EXCUSED,
    "absence_motivee": AttendanceStatus.EXCUSED,
    "am": AttendanceStatus.EXCUSED,
    "absent_non_motive": AttendanceStatus.UNEXCUSED,
    "absente_non_motivee": AttendanceStatus.UNEXCUSED,
    "absence_non_motivee": AttendanceStatus.UNEXCUSED,
    "anm": AttendanceStatus.UNEXCUSED,
    "retard": AttendanceStatus.LATE,
    "en_retard": AttendanceStatus.LATE,
    "r": AttendanceStatus.LATE,
}
MAX_PERIOD = 20
OLDEST_YEARS = 20
EVENT = "sis.import.presences"
SAMPLE = 20
DAY_BITS = 14  # days after the file's first day (44 years)
PERIOD_BITS = 6


@dataclass
class AttendancePlan:
    row_count: int = 0
    errors: list[LineError] = field(default_factory=list)
    sha256: str = ""
    student: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    ordinal: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    period: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    status: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    school_ids: set[int] = field(default_factory=set)
    rows: list[dict[str, Any]] = field(default_factory=list)  # the first lines, for the preview
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    replace: np.ndarray | None = None  # mask of the file's rows whose day is written
    replace_days: np.ndarray | None = None  # (student, ordinal) of stored days to delete first
    fresh: bool = False  # nothing stored in the file's weeks for its students
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def is_valid(self) -> bool:
        return not self.errors and self.row_count > 0

    def summary(self) -> ImportSummary:
        return ImportSummary(self.created, self.updated, self.unchanged)


class _Reader:
    """Cached parsers: a week's file repeats the same few dates, periods and statuses."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.oldest = today.replace(year=today.year - OLDEST_YEARS, day=1)
        self.dates: dict[str, int | str] = {}
        self.periods: dict[str, int | str] = {}
        self.statuses: dict[str, int | str] = {}

    def date(self, text: str) -> int | str:
        found = self.dates.get(text)
        if found is None:
            try:
                day = formats.parse_date(text)
                if day > self.today:
                    found = f"date dans le futur « {text.strip()} »"
                elif day < self.oldest:
                    found = f"date trop ancienne « {text.strip()} » (au plus {OLDEST_YEARS} ans)"
                else:
                    found = day.toordinal()
            except ValueError as exc:
                found = str(exc)
            self.dates[text] = found
        return found

    def period(self, text: str) -> int | str:
        found = self.periods.get(text)
        if found is None:
            value = text.strip()
            ok = value.isdecimal() and 1 <= int(value) <= MAX_PERIOD
            found = int(value) if ok else f"période invalide « {value} » (nombre de 1 à {MAX_PERIOD})"
            self.periods[text] = found
        return found

    def status(self, text: str) -> int | str:
        found = self.statuses.get(text)
        if found is None:
            code = STATUSES.get(fold(text))
            found = (
                int(code)
                if code is not None
                else f"statut non reconnu « {text.strip()} » "
                "(attendu : présent, absent motivé, absent non motivé ou retard)"
            )
            self.statuses[text] = found
        return found


def plan_file(
    data: bytes, *, schools: QuerySet[School] | None = None, today: dt.date | None = None
) -> AttendancePlan:
    plan = AttendancePlan(sha256=hashlib.sha256(data).hexdigest(), today=today or dt.date.today())
    try:
        text = formats.decode(data)
    except formats.FormatError as exc:
        plan.errors.append(LineError(exc.line, exc.message))
        return plan
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=formats.sniff_separator(_first(text)))
    header_line, headers = _header(reader, plan)
    if headers is None:
        return plan
    index = [headers.index(n) for n in REQUIRED]
    width = len(headers)
    students = _students(schools)
    parse = _Reader(plan.today)
    sid, day, per, sta, lines = array("q"), array("q"), array("q"), array("q"), array("q")
    schools_seen: set[int] = set()
    previous_end = header_line
    for cells in reader:
        line, previous_end = previous_end + 1, reader.line_num
        if len(cells) != width:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) < width or any(c.strip() for c in cells[width:]):
                plan.errors.append(
                    LineError(
                        line,
                        f"la ligne compte {len(cells)} valeurs alors que l'en-tête compte {width} colonnes",
                    )
                )
                continue
        code = cells[index[0]].strip().upper()
        student = students.get(code)
        d, p, s = parse.date(cells[index[1]]), parse.period(cells[index[2]]), parse.status(cells[index[3]])
        if student is None or type(d) is str or type(p) is str or type(s) is str:
            if student is None:
                plan.errors.append(
                    LineError(line, common.unknown_code(code) if code else "code permanent manquant")
                )
            for value in (d, p, s):
                if isinstance(value, str):
                    plan.errors.append(LineError(line, value))
            continue
        sid.append(student[0])
        schools_seen.add(student[1])
        day.append(d)  # type: ignore[arg-type]
        per.append(p)  # type: ignore[arg-type]
        sta.append(s)  # type: ignore[arg-type]
        lines.append(line)
        if len(plan.rows) < SAMPLE:
            plan.rows.append(
                {
                    "line": line,
                    "code_permanent": code,
                    "date": dt.date.fromordinal(d),  # type: ignore[arg-type]
                    "period": p,
                    "status": AttendanceStatus(s).label,
                }
            )
    plan.row_count = len(lines) + len({e.line for e in plan.errors if e.line and e.line > 1})
    if not lines and not plan.errors:
        plan.errors.append(
            LineError(None, "Le fichier ne contient que la ligne d'en-tête : aucune présence.")
        )
        return plan
    plan.student, plan.ordinal = np.frombuffer(sid, np.int64), np.frombuffer(day, np.int64)
    plan.period, plan.status = np.frombuffer(per, np.int64), np.frombuffer(sta, np.int64)
    plan.school_ids = schools_seen
    if len(lines):
        plan.errors.extend(_duplicates(plan, np.frombuffer(lines, np.int64)))
    plan.errors.sort(key=lambda e: e.line or 0)
    if not plan.errors:
        _classify(plan)
    return plan


def _first(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def _header(reader: Any, plan: AttendancePlan) -> tuple[int, list[str] | None]:
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        line = reader.line_num
        headers = [ALIASES.get(formats.compact(c), fold(c)) for c in cells]
        named = [h for h in headers if h]
        duplicates = sorted({h for h in named if named.count(h) > 1})
        if duplicates:
            plan.errors.append(
                LineError(line, f"Colonnes en double dans l'en-tête : {', '.join(duplicates)}.")
            )
            return line, None
        missing = formats.missing_columns(headers, REQUIRED)
        if missing:
            plan.errors.append(
                LineError(
                    line,
                    f"Colonnes obligatoires manquantes : {', '.join(missing)}. "
                    f"L'en-tête doit contenir : {';'.join(REQUIRED)}.",
                )
            )
            return line, None
        return line, headers
    plan.errors.append(LineError(None, "Le fichier est vide : il doit commencer par une ligne d'en-tête."))
    return 0, None


def _students(schools: QuerySet[School] | None) -> dict[str, tuple[int, int]]:
    base = Student.objects.all() if schools is None else Student.objects.filter(school__in=schools)
    return {code: (pk, school) for code, pk, school in base.values_list("code_permanent", "pk", "school_id")}


def _keys(student: np.ndarray, ordinal: np.ndarray, period: np.ndarray, first: int) -> np.ndarray:
    return (student << (DAY_BITS + PERIOD_BITS)) | ((ordinal - first) << PERIOD_BITS) | period


def _duplicates(plan: AttendancePlan, lines: np.ndarray) -> list[LineError]:
    first = int(plan.ordinal.min())
    keys = _keys(plan.student, plan.ordinal, plan.period, first)
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    same = np.flatnonzero(ordered[1:] == ordered[:-1])
    if not len(same):
        return []
    groups: dict[int, list[int]] = {}
    for i in same:
        groups.setdefault(int(ordered[i]), []).extend([int(lines[order[i]]), int(lines[order[i + 1]])])
    errors = []
    for found in groups.values():
        found = sorted(set(found))
        for line in found:
            others = ", ".join(str(o) for o in found if o != line)
            errors.append(
                LineError(
                    line, f"ligne en double (même élève, même date, même période) : aussi à la ligne {others}"
                )
            )
    return errors


def stored_rows(first: int, last: int, students: np.ndarray) -> tuple[np.ndarray, ...]:
    """The stored rows of these students between two ordinals, as arrays."""
    lo, hi = dt.date.fromordinal(first), dt.date.fromordinal(last)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            payload = pgcopy.copy_out(
                cursor,
                "SELECT student_id, date, period, status FROM earlywarning_attendance "
                "WHERE date BETWEEN %s AND %s AND student_id = ANY(%s)",
                [lo, hi, sorted({int(s) for s in np.unique(students)})],
            )
        return pgcopy.decode(payload)
    rows = list(
        Attendance.objects.filter(
            date__range=(lo, hi), student_id__in={int(s) for s in np.unique(students)}
        ).values_list("student_id", "date", "period", "status")
    )
    if not rows:
        return tuple(np.empty(0, np.int64) for _ in range(4))
    s, d, p, t = zip(*rows, strict=True)
    return (
        np.array(s, np.int64),
        np.array([x.toordinal() for x in d], np.int64),
        np.array(p, np.int64),
        np.array(t, np.int64),
    )


def _classify(plan: AttendancePlan) -> None:
    low, high = int(plan.ordinal.min()), int(plan.ordinal.max())
    first, last = low - (low - 1) % 7, high - (high - 1) % 7 + 6  # whole weeks, Monday to Sunday
    n = len(plan.student)
    ids = arrays.distinct(plan.student)
    if facts.weeks_stored(ids, dt.date.fromordinal(first), dt.date.fromordinal(last)):
        es, ed, ep, et = stored_rows(first, last, ids)
    else:  # no student-week fact, hence no row: nothing to read back (the weekly import's case)
        es = ed = ep = et = np.empty(0, np.int64)
    plan.fresh = not len(es)
    if plan.fresh:
        plan.created, plan.replace = n, np.ones(n, bool)
        plan.replace_days = np.empty((0, 2), np.int64)
        return
    file_keys = _keys(plan.student, plan.ordinal, plan.period, first)
    stored_keys = _keys(es, ed, ep, first)
    order = np.argsort(stored_keys)
    pos = np.searchsorted(stored_keys, file_keys, sorter=order)
    pos = np.minimum(pos, len(stored_keys) - 1)
    match = stored_keys[order[pos]] == file_keys
    same_status = match & (et[order[pos]] == plan.status)
    plan.created = int((~match).sum())
    plan.updated = int((match & ~same_status).sum())
    plan.unchanged = int(same_status.sum())
    file_days = (plan.student << DAY_BITS) | (plan.ordinal - first)
    stored_days = (es << DAY_BITS) | (ed - first)
    gone = ~np.isin(stored_keys, file_keys) & np.isin(stored_days, file_days)  # periods the file dropped
    changed_days = np.union1d(file_days[~same_status], stored_days[gone])
    plan.replace = np.isin(file_days, changed_days)
    stored_changed = np.unique(stored_days[np.isin(stored_days, changed_days)])
    plan.replace_days = np.stack(
        [stored_changed >> DAY_BITS, (stored_changed & ((1 << DAY_BITS) - 1)) + first], 1
    )


def apply_plan(user: Any, plan: AttendancePlan, *, source: str = "commande") -> ImportSummary:
    if not plan.is_valid or plan.replace is None or plan.replace_days is None:
        raise ValueError("Un plan d'importation comportant des erreurs ne peut pas être appliqué.")
    mask = plan.replace
    with transaction.atomic():
        if mask.any():
            store(
                plan.student[mask],
                plan.ordinal[mask],
                plan.period[mask],
                plan.status[mask],
                replace_days=plan.replace_days,
                fresh=plan.fresh,
            )
        common.audit(
            user,
            EVENT,
            plan.school_ids,
            source=source,
            sha256=plan.sha256,
            rows=len(plan.student),
            created=plan.created,
            updated=plan.updated,
            unchanged=plan.unchanged,
        )
        bulk.announce("earlywarning.Attendance")
    return plan.summary()


def store(
    student: np.ndarray,
    ordinal: np.ndarray,
    period: np.ndarray,
    status: np.ndarray,
    *,
    replace_days: np.ndarray | None = None,
    fresh: bool = False,
) -> None:
    """Write rows (after deleting the stored days they replace) and bring the facts of their
    student-weeks up to date. `fresh`: no row of these students was stored in these weeks, so the facts
    are counted from the rows themselves; otherwise they are recomputed from those weeks' rows."""
    write_rows(student, ordinal, period, status, delete_days=replace_days)
    if fresh:
        facts.add_weeks(student, ordinal, status)
    else:
        facts.refresh_weeks(
            {int(s) for s in np.unique(student)},
            dt.date.fromordinal(int(ordinal.min())),
            dt.date.fromordinal(int(ordinal.max())),
        )


def load(student: np.ndarray, ordinal: np.ndarray, period: np.ndarray, status: np.ndarray) -> None:
    """A bulk load of rows already validated (a backfill): compared with what is stored, then stored."""
    plan = AttendancePlan(student=student, ordinal=ordinal, period=period, status=status)
    _classify(plan)
    assert plan.replace is not None
    if plan.replace.all():  # every row is new or replaces its day: no copy of the arrays
        store(student, ordinal, period, status, replace_days=plan.replace_days, fresh=plan.fresh)
    elif plan.replace.any():
        mask = plan.replace
        store(
            student[mask],
            ordinal[mask],
            period[mask],
            status[mask],
            replace_days=plan.replace_days,
            fresh=plan.fresh,
        )


def write_rows(
    student: np.ndarray,
    ordinal: np.ndarray,
    period: np.ndarray,
    status: np.ndarray,
    *,
    delete_days: np.ndarray | None = None,
) -> None:
    """Delete the stored days given, then write the rows: binary COPY on PostgreSQL, bulk insert else."""
    if connection.vendor == "postgresql":
        ensure_partitions(int(ordinal.min()), int(ordinal.max()))
        with connection.cursor() as cursor:
            if delete_days is not None and len(delete_days):
                _delete_days_pg(cursor, delete_days)
            pgcopy.copy_in(cursor, "earlywarning_attendance", pgcopy.encode(student, ordinal, period, status))
        return
    if delete_days is not None:
        for s, d in delete_days.tolist():
            Attendance.objects.filter(student_id=s, date=dt.date.fromordinal(d)).delete()
    dates = {o: dt.date.fromordinal(o) for o in np.unique(ordinal).tolist()}
    Attendance.objects.bulk_create(
        (
            Attendance(student_id=s, date=dates[d], period=p, status=t)
            for s, d, p, t in zip(
                student.tolist(), ordinal.tolist(), period.tolist(), status.tolist(), strict=True
            )
        ),
        batch_size=5000,
    )


def _delete_days_pg(cursor: Any, days: np.ndarray) -> None:
    cursor.execute("CREATE TEMP TABLE IF NOT EXISTS ew_days (student_id integer, date date) ON COMMIT DROP")
    cursor.execute("TRUNCATE ew_days")
    with cursor.copy("COPY ew_days (student_id, date) FROM STDIN") as copy:
        for s, d in days.tolist():
            copy.write_row((s, dt.date.fromordinal(d)))
    lo, hi = dt.date.fromordinal(int(days[:, 1].min())), dt.date.fromordinal(int(days[:, 1].max()))
    cursor.execute(
        "DELETE FROM earlywarning_attendance a USING ew_days t "
        "WHERE a.date BETWEEN %s AND %s AND a.student_id = t.student_id AND a.date = t.date",
        [lo, hi],
    )


def months(first: int, last: int) -> list[dt.date]:
    """The first day of each month between two ordinals."""
    day, end = dt.date.fromordinal(first).replace(day=1), dt.date.fromordinal(last)
    found = []
    while day <= end:
        found.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return found


def partition_name(month: dt.date) -> str:
    return f"earlywarning_attendance_{month:%Y%m}"


def ensure_partitions(first: int, last: int) -> None:
    """One partition per month for the dates given (PostgreSQL only); a school year's retention drops
    its twelve partitions."""
    with connection.cursor() as cursor:
        for month in months(first, last):
            following = (month + dt.timedelta(days=32)).replace(day=1)
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {partition_name(month)} PARTITION OF earlywarning_attendance "
                f"FOR VALUES FROM ('{month}') TO ('{following}')"
            )
