"""Helpers of the document tests."""

from __future__ import annotations

from consents.tests.helpers import make_image, make_pdf
from documents import actions

__all__ = ["make_image", "make_pdf", "upload"]


def upload(
    user,
    student,
    *,
    compartment="aide",
    share=False,
    share_guardians=False,
    data=None,
    title="Rapport de l'orthopédagogue",
):
    return actions.upload_document(
        user,
        student,
        compartment=compartment,
        kind="rapport",
        title=title,
        filename="rapport.pdf",
        data=data if data is not None else make_pdf(),
        share=share,
        share_guardians=share_guardians,
    )
