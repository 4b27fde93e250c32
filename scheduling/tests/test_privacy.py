"""Every scheduling model that holds personal information is declared, in French and in English."""

from django.utils import translation

from privacy.inventory import DECLARATIONS


def test_the_scheduling_declarations_are_translated():
    ours = {k: v for k, v in DECLARATIONS.items() if k.startswith("scheduling.")}
    assert len(ours) == 7
    with translation.override("en"):
        english = {k: str(v.purpose) for k, v in ours.items()}
    with translation.override("fr-ca"):
        french = {k: str(v.purpose) for k, v in ours.items()}
    assert all(english[k] != french[k] for k in ours), english
    assert english["scheduling.appointment"].startswith("Appointments of a service episode")
