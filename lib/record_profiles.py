"""What each professional order asks of a professional record (domain notes §4), without the database.

One profile per profession: the order and its regulation on record keeping, the fields required when a
record is opened, the kinds of entries offered, the closing note, and whether a copy to a third party
waits a number of days after the signed authorisation (psychologists, C-26, r. 221).

A reference marked « à confirmer » is a placeholder to be checked with the order; the rules that depend
on it (retention, hold days) are settings, not constants (see eleve360/settings.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Entry kinds (the values of records.models.EntryKind; a test checks they agree).
PROGRESS_NOTE = "progress_note"
EVALUATION_REPORT = "evaluation_report"
INDIRECT_SERVICE = "indirect_service"
CONSENT_NOTE = "consent_note"
RAW_DATA = "raw_data"
ENTRY_KINDS = (PROGRESS_NOTE, EVALUATION_REPORT, INDIRECT_SERVICE, CONSENT_NOTE, RAW_DATA)

# Entries that record a service given to the student: they move the record's "last service" date, from
# which the retention period runs. An indirect service (a call, a meeting about the student) or a note on
# consent does not.
DIRECT_SERVICE_KINDS = frozenset({PROGRESS_NOTE, EVALUATION_REPORT, RAW_DATA})

# Fields asked at opening.
REASONS = "reasons"
PARENT_NAME = "parent_name"

AGE_OF_MAJORITY = 18  # C.c.Q. art. 153

PSYCHOLOGIST = "psychologist"
SPEECH_THERAPIST = "speech_therapist"
PSYCHOEDUCATOR = "psychoeducator"
GUIDANCE_COUNSELLOR = "guidance_counsellor"
REMEDIAL_TEACHER = "remedial_teacher"
SPECIAL_EDUCATION = "special_education"
SOCIAL_WORKER = "social_worker"
NURSE = "nurse"

_BASE_KINDS = (PROGRESS_NOTE, EVALUATION_REPORT, INDIRECT_SERVICE)


@dataclass(frozen=True)
class RecordProfile:
    profession: str
    order: str | Promise  # the order, or a note that the profession has none
    regulation: str | Promise  # the regulation on records, e.g. "C-26, r. 221"
    required_at_opening: tuple[str, ...]
    parent_name_for_minor: bool
    entry_kinds: tuple[str, ...]
    closing_note_required: bool = True
    copy_hold_applies: bool = False

    @property
    def rules_label(self) -> str:
        """'Ordre des psychologues du Québec — C-26, r. 221', shown on the opening form."""
        return f"{self.order} — {self.regulation}" if self.regulation else str(self.order)

    def required_fields(self, student_age: int) -> tuple[str, ...]:
        """The fields to fill when opening a record for a student of this age."""
        if self.parent_name_for_minor and student_age < AGE_OF_MAJORITY:
            return (*self.required_at_opening, PARENT_NAME)
        return self.required_at_opening

    def offers(self, kind: str) -> bool:
        return kind in self.entry_kinds


TO_CONFIRM = _("référence du règlement à confirmer")

PROFILES: dict[str, RecordProfile] = {
    PSYCHOLOGIST: RecordProfile(
        profession=PSYCHOLOGIST,
        order=_("Ordre des psychologues du Québec"),
        regulation="C-26, r. 221",
        required_at_opening=(REASONS,),
        parent_name_for_minor=False,
        entry_kinds=_BASE_KINDS,
        copy_hold_applies=True,
    ),
    SPEECH_THERAPIST: RecordProfile(
        profession=SPEECH_THERAPIST,
        order=_("Ordre des orthophonistes et audiologistes du Québec"),
        regulation="C-26, r. 187",
        required_at_opening=(REASONS,),
        parent_name_for_minor=True,
        entry_kinds=(*_BASE_KINDS, RAW_DATA),
    ),
    GUIDANCE_COUNSELLOR: RecordProfile(
        profession=GUIDANCE_COUNSELLOR,
        order=_("Ordre des conseillers et conseillères d'orientation du Québec"),
        regulation="C-26, r. 71.1",
        required_at_opening=(REASONS,),
        parent_name_for_minor=False,
        entry_kinds=(*_BASE_KINDS, CONSENT_NOTE),
    ),
    PSYCHOEDUCATOR: RecordProfile(
        profession=PSYCHOEDUCATOR,
        order=_("Ordre des psychoéducateurs et psychoéducatrices du Québec"),
        regulation="C-26, r. 207.3",
        required_at_opening=(REASONS,),
        parent_name_for_minor=False,
        entry_kinds=_BASE_KINDS,
    ),
    SOCIAL_WORKER: RecordProfile(
        profession=SOCIAL_WORKER,
        order=_("Ordre des travailleurs sociaux et des thérapeutes conjugaux et familiaux du Québec"),
        regulation=TO_CONFIRM,
        required_at_opening=(REASONS,),
        parent_name_for_minor=False,
        entry_kinds=_BASE_KINDS,
    ),
    NURSE: RecordProfile(
        profession=NURSE,
        order=_("Ordre des infirmières et infirmiers du Québec"),
        regulation=TO_CONFIRM,
        required_at_opening=(REASONS,),
        parent_name_for_minor=False,
        entry_kinds=_BASE_KINDS,
    ),
    REMEDIAL_TEACHER: RecordProfile(
        profession=REMEDIAL_TEACHER,
        order=_("Aucun ordre professionnel : règles de tenue de dossiers du centre de services"),
        regulation="",
        required_at_opening=(REASONS,),
        parent_name_for_minor=False,
        entry_kinds=_BASE_KINDS,
    ),
    SPECIAL_EDUCATION: RecordProfile(
        profession=SPECIAL_EDUCATION,
        order=_("Aucun ordre professionnel : règles de tenue de dossiers du centre de services"),
        regulation="",
        required_at_opening=(REASONS,),
        parent_name_for_minor=False,
        entry_kinds=_BASE_KINDS,
    ),
}


def profile_for(profession: str) -> RecordProfile:
    """The profile of a profession; KeyError for an unknown one (a record needs a profession)."""
    return PROFILES[profession]


def copy_hold_days(profession: str, psychologist_hold_days: int) -> int:
    """Days between the signed authorisation and a copy to a third party (RECORD_COPY_HOLD_DAYS for
    psychologists, C-26, r. 221; none for the others)."""
    return psychologist_hold_days if profile_for(profession).copy_hold_applies else 0


def moves_last_service(kind: str) -> bool:
    return kind in DIRECT_SERVICE_KINDS
