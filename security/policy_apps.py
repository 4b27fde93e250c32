"""The access policy of appointments (/rendez-vous/, /api/rendez-vous/), early warning (/reperage/) and
portraits (/portraits/), merged into `security.policy.POLICY`. Same tokens and sample world as there
(security/tests/world_apps.py): Alice (15) is served by the psychologist; her appointments are held at
des Sources and nobody else is invited; she books her own (C.c.Q. art. 14: from 14 the student manages
their services, the parent no longer sees them unless invited). The invited teacher and parent, the
parent of a child under 14 and the rooms of a remote session are proven by scheduling/tests/test_matrix.py.
"""

from __future__ import annotations

from security.policy import EVERYONE, FAMILY, SIGNED_IN, Rule, rule

# An appointment: the professional of it, the principal of the school where it is held (time, room,
# people; never the video link), the student of 14 or older.
APPOINTMENT_READERS = rule("principal@own_school", "professional@caseload", "student@self")
# Move, cancel, record the outcome, start the note, confirm the telepractice checklist: its professional.
APPOINTMENT_MANAGER = rule("professional@caseload")
# The professional's own objects (slots, weekly availability, days off): `caseload` is the psychologist
# of Alice's side, their owner; any other professional gets the 404 of a missing one.
OWNER = rule("professional@caseload")
PROFESSIONAL = rule("professional")
# Early warning of a student: staff serving the student (school, group, caseload), never the family.
WARNING_READERS = rule("principal@own_school", "professional@caseload", "teacher@own_group")
# The criteria sets are reference data of the centre: the staff who read the lists, and the manager.
CRITERIA_READERS = rule("manager@centre", "principal@centre", "professional@centre", "teacher@centre")

APPS_POLICY: dict[str, Rule] = {
    # --- /api/rendez-vous/ ------------------------------------------------
    "api:appointment-detail": APPOINTMENT_READERS,
    "api:appointment-list": SIGNED_IN,  # each sees their own list (possibly empty)
    # --- /rendez-vous/ ----------------------------------------------------
    # The week sends the family to its portal and the manager to the travel totals (redirects).
    "scheduling:week": rule("guardian", "manager", "principal", "professional", "student", "teacher"),
    "scheduling:new": PROFESSIONAL,
    "scheduling:detail": APPOINTMENT_READERS,
    "scheduling:outcome": APPOINTMENT_MANAGER,
    "scheduling:cancel": APPOINTMENT_MANAGER,
    "scheduling:cancel_series": APPOINTMENT_MANAGER,  # this session and the later ones of its series
    "scheduling:move": APPOINTMENT_MANAGER,
    "scheduling:start_note": APPOINTMENT_MANAGER,
    "scheduling:readiness": APPOINTMENT_MANAGER,  # on the telepractice appointment
    # The room of a telepractice session: its professional and the student (the principal never).
    "scheduling:join": rule("professional@caseload", "student@self"),
    # A school's calendar (rooms taken): its principal and the professionals who serve it.
    "scheduling:school": rule("principal@own_school", "professional@caseload", "professional@same_school"),
    "scheduling:portal": FAMILY,
    # An empty post names no student: the booking refuses it (403) to everyone. Who may book which slot
    # (the family of a student served by its professional) is proven by scheduling/tests/test_matrix.py.
    "scheduling:book": Rule(),
    # On the appointment Alice booked herself on the psychologist's slot.
    "scheduling:family_move": rule("student@self"),
    "scheduling:family_cancel": rule("student@self"),
    "scheduling:slots": PROFESSIONAL,
    "scheduling:withdraw": OWNER,
    "scheduling:availability": PROFESSIONAL,
    "scheduling:availability_delete": OWNER,
    "scheduling:exception_add": PROFESSIONAL,
    "scheduling:exception_delete": OWNER,
    "scheduling:feed": PROFESSIONAL,
    "scheduling:feed_rotate": PROFESSIONAL,
    "scheduling:feed_revoke": PROFESSIONAL,
    # No session: the secret of the address is the key (an unknown or revoked one: 404).
    "scheduling:feed_ics": EVERYONE,
    "scheduling:travel": PROFESSIONAL,
    "scheduling:travel_totals": rule("manager"),
    # --- /reperage/ -------------------------------------------------------
    "earlywarning:list": rule("principal", "professional", "teacher"),
    "earlywarning:student": WARNING_READERS,
    "earlywarning:tier": rule("principal@own_school"),  # the decision is the principal's (support)
    "earlywarning:factors": WARNING_READERS,  # the copy of the factors, given on the family's request
    "earlywarning:portraits": rule("manager", "principal", "teacher"),
    "earlywarning:criteria": rule("manager", "principal", "professional", "teacher"),
    "earlywarning:criteria_detail": CRITERIA_READERS,
    "earlywarning:criteria_copy": rule("manager@centre"),
    "earlywarning:criteria_activate": rule("manager@centre"),
    "earlywarning:backtest:run": rule("manager"),
    "earlywarning:backtest:sample": rule("manager"),
    "earlywarning:backtest:save": rule("manager"),
    # --- /portraits/ ------------------------------------------------------
    # The index sends each to their portrait: the manager's centre, the principal's school, the
    # teacher's group.
    "insights:index": rule("manager", "principal", "teacher"),
    "insights:floor": SIGNED_IN,  # an empty page of the app (the floor of bench/web.py), no data
    "insights:centre": rule("manager"),
    "insights:centre_export": rule("manager"),
    "insights:school": rule("principal@own_school"),
    "insights:school_export": rule("principal@own_school"),
    "insights:group": rule("principal@own_school", "teacher@own_group"),
    "insights:group_export": rule("principal@own_school", "teacher@own_group"),
    "insights:add_observation": rule("teacher@own_group"),
}
