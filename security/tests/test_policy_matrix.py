"""The authorization matrix of every view and API endpoint, generated from one declarative policy
(security/policy.py): role × object × action × relationship, denied by default.

The URL resolver is walked (security/urlwalk.py): a URL name without a policy entry fails the first test,
with the entry to add. Each URL is tried by every person of the cast (and an anonymous visitor) on the
object of Alice's side and on the same kind of object of another school, family or centre; an action that
only takes POST is posted empty, in a savepoint rolled back. A person the policy allows must get through
(200, a redirect that is not the login, a form error); anyone else must be refused (401/403/404). For every
detail URL, an object of another school, family or centre answers exactly as a missing one (same status,
same page): nobody learns that an identifier exists without the right to see it.
"""

from __future__ import annotations

import json
import os
from typing import Any

from security import policy
from security.tests import matrix, world
from security.urlwalk import project_routes


def test_every_url_name_has_a_policy_entry():
    missing = [r for r in project_routes() if r.name not in policy.POLICY]
    assert not missing, (
        "URL sans entrée dans security/policy.py POLICY (refus par défaut, à déclarer) :\n"
        + "\n".join(f'    "{r.name}": Rule(...),  # /{r.route}' for r in missing)
    )
    stale = set(policy.POLICY) - {r.name for r in project_routes()}
    assert not stale, f"Entrées de POLICY sans URL (à retirer) : {sorted(stale)}"


def test_the_policy_never_lets_anyone_reach_another_school_family_or_centre():
    for name, rule in policy.POLICY.items():
        for token in rule.allow:
            _role, _sep, rel = token.partition("@")
            assert rel not in matrix.NEVER_ALLOWED, f"{name}: {token}"


def _persons(cast: Any) -> dict[str, Any]:
    return {p: (None if p == "anonymous" else getattr(cast, p)) for p in matrix.PERSONS}


class Tally:
    def __init__(self) -> None:
        self.cases = self.unexpected_allows = 0
        self.problems: list[str] = []
        self.observed: dict[str, set[str]] = {}


def _check(client: Any, tally: Tally, route: Any, person: str, user: Any, side: str, samples: dict) -> None:
    sample = matrix.sample_of(route)
    obj = None if sample is None else getattr(samples[sample], side)
    if sample is not None and obj is None:
        return
    outcome = matrix.attempt(client, route, matrix.kwargs_for(route, sample, obj))
    tally.cases += 1
    rel = matrix.relationship(person, sample, side)
    token = f"{matrix.ROLE[person]}@{rel}"
    where = f"{route.name} {person}/{side} ({token}) → {outcome.method} {outcome.status}"
    rule = policy.POLICY.get(route.name)
    expected = rule.allows(matrix.ROLE[person], rel) if rule else False
    if outcome.allowed:
        tally.observed.setdefault(route.name, set()).add(token)
    if outcome.allowed is None:
        tally.problems.append(f"réponse inattendue {where}")
    elif outcome.allowed and not expected:
        tally.unexpected_allows += 1
        tally.problems.append(f"AUTORISÉ HORS POLITIQUE {where}")
    elif not outcome.allowed and expected:
        tally.problems.append(f"refusé malgré la politique {where}")
    if sample is not None and rel in matrix.NEVER_ALLOWED and user is not None:
        missing = matrix.attempt(client, route, matrix.kwargs_for(route, sample, obj, missing=True))
        tally.cases += 1
        if (missing.status, missing.body) != (outcome.status, outcome.body):
            tally.problems.append(f"FUITE absent ≠ interdit {where}, absent → {missing.status}")


def _dump(tally: Tally) -> None:
    """ELEVE360_POLICY_DUMP=path writes who got through each URL (to review a new entry)."""
    path = os.environ.get("ELEVE360_POLICY_DUMP")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({k: sorted(v) for k, v in tally.observed.items()}, out, indent=1, sort_keys=True)
            out.write("\n" + "\n".join(tally.problems))


def test_the_matrix_over_every_url(client, cast):
    samples = world.build(cast)
    samples["school"] = world.Sample(cast.sources, cast.laurent)
    tally = Tally()
    routes = sorted(project_routes(), key=lambda r: r.name)
    for route in routes:
        sides = ["-"] if matrix.sample_of(route) is None else ["own", "other"]
        for person, user in _persons(cast).items():
            client.logout()
            if user is not None:
                client.force_login(user)
            for side in sides:
                _check(client, tally, route, person, user, side, samples)
    _dump(tally)
    print(
        f"\nmatrice des URL : {len(routes)} URL, {tally.cases} cas, "
        f"{tally.unexpected_allows} autorisation(s) inattendue(s)"
    )
    assert tally.cases > 3000
    assert not tally.problems, f"{len(tally.problems)} écart(s) :\n" + "\n".join(tally.problems)
