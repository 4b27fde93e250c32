"""The declarative access policy of every URL of the project: who may use it, by role and by relationship
to the object the URL names. Denied by default: a URL without an entry fails
security/tests/test_policy_matrix.py, which tries every entry on every person of the test cast.

A token is `role` (any relationship: pages without an object) or `role@relationship`. Relationships, towards
the student the object belongs to: `self`, `own_child`, `own_group` (the teacher of the group), `caseload`
(the professional serving the student, who wrote the record), `own_school` (the principal), `same_school`
(staff of the school without a relationship), `centre` (staff of the service centre), `holder` (whoever
holds the secret of an address that needs no session: a calendar feed), and never
`other_school`, `other_family`, `other_centre` or `none`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    allow: frozenset[str] = frozenset()

    def allows(self, role: str, relationship: str) -> bool:
        return role in self.allow or f"{role}@{relationship}" in self.allow


def rule(*tokens: str) -> Rule:
    return Rule(frozenset(tokens))


DENIED = Rule()
EVERYONE: Rule = rule(
    "anonymous",
    "professional",
    "principal",
    "teacher",
    "coordinator",
    "manager",
    "privacy_officer",
    "guardian",
    "student",
)
SIGNED_IN: Rule = rule(
    "professional", "principal", "teacher", "coordinator", "manager", "privacy_officer", "guardian", "student"
)
FAMILY: Rule = rule("guardian", "student")
# The student file: the family, the principal of the school, the teacher of the group, the professional
# serving the student.
STUDENT_FILE = rule(
    "guardian@own_child", "principal@own_school", "professional@caseload", "student@self", "teacher@own_group"
)
RECORD_AUTHOR = rule("professional@caseload")  # the professional record: its author only
SCHOOL_RUNNER = rule("principal@own_school")  # plans, tiers and interventions are run by the principal
PRIVACY_OFFICER = rule("privacy_officer")
OFFICER_OF_CENTRE = rule("privacy_officer@centre")
# A service request: who filed it and the family, the school's principal, the guichet (coordinator, manager).
REQUEST_READERS = rule(
    "coordinator@centre",
    "guardian@own_child",
    "manager@centre",
    "principal@own_school",
    "student@self",
    "teacher@own_group",
)

# For an action that only takes POST, "allowed" means the endpoint answers the person (a form error, a
# redirect, a 400) instead of refusing (403/404): what the action then accepts is proven by each app's
# own matrix, which posts valid data (records, plans, consents, documents, support, privacy).
POLICY: dict[str, Rule] = {
    # --- /api/ ------------------------------------------------------------
    "api-schema": SIGNED_IN,
    # --- /api/ ------------------------------------------------------------
    "api:consent-detail": rule(
        "principal@own_school", "professional@caseload", "student@self", "teacher@own_group"
    ),
    "api:consent-list": SIGNED_IN,
    "api:document-content": rule(
        "principal@own_school", "professional@caseload", "student@self", "teacher@own_group"
    ),
    "api:document-detail": rule(
        "principal@own_school", "professional@caseload", "student@self", "teacher@own_group"
    ),
    "api:document-list": SIGNED_IN,
    "api:intervention-detail": rule(
        "guardian@own_child", "principal@own_school", "professional@caseload", "student@self"
    ),
    "api:intervention-list": SIGNED_IN,
    "api:plan-detail": rule("principal@own_school", "professional@caseload", "teacher@own_group"),
    "api:plan-list": SIGNED_IN,
    "api:publication-list": SIGNED_IN,
    "api:record-detail": RECORD_AUTHOR,
    "api:record-list": SIGNED_IN,
    "api:request-accept": REQUEST_READERS,
    "api:request-answer": REQUEST_READERS,
    "api:request-ask": REQUEST_READERS,
    "api:request-assign": REQUEST_READERS,
    "api:request-close": REQUEST_READERS,
    "api:request-detail": REQUEST_READERS,
    "api:request-first-service": REQUEST_READERS,
    "api:request-list": rule(
        "coordinator", "guardian", "manager", "principal", "professional", "student", "teacher"
    ),
    "api:request-redirect": REQUEST_READERS,
    "api:request-refuse": REQUEST_READERS,
    "api:request-withdraw": REQUEST_READERS,
    "api:school-detail": rule(
        "coordinator@centre",
        "manager@centre",
        "principal@centre",
        "privacy_officer@centre",
        "professional@centre",
        "teacher@centre",
    ),
    "api:school-list": SIGNED_IN,
    "api:student-detail": STUDENT_FILE,
    "api:student-list": SIGNED_IN,
    "api:tier-decision-detail": rule("principal@own_school", "professional@caseload", "teacher@own_group"),
    "api:tier-decision-list": SIGNED_IN,
    "api:token": rule("coordinator", "manager", "principal", "privacy_officer", "professional", "teacher"),
    "api:waiting-list": rule("coordinator@centre", "manager@centre"),
    "api:waiting-lists": rule("coordinator", "manager"),
    # --- /audit/ ------------------------------------------------------------
    "audit:search": PRIVACY_OFFICER,
    # --- /consentements/ ------------------------------------------------------------
    "consents:cancel": rule("principal@own_school", "professional@caseload"),
    "consents:document": rule("principal@own_school", "professional@caseload", "student@self"),
    "consents:paper": rule("principal@own_school", "professional@caseload"),
    "consents:portal": FAMILY,
    "consents:request": rule("principal@own_school", "professional@caseload"),
    "consents:revoke": rule("principal@own_school", "professional@caseload", "student@self"),
    "consents:sign": rule("student@self"),
    # --- /documents/ ------------------------------------------------------------
    "documents:download": rule(
        "principal@own_school", "professional@caseload", "student@self", "teacher@own_group"
    ),
    "documents:portal": FAMILY,
    "documents:share": rule("principal@own_school", "professional@caseload"),
    "documents:upload": rule("principal@own_school", "professional@caseload"),
    "documents:withdraw": rule("principal@own_school", "professional@caseload"),
    # --- /sante/ ------------------------------------------------------------
    "health": EVERYONE,
    "home": SIGNED_IN,
    # --- /demandes/ ------------------------------------------------------------
    "intake:action": REQUEST_READERS,
    "intake:create": rule(
        "guardian@own_child", "principal@own_school", "professional@caseload", "teacher@own_group"
    ),
    "intake:detail": REQUEST_READERS,
    "intake:export": rule("coordinator", "manager", "principal", "professional", "teacher"),
    "intake:indicators": rule("coordinator", "manager"),
    "intake:list": rule(
        "coordinator", "guardian", "manager", "principal", "professional", "student", "teacher"
    ),
    "intake:settings": rule("manager"),
    "intake:waiting_list": rule("coordinator@centre", "manager@centre"),
    "intake:waiting_lists": rule("coordinator", "manager"),
    # --- /plans/ ------------------------------------------------------------
    "plans:activate": SCHOOL_RUNNER,
    "plans:advance": SCHOOL_RUNNER,
    "plans:analysis": SCHOOL_RUNNER,
    "plans:close": SCHOOL_RUNNER,
    "plans:contact": rule("principal@own_school", "professional@caseload", "teacher@own_group"),
    "plans:detail": rule("principal@own_school", "professional@caseload", "teacher@own_group"),
    "plans:export": rule("manager", "principal"),
    "plans:follow_up": SCHOOL_RUNNER,
    "plans:list": rule("guardian", "principal", "professional", "student", "teacher"),
    "plans:means_add": SCHOOL_RUNNER,
    "plans:means_edit": SCHOOL_RUNNER,
    "plans:need_add": SCHOOL_RUNNER,
    "plans:need_edit": SCHOOL_RUNNER,
    "plans:objective_add": SCHOOL_RUNNER,
    "plans:objective_edit": SCHOOL_RUNNER,
    "plans:open": SCHOOL_RUNNER,
    "plans:paper_signature": SCHOOL_RUNNER,
    "plans:participant_add": SCHOOL_RUNNER,
    "plans:participant_edit": SCHOOL_RUNNER,
    "plans:portal": FAMILY,
    # The world's plans are not shared with the family yet: the portal of a shared plan is proven by
    # plans/tests/test_matrix.py; here, nobody reaches an unshared one.
    "plans:portal_plan": DENIED,
    "plans:request_signatures": SCHOOL_RUNNER,
    "plans:review": SCHOOL_RUNNER,
    # --- /vie-privee/ ------------------------------------------------------------
    "privacy:communication_add": PRIVACY_OFFICER,
    "privacy:communications": PRIVACY_OFFICER,
    "privacy:communications_csv": PRIVACY_OFFICER,
    "privacy:dashboard": PRIVACY_OFFICER,
    "privacy:hold_add": PRIVACY_OFFICER,
    "privacy:hold_release": OFFICER_OF_CENTRE,
    "privacy:incident": OFFICER_OF_CENTRE,
    "privacy:incident_close": OFFICER_OF_CENTRE,
    "privacy:incident_declare": PRIVACY_OFFICER,
    "privacy:incident_dismiss": OFFICER_OF_CENTRE,
    "privacy:incident_edit": OFFICER_OF_CENTRE,
    "privacy:incidents": PRIVACY_OFFICER,
    "privacy:incidents_csv": PRIVACY_OFFICER,
    "privacy:incidents_pdf": PRIVACY_OFFICER,
    "privacy:inventory": PRIVACY_OFFICER,
    "privacy:inventory_csv": PRIVACY_OFFICER,
    "privacy:inventory_md": PRIVACY_OFFICER,
    "privacy:request": OFFICER_OF_CENTRE,
    "privacy:request_add": PRIVACY_OFFICER,
    "privacy:request_answer": OFFICER_OF_CENTRE,
    "privacy:request_copy": OFFICER_OF_CENTRE,
    "privacy:request_extend": OFFICER_OF_CENTRE,
    "privacy:requests": PRIVACY_OFFICER,
    "privacy:retention": PRIVACY_OFFICER,
    "privacy:run": rule("manager@centre", "privacy_officer@centre"),
    "privacy:run_approve": rule("manager@centre", "privacy_officer@centre"),
    "privacy:run_cancel": rule("manager@centre", "privacy_officer@centre"),
    "privacy:run_prepare": PRIVACY_OFFICER,
    "privacy:runs": rule("manager", "privacy_officer"),
    # --- /dossiers/ ------------------------------------------------------------
    "records:attachment": RECORD_AUTHOR,
    "records:attachment_add": RECORD_AUTHOR,
    "records:attachment_remove": RECORD_AUTHOR,
    "records:close": RECORD_AUTHOR,
    "records:detail": RECORD_AUTHOR,
    "records:entry_correct": RECORD_AUTHOR,
    "records:entry_create": RECORD_AUTHOR,
    "records:entry_delete": RECORD_AUTHOR,
    "records:entry_edit": RECORD_AUTHOR,
    "records:entry_sign": RECORD_AUTHOR,
    "records:mine": rule("professional"),
    "records:open": RECORD_AUTHOR,
    "records:publication_withdraw": RECORD_AUTHOR,
    "records:publish": RECORD_AUTHOR,
    "records:share_copy": RECORD_AUTHOR,
    "records:share_professional": RECORD_AUTHOR,
    "records:share_release": RECORD_AUTHOR,
    "records:share_revoke": RECORD_AUTHOR,
    "records:sharing": RECORD_AUTHOR,
    "records:transfer_from": rule("coordinator@centre"),
    "records:transfers": rule("coordinator"),
    # --- /i18n/ ------------------------------------------------------------
    "set_language": EVERYONE,
    # --- /importations/ ------------------------------------------------------------
    "sis:confirm": rule("manager"),
    "sis:import": rule("manager"),
    "sis:preview": rule("manager"),
    # --- /eleves/ ------------------------------------------------------------
    "students:break_glass": rule("professional"),
    "students:break_glass_review": PRIVACY_OFFICER,
    "students:copy": rule("guardian@own_child", "student@self"),
    "students:copy_index": FAMILY,
    "students:copy_json": rule("guardian@own_child", "student@self"),
    "students:copy_pdf": rule("guardian@own_child", "student@self"),
    "students:detail": STUDENT_FILE,
    "students:search": SIGNED_IN,
    # --- /paliers/ ------------------------------------------------------------
    "support:counts": rule("manager"),
    "support:decide": rule("principal@own_school", "professional@caseload"),
    "support:detail": rule(
        "guardian@own_child", "principal@own_school", "professional@caseload", "student@self"
    ),
    "support:list": rule("guardian", "manager", "principal", "professional", "student", "teacher"),
    "support:point": rule("principal@own_school", "professional@caseload"),
    "support:portal": FAMILY,
    "support:portal_detail": rule(
        "guardian@own_child", "principal@own_school", "professional@caseload", "student@self"
    ),
    "support:start": SCHOOL_RUNNER,
    "support:student": rule("principal@own_school", "professional@caseload", "teacher@own_group"),
    "support:tier": SCHOOL_RUNNER,
}

# Appointments, early warning and portraits: their entries live apart (security/policy_apps.py).
from security.policy_apps import APPS_POLICY  # noqa: E402

POLICY |= APPS_POLICY
