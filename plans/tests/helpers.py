"""Helpers of the plan tests: a plan opened by the principal for Alice, filled, activated, signed."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from plans import actions, signing


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def opened(cast, student=None):
    return actions.open_plan(cast.principal, student or cast.alice)


def filled(cast, student=None, *, responsible=None):
    """Analysis written, one need, one objective with a means the teacher carries out."""
    plan = opened(cast, student)
    plan = actions.update_analysis(
        cast.principal,
        plan,
        strengths="Curieuse, aime les sciences.",
        difficulties="Lecture lente en classe.",
    )
    need = actions.add_need(cast.principal, plan, "Améliorer la fluidité en lecture.")
    objective = actions.add_objective(
        cast.principal,
        plan,
        actions.ObjectiveData(
            text="Lire un texte de 150 mots en 2 minutes.",
            indicator="Mots lus correctement par minute.",
            target="75 mots par minute.",
            due_on=in_days(90),
            need=need,
        ),
    )
    actions.add_means(
        cast.principal,
        plan,
        actions.MeansData(
            objective=objective,
            what="Lecture répétée de courts textes.",
            responsible=responsible
            or (cast.teacher if (student or cast.alice) == cast.alice else cast.principal),
            frequency="Chaque matin",
        ),
    )
    actions.add_means(
        cast.principal,
        plan,
        actions.MeansData(
            objective=objective, what="Lecture du soir à la maison.", responsible_text="Les parents"
        ),
    )
    return refresh(plan)


def active(cast, student=None):
    return actions.activate(cast.principal, filled(cast, student))


def refresh(plan):
    from plans.models import InterventionPlan

    return InterventionPlan.objects.select_related("student", "school_year").get(pk=plan.pk)


def sign(user, plan, agreed=True):
    plan = refresh(plan)
    return signing.sign_plan(user, plan, digest=signing.digest_of(plan), agreed=agreed)
