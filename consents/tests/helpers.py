"""Helpers of the consent tests: prepare, sign as the portal does, make documents."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone
from fpdf import FPDF
from PIL import Image

from consents import actions, formtext
from lib import consent as logic


def years_ago(years: int, *, days: int = 0) -> dt.date:
    """A birth date that makes a student `years` old today (`days` more)."""
    return logic.born_after_for_age(timezone.localdate(), years) - dt.timedelta(days=days)


def ask(cast, student, scope="evaluation", domain=None, user=None, **extra):
    return actions.request_consent(
        user or cast.psychologist,
        student,
        scope=scope,
        domain=domain,
        explanation=extra.pop("explanation", "Évaluer les difficultés de lecture signalées en classe."),
        **extra,
    )


def sign(user, request, *, agreed=True):
    """Sign as the portal does: with the digest of the text shown today."""
    kind = logic.GUARDIAN if user.role == "guardian" else logic.STUDENT
    digest = formtext.form_text(request, kind, timezone.localdate()).digest()
    return actions.sign_consent(user, request, digest=digest, agreed=agreed)


def make_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Formulaire de consentement signe")
    return bytes(pdf.output())


def make_image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format=fmt)
    return out.getvalue()


def paper(cast, student, *, scan=None, signer_kind="guardian", guardian=None, **extra):
    data = {
        "scope": "services",
        "domain": None,
        "signer_kind": signer_kind,
        "guardian": guardian
        if guardian is not None or signer_kind != "guardian"
        else cast.parent.guardian_profile,
        "signed_on": timezone.localdate(),
        "expires_on": None,
        "shared_with": "",
        "shared_what": "",
        "scan": scan if scan is not None else make_image("PNG"),
    }
    data.update(extra)
    return actions.PaperConsent(**data)
