"""The audit scan: candidate confidentiality incidents raised from what the audit trail shows (A-2.1,
art. 63.8; domain notes §9: looking at a file one does not need is an incident). Idempotent: each signal
has a fingerprint, and a candidate is never raised twice (`actions_incidents.raise_candidate`).

Detectors (thresholds in settings, PRIVACY_SCAN_*):
- every break-the-glass access (`students.BreakGlassAccess`);
- one person reading many distinct students within a short window;
- repeated refused reads of student files (`student_access_denied` events);
- access-reason anomalies: a read whose recorded reason does not match the reader's role, a "caseload"
  read when the reader had no caseload for the student that day, a "break_glass" read outside any
  emergency access;
- large exports (an `…export…` event of many rows).
Only metadata goes into a candidate's signal: ids, counts, the period; never what was read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lib.audit_patterns import Burst, Read, bursts, overlaps
from privacy.actions_incidents import raise_candidate
from privacy.models import Detector, Incident

# Which role may hold each reason the authorizer gives (students.authorizer.Reason).
ROLE_OF_REASON = {
    "caseload": "professional",
    "break_glass": "professional",
    "school": "principal",
    "group": "teacher",
    "guardian": "guardian",
    "self": "student",
}


def _users() -> Any:
    from core.models import User

    return User.objects


def _centre_of_user(user_id: int | None, cache: dict[int, int | None]) -> int | None:
    if user_id is None:
        return None
    if user_id not in cache:
        cache[user_id] = _users().filter(pk=user_id).values_list("centre_id", flat=True).first()
    return cache[user_id]


def _student_centres(student_ids: set[int]) -> dict[int, int]:
    from students.models import Student

    return dict(Student.objects.filter(pk__in=student_ids).values_list("pk", "school__centre_id"))


def _target(entry: dict[str, Any], student_type: int) -> int | None:
    if entry["content_type_id"] == student_type:
        try:
            return int(entry["object_pk"])
        except (TypeError, ValueError):
            return None
    data = entry["additional_data"] or {}
    value = data.get("student_id") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def scan(now: dt.datetime | None = None) -> dict[str, int]:
    """Raise the candidates the audit shows; returns how many of each detector were raised this time."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=settings.PRIVACY_SCAN_LOOKBACK_DAYS)
    counts = {
        Detector.BREAK_GLASS: scan_break_glass(),
        Detector.MANY_STUDENTS: 0,
        Detector.DENIED_RETRIES: scan_denials(since),
        Detector.REASON_ANOMALY: 0,
        Detector.LARGE_EXPORT: scan_exports(since),
    }
    counts[Detector.MANY_STUDENTS], counts[Detector.REASON_ANOMALY] = scan_reads(since)
    return {str(k): v for k, v in counts.items()}


def scan_break_glass() -> int:
    from students.models import BreakGlassAccess

    raised = set(Incident.objects.filter(detector=Detector.BREAK_GLASS).values_list("fingerprint", flat=True))
    count = 0
    accesses = BreakGlassAccess.objects.select_related("user", "student__school").order_by("pk")
    for access in accesses.exclude(pk__in=[int(f) for f in raised if f.isdecimal()]):
        centre = access.user.centre_id or access.student.school.centre_id
        signal = {
            "break_glass_id": access.pk,
            "user_id": access.user_id,
            "student_id": access.student_id,
            "opened_at": access.opened_at.isoformat(),
            "reviewed": access.reviewed_at is not None,
        }
        if raise_candidate(
            detector=Detector.BREAK_GLASS,
            fingerprint=str(access.pk),
            centre_id=centre,
            signal=signal,
            subject_user=access.user,
            occurred_on=timezone.localtime(access.opened_at).date(),
        ):
            count += 1
    return count


def _raise_bursts(detector: str, actor_id: int, found: list[Burst], centre_id: int | None, kind: str) -> int:
    if centre_id is None:
        return 0
    existing = [
        (dt.datetime.fromisoformat(s["start"]), dt.datetime.fromisoformat(s["end"]))
        for s in Incident.objects.filter(detector=detector, subject_user_id=actor_id).values_list(
            "signal", flat=True
        )
        if isinstance(s, dict) and "start" in s and "end" in s
    ]
    count = 0
    for burst in found:
        if any(overlaps(burst.start, burst.end, a, b) for a, b in existing):
            continue  # the same episode, seen from a later scan whose window starts elsewhere
        signal = {
            "user_id": actor_id,
            "start": burst.start.isoformat(),
            "end": burst.end.isoformat(),
            "entries": burst.entries,
            kind: len(burst.targets),
            "first_entry_id": burst.first_entry_id,
            "last_entry_id": burst.last_entry_id,
        }
        if raise_candidate(
            detector=detector,
            fingerprint=f"{actor_id}:{burst.first_entry_id}",
            centre_id=centre_id,
            signal=signal,
            subject_user=_users().filter(pk=actor_id).first(),
            occurred_on=timezone.localtime(burst.start).date(),
        ):
            existing.append((burst.start, burst.end))
            count += 1
    return count


def scan_reads(since: dt.datetime) -> tuple[int, int]:
    """Many distinct students read by one person within the window; reason anomalies."""
    student_type = ContentType.objects.get(app_label="students", model="student").pk
    rows = (
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS, timestamp__gte=since, actor__isnull=False)
        .order_by("pk")
        .values("pk", "actor_id", "timestamp", "content_type_id", "object_pk", "additional_data")
    )
    reads: dict[int, list[Read]] = defaultdict(list)
    checks: list[tuple[dict[str, Any], int]] = []
    for entry in rows.iterator(chunk_size=5000):
        target = _target(entry, student_type)
        if target is None:
            continue
        reads[entry["actor_id"]].append(Read(entry["pk"], entry["timestamp"], target))
        reason = (entry["additional_data"] or {}).get("reason")
        if entry["content_type_id"] == student_type and reason in ROLE_OF_REASON:
            checks.append((entry, target))
    window = dt.timedelta(minutes=settings.PRIVACY_SCAN_WINDOW_MINUTES)
    threshold = settings.PRIVACY_SCAN_DISTINCT_STUDENTS
    centres: dict[int, int | None] = {}
    many = 0
    for actor_id, actor_reads in reads.items():
        found = bursts(actor_reads, window=window, threshold=threshold)
        if found:
            centre = _centre_of_user(actor_id, centres) or _student_centres({found[0].targets[0]}).get(
                found[0].targets[0]
            )
            many += _raise_bursts(Detector.MANY_STUDENTS, actor_id, found, centre, "students")
    return many, _reason_anomalies(checks, centres)


def _reason_anomalies(checks: list[tuple[dict[str, Any], int]], centres: dict[int, int | None]) -> int:
    from students.models import BreakGlassAccess, Caseload

    if not checks:
        return 0
    actors = {e["actor_id"] for e, _t in checks}
    roles = dict(_users().filter(pk__in=actors).values_list("pk", "role"))
    students = {t for _e, t in checks}
    caseloads: dict[tuple[int, int], list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for prof, student, start, end in Caseload.objects.filter(
        professional_id__in=actors, student_id__in=students
    ).values_list("professional_id", "student_id", "started_on", "ended_on"):
        caseloads[(prof, student)].append((start, end))
    glass: dict[tuple[int, int], list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for user, student, opened, expires in BreakGlassAccess.objects.filter(
        user_id__in=actors, student_id__in=students
    ).values_list("user_id", "student_id", "opened_at", "expires_at"):
        glass[(user, student)].append((opened, expires))
    student_centres = _student_centres(students)
    count = 0
    for entry, student in checks:
        actor, reason, at = entry["actor_id"], entry["additional_data"]["reason"], entry["timestamp"]
        day = timezone.localtime(at).date()
        problem = None
        if roles.get(actor) != ROLE_OF_REASON[reason]:
            problem = "role"
        elif reason == "caseload" and not any(
            s <= day and (e is None or e >= day) for s, e in caseloads[(actor, student)]
        ):
            problem = "no_caseload"
        elif reason == "break_glass" and not any(o <= at <= x for o, x in glass[(actor, student)]):
            problem = "no_break_glass"
        if problem is None:
            continue
        centre = _centre_of_user(actor, centres) or student_centres.get(student)
        if centre is None:
            continue
        signal = {
            "user_id": actor,
            "student_id": student,
            "entry_id": entry["pk"],
            "reason": reason,
            "problem": problem,
            "at": at.isoformat(),
        }
        if raise_candidate(
            detector=Detector.REASON_ANOMALY,
            fingerprint=str(entry["pk"]),
            centre_id=centre,
            signal=signal,
            subject_user=_users().filter(pk=actor).first(),
            occurred_on=day,
        ):
            count += 1
    return count


def scan_denials(since: dt.datetime) -> int:
    rows = (
        LogEntry.objects.filter(
            timestamp__gte=since, actor__isnull=False, additional_data__event="student_access_denied"
        )
        .order_by("pk")
        .values_list("pk", "actor_id", "timestamp")
    )
    by_actor: dict[int, list[Read]] = defaultdict(list)
    for pk, actor, at in rows.iterator(chunk_size=5000):
        by_actor[actor].append(Read(pk, at, pk))  # each refusal counts, even on the same id
    window = dt.timedelta(minutes=settings.PRIVACY_SCAN_WINDOW_MINUTES)
    centres: dict[int, int | None] = {}
    count = 0
    for actor, refusals in by_actor.items():
        found = bursts(refusals, window=window, threshold=settings.PRIVACY_SCAN_DENIED)
        count += _raise_bursts(
            Detector.DENIED_RETRIES, actor, found, _centre_of_user(actor, centres), "refusals"
        )
    return count


def scan_exports(since: dt.datetime) -> int:
    rows = LogEntry.objects.filter(
        timestamp__gte=since, actor__isnull=False, additional_data__has_key="event"
    )
    centres: dict[int, int | None] = {}
    count = 0
    for pk, actor, at, data in rows.order_by("pk").values_list(
        "pk", "actor_id", "timestamp", "additional_data"
    ):
        event = str(data.get("event", ""))
        if "export" not in event:
            continue
        size = data.get("rows", data.get("count"))
        if not isinstance(size, int) or size < settings.PRIVACY_SCAN_LARGE_EXPORT_ROWS:
            continue
        centre = _centre_of_user(actor, centres)
        if centre is None:
            continue
        if raise_candidate(
            detector=Detector.LARGE_EXPORT,
            fingerprint=str(pk),
            centre_id=centre,
            signal={"user_id": actor, "entry_id": pk, "event": event, "rows": size, "at": at.isoformat()},
            subject_user=_users().filter(pk=actor).first(),
            occurred_on=timezone.localtime(at).date(),
        ):
            count += 1
    return count
