"""Who in the family a document of the student file is communicated to (documents app).

- A child under 14: the guardians (the child has no account of their own here).
- A student of 14 or older (C.c.Q. art. 14: consents alone to care):
  - school file (`scolaire`: report cards, letters, forms): the student and the guardians;
  - dossier d'aide particulière (`aide`: plan, published reports): the student only; the guardians
    only when staff share it with them explicitly (a separate, deliberate choice).
Sharing only ever adds people; "stop sharing" removes everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

SOLO_AGE = 14
SCHOOL = "scolaire"
SUPPORT = "aide"


@dataclass(frozen=True)
class Audience:
    guardians: bool = False
    student: bool = False

    def __or__(self, other: Audience) -> Audience:
        return Audience(self.guardians or other.guardians, self.student or other.student)

    @property
    def anyone(self) -> bool:
        return self.guardians or self.student


def guardians_need_explicit_share(compartment: str, age: int) -> bool:
    """True when the guardians see this document only if staff share it with them on purpose."""
    return age >= SOLO_AGE and compartment != SCHOOL


def audience(compartment: str, age: int, *, guardians_explicit: bool = False) -> Audience:
    """Who a "share with the family" reaches for a document of this compartment and a student this old."""
    if age < SOLO_AGE:
        return Audience(guardians=True)
    guardians = guardians_explicit or not guardians_need_explicit_share(compartment, age)
    return Audience(guardians=guardians, student=True)


def newly_reached(before: Audience, after: Audience) -> Audience:
    """Who is told by e-mail: those who see the document now and did not before."""
    return Audience(
        guardians=after.guardians and not before.guardians, student=after.student and not before.student
    )
